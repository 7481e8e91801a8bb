//! The per-field pipeline (`fix_text`) on clean and on broken records: the clean-text
//! scan is the path almost every record takes.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

use mojifix::pipeline::{HtmlMode, is_trivially_clean};
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

/// The check `fix_and_explain` used before `is_trivially_clean`: two passes.
fn two_pass_check(text: &str, options: &Options) -> bool {
    text.is_ascii()
        && !text.bytes().any(|b| {
            (b == b'&' && options.unescape_html != HtmlMode::Never)
                || (b < 0x20 && b != b'\t' && b != b'\n')
                || b == 0x7F
        })
}

/// The clean-ASCII scan alone, on one 1 MB field: the floor under every clean record.
fn scan(c: &mut Criterion) {
    let options = Options::default();
    let line = "The council voted 7-2 on Tuesday to extend the library's opening hours. ";
    let text = line.repeat(1_000_000 / line.len());
    let mut group = c.benchmark_group("ascii_scan_1mb");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("is_trivially_clean", |b| {
        b.iter(|| is_trivially_clean(black_box(&text), &options))
    });
    group.bench_function("two_pass_before", |b| {
        b.iter(|| two_pass_check(black_box(&text), &options))
    });
    group.bench_function("std_from_utf8", |b| {
        b.iter(|| std::str::from_utf8(black_box(text.as_bytes())).is_ok())
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
    targets = scan, pipeline
}
criterion_main!(benches);
