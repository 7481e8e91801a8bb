//! Times the mojifix library in-process on a JSONL file of `{"text": ...}` records, for
//! `peers/run.py`. Parsing the input happens before the clock starts; only the cleaning
//! is timed, best of `--repeat` runs.
//!
//! ```text
//! timer INPUT.jsonl [--preset default|ftfy|encoding] [--repeat N] [--mode fields|jsonl]
//!       [--threads N] [--out OUT.jsonl] [--per-record TIMES.txt]
//! ```
//!
//! Prints one JSON object: records, bytes (of the cleaned field texts; the whole input
//! for `--mode jsonl`), the best run's CPU seconds (`seconds`; the process's CPU time,
//! which a busy shared machine disturbs far less than wall time) and wall seconds
//! (`wall`), and every run's CPU seconds. With `--threads 2` compare `wall`. `--out` writes each
//! cleaned text as a JSON string per line; `--per-record` writes each record's best
//! time in nanoseconds, one per line (`--mode fields`, one thread).

use std::io::Write;
use std::time::{Duration, Instant};

/// CPU time used by this process so far (all threads).
fn cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// One timed run: (CPU time, wall time).
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration, Duration) {
    let wall = Instant::now();
    let cpu = cpu_time();
    let out = f();
    (out, cpu_time().saturating_sub(cpu), wall.elapsed())
}

use mojifix::records::{self, Format, Settings};
use mojifix::{Options, fix_text};

struct Args {
    input: String,
    preset: String,
    repeat: usize,
    mode: String,
    threads: usize,
    out: Option<String>,
    per_record: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        input: String::new(),
        preset: "default".into(),
        repeat: 3,
        mode: "fields".into(),
        threads: 1,
        out: None,
        per_record: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--preset" => args.preset = value()?,
            "--repeat" => args.repeat = value()?.parse().map_err(|e| format!("{e}"))?,
            "--mode" => args.mode = value()?,
            "--threads" => args.threads = value()?.parse().map_err(|e| format!("{e}"))?,
            "--out" => args.out = Some(value()?),
            "--per-record" => args.per_record = Some(value()?),
            _ if a.starts_with("--") => return Err(format!("unknown flag {a}")),
            _ => args.input = a,
        }
    }
    if args.input.is_empty() {
        return Err("usage: timer INPUT.jsonl [flags]".into());
    }
    args.repeat = args.repeat.max(1);
    Ok(args)
}

fn main() {
    if let Err(e) = run() {
        eprintln!("timer: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let raw = std::fs::read(&args.input).map_err(|e| format!("{}: {e}", args.input))?;
    let options = Options::preset(&args.preset).ok_or("unknown preset")?;
    let mut runs: Vec<Duration> = Vec::new();
    let mut walls: Vec<Duration> = Vec::new();
    let (records, bytes) = match args.mode.as_str() {
        "jsonl" => {
            let settings = Settings {
                options,
                ..Settings::new(Format::Jsonl)
            };
            let mut out = Vec::with_capacity(raw.len() + raw.len() / 8);
            let mut records = 0;
            for _ in 0..args.repeat {
                out.clear();
                let (summary, cpu, wall) = timed(|| {
                    records::process(&settings, None, raw.as_slice(), Some(&mut out), &mut |_| {})
                });
                runs.push(cpu);
                walls.push(wall);
                records = summary.map_err(|e| e.to_string())?.records as usize;
            }
            if let Some(path) = &args.out {
                std::fs::write(path, &out).map_err(|e| format!("{path}: {e}"))?;
            }
            (records, raw.len())
        }
        "fields" => {
            let texts = read_texts(&raw)?;
            let bytes: usize = texts.iter().map(String::len).sum();
            let mut outputs: Vec<String> = Vec::new();
            for _ in 0..args.repeat {
                let (o, cpu, wall) = timed(|| clean_all(&texts, &options, args.threads));
                outputs = o;
                runs.push(cpu);
                walls.push(wall);
            }
            if let Some(path) = &args.out {
                let mut w = std::io::BufWriter::new(
                    std::fs::File::create(path).map_err(|e| format!("{path}: {e}"))?,
                );
                for o in &outputs {
                    let line = serde_json::to_string(o).map_err(|e| e.to_string())?;
                    writeln!(w, "{line}").map_err(|e| e.to_string())?;
                }
                w.flush().map_err(|e| e.to_string())?;
            }
            if let Some(path) = &args.per_record {
                let mut best = vec![u128::MAX; texts.len()];
                // At least three tries: a single one is too often preempted.
                for _ in 0..args.repeat.max(3) {
                    for (i, t) in texts.iter().enumerate() {
                        let start = Instant::now();
                        std::hint::black_box(fix_text(std::hint::black_box(t), &options));
                        best[i] = best[i].min(start.elapsed().as_nanos());
                    }
                }
                let lines: Vec<String> = best.iter().map(u128::to_string).collect();
                std::fs::write(path, lines.join("\n") + "\n")
                    .map_err(|e| format!("{path}: {e}"))?;
            }
            (texts.len(), bytes)
        }
        other => return Err(format!("unknown --mode {other}")),
    };
    let best = runs.iter().min().copied().unwrap_or_default();
    let best_wall = walls.iter().min().copied().unwrap_or_default();
    let all: Vec<String> = runs
        .iter()
        .map(|d| format!("{:.6}", d.as_secs_f64()))
        .collect();
    println!(
        "{{\"records\": {records}, \"bytes\": {bytes}, \"seconds\": {:.6}, \"wall\": {:.6}, \"runs\": [{}], \"threads\": {}}}",
        best.as_secs_f64(),
        best_wall.as_secs_f64(),
        all.join(", "),
        args.threads
    );
    Ok(())
}

/// The `text` field of each JSONL record.
fn read_texts(raw: &[u8]) -> Result<Vec<String>, String> {
    let text = std::str::from_utf8(raw).map_err(|e| e.to_string())?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).map_err(|e| e.to_string())?;
            v.get("text")
                .and_then(|t| t.as_str())
                .map(str::to_owned)
                .ok_or_else(|| "a record without a \"text\" string".to_string())
        })
        .collect()
}

/// Cleans every text, on `threads` threads (contiguous chunks, order kept).
fn clean_all(texts: &[String], options: &Options, threads: usize) -> Vec<String> {
    if threads <= 1 {
        return texts.iter().map(|t| fix_text(t, options)).collect();
    }
    let chunk = texts.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = texts
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|t| fix_text(t, options))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}
