//! Times detection in-process over files, with no process start-up or output cost:
//! `cargo run --release --example detect_time -- [--rounds N] [--prefix N] [--answers]
//! [--slowest N] FILE...`
//!
//! Prints files/s (best round of N) and, with `--answers`, one line per file
//! (path, encoding, confidence), so two builds can be checked for identical answers;
//! `--slowest N` lists the N files that took longest.
//! `--prefix N` gives the detector the first N bytes, as the corpus harness's prefix
//! modes do (with the declared charset ignored, like `--ignore-declared`).
use std::time::Instant;

fn main() {
    let mut rounds = 5usize;
    let mut prefix: Option<usize> = None;
    let mut answers = false;
    let mut slowest = 0usize;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--rounds" => rounds = args.next().and_then(|n| n.parse().ok()).unwrap_or(5),
            "--prefix" => prefix = args.next().and_then(|n| n.parse().ok()),
            "--answers" => answers = true,
            "--slowest" => slowest = args.next().and_then(|n| n.parse().ok()).unwrap_or(10),
            _ => paths.push(a),
        }
    }
    let files: Vec<(String, Vec<u8>)> = paths
        .into_iter()
        .filter_map(|p| {
            let mut bytes = std::fs::read(&p).ok()?;
            if let Some(n) = prefix {
                bytes.truncate(n);
            }
            Some((p, bytes))
        })
        .collect();
    let options = mojifix::detect::DetectOptions {
        hint: None,
        use_declared: prefix.is_none(),
    };
    // Tables and memos built first, as the Python binding does on import: the rounds
    // time detection itself.
    mojifix::detect::prepare();
    let mut best = f64::INFINITY;
    let mut last = Vec::new();
    for _ in 0..rounds.max(1) {
        let t0 = Instant::now();
        last = files
            .iter()
            .map(|(_, b)| mojifix::detect::detect_with(b, &options))
            .collect();
        best = best.min(t0.elapsed().as_secs_f64());
    }
    if slowest > 0 {
        // One more round, timing each file, to show where the time goes.
        let mut each: Vec<(f64, &str, usize)> = files
            .iter()
            .map(|(p, b)| {
                let t0 = Instant::now();
                std::hint::black_box(mojifix::detect::detect_with(b, &options));
                (t0.elapsed().as_secs_f64(), p.as_str(), b.len())
            })
            .collect();
        each.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (t, p, n) in each.iter().take(slowest) {
            eprintln!("{:8.3} ms {n:9} B {p}", t * 1e3);
        }
    }
    if answers {
        for ((p, _), d) in files.iter().zip(&last) {
            println!("{p}\t{}\t{:.6}", d.encoding, d.confidence);
        }
    }
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    eprintln!(
        "{} files, {} bytes: best of {rounds}: {:.1} ms, {:.0} files/s",
        files.len(),
        bytes,
        best * 1e3,
        files.len() as f64 / best
    );
}
