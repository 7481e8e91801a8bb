//! Encoding detection on 64 KiB inputs: valid UTF-8 (the common case, a SIMD scan) and
//! legacy bytes (the full chardetng-style model).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

use mojifix::{Charset, detect};
use mojifix_bench::clean_lines;

fn sample(langs: &[&str], encoding: &str) -> Vec<u8> {
    let all = clean_lines();
    let mut text = String::new();
    for (lang, lines) in &all {
        if langs.contains(&lang.as_str()) {
            text.push_str(&lines.join("\n"));
            text.push('\n');
        }
    }
    let text = text.repeat((65536 / text.len().max(1)) + 1);
    let mut bytes = Charset::for_label(encoding)
        .and_then(|c| c.encode(&text))
        .unwrap_or_else(|| text.into_bytes());
    // Cut at a line end, never inside a multi-byte character.
    let end = bytes[..65536.min(bytes.len())]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(bytes.len(), |i| i + 1);
    bytes.truncate(end);
    bytes
}

fn detection(c: &mut Criterion) {
    let mut group = c.benchmark_group("detect_64k");
    for (name, langs, encoding) in [
        (
            "utf8_multilingual",
            &["de", "ru", "ja", "ar", "el"][..],
            "UTF-8",
        ),
        ("windows-1252_german", &["de"][..], "windows-1252"),
        ("windows-1251_russian", &["ru"][..], "windows-1251"),
        ("gbk_chinese", &["zh-hans"][..], "GBK"),
        ("shift_jis_japanese", &["ja"][..], "Shift_JIS"),
    ] {
        let bytes = sample(langs, encoding);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| b.iter(|| black_box(detect(black_box(&bytes)))));
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20);
    targets = detection
}
criterion_main!(benches);
