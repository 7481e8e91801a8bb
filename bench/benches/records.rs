//! JSONL and line record handling through `records::process`: scanning, splicing,
//! writing, on clean input and with every tenth record broken.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

use mojifix::records::{Format, Settings, process};
use mojifix_bench::{all_clean, jsonl};

fn run(settings: &Settings, input: &[u8]) -> usize {
    let mut out = Vec::with_capacity(input.len() + 4096);
    let summary = process(settings, None, input, Some(&mut out), &mut |_| {});
    black_box(&summary);
    out.len()
}

fn records(c: &mut Criterion) {
    let mut group = c.benchmark_group("records_process");
    let clean = jsonl(None);
    let broken = jsonl(Some(10));
    let lines = (all_clean().join("\n") + "\n").into_bytes();
    let json = Settings::new(Format::Jsonl);
    let plain = Settings::new(Format::Lines);
    for (name, settings, input) in [
        ("jsonl_clean", &json, &clean),
        ("jsonl_broken10", &json, &broken),
        ("lines_clean", &plain, &lines),
    ] {
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function(name, |b| b.iter(|| run(settings, black_box(input))));
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20);
    targets = records
}
criterion_main!(benches);
