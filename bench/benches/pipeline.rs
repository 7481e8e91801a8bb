//! The per-field pipeline (`fix_text`) on clean and on broken records: the clean-text
//! scan is the path almost every record takes.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

use mojifix::{Options, fix_text};
use mojifix_bench::{all_broken, all_clean};

fn bench(c: &mut Criterion, name: &str, records: &[String], options: &Options) {
    let bytes: usize = records.iter().map(String::len).sum();
    let mut group = c.benchmark_group("fix_text");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(name, |b| {
        b.iter(|| {
            for r in records {
                black_box(fix_text(black_box(r), options));
            }
        })
    });
    group.finish();
}

fn pipeline(c: &mut Criterion) {
    let options = Options::default();
    let clean = all_clean();
    let ascii: Vec<String> = clean.iter().filter(|l| l.is_ascii()).cloned().collect();
    let ascii_long = vec![ascii.join(" ").repeat(20)];
    bench(c, "clean_multilingual", &clean, &options);
    bench(c, "clean_ascii_records", &ascii, &options);
    bench(c, "clean_ascii_one_long_field", &ascii_long, &options);
    bench(c, "broken_every_record", &all_broken(), &options);
    bench(
        c,
        "clean_multilingual_ftfy_preset",
        &clean,
        &Options::ftfy(),
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20);
    targets = pipeline
}
criterion_main!(benches);
