//! Diff rendering: the inline report of every changed record of a broken JSONL input.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

use mojifix::records::{Format, RecordReport, Settings, process};
use mojifix::report::{Source, inline};
use mojifix_bench::jsonl;

fn report(c: &mut Criterion) {
    let input = jsonl(Some(1));
    let mut reports: Vec<RecordReport> = Vec::new();
    let settings = Settings::new(Format::Jsonl);
    let _ = process::<_, std::io::Sink>(&settings, None, input.as_slice(), None, &mut |r| {
        reports.push(r.clone())
    });
    let source = Source {
        path: "bench.jsonl",
    };
    let mut group = c.benchmark_group("report_inline");
    group.throughput(criterion::Throughput::Elements(reports.len() as u64));
    for (name, color) in [("no_color", false), ("color", true)] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut n = 0;
                for r in &reports {
                    n += inline::render_record(source, black_box(r), color).len();
                }
                n
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20);
    targets = report
}
criterion_main!(benches);
