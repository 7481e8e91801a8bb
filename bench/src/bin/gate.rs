//! Which clean tokens enter the repair search? Times `repair::repair` on every distinct
//! non-ASCII whitespace token of the clean fixtures (best of 5). A token the cheap gate
//! lets through costs well under a microsecond; one that enters the candidate search
//! costs tens. Prints the share searched per language, the time they take, and the
//! characters most often seen in searched tokens.
//!
//! `cargo run --release --bin gate [THRESHOLD_NS]` (from bench/; default 2000 ns)

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use mojifix::repair::repair;
use mojifix_bench::clean_lines;

fn main() {
    let threshold: u128 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000);
    let mut total_ns: u128 = 0;
    let mut searched_ns: u128 = 0;
    let mut chars: HashMap<char, (usize, usize)> = HashMap::new();
    let mut by_lang: BTreeMap<String, (usize, usize, Vec<String>)> = BTreeMap::new();
    for (lang, lines) in clean_lines() {
        let mut seen = std::collections::HashSet::new();
        for line in &lines {
            for token in line.split([' ', '\t']) {
                if token.is_ascii() || !seen.insert(token.to_owned()) {
                    continue;
                }
                let mut best = u128::MAX;
                for _ in 0..5 {
                    let start = Instant::now();
                    std::hint::black_box(repair(std::hint::black_box(token)));
                    best = best.min(start.elapsed().as_nanos());
                }
                total_ns += best;
                let searched = best > threshold;
                let entry = by_lang.entry(lang.clone()).or_default();
                entry.0 += 1;
                if searched {
                    searched_ns += best;
                    entry.1 += 1;
                    if entry.2.len() < 6 {
                        entry.2.push(token.to_owned());
                    }
                }
                for c in token.chars().filter(|c| !c.is_ascii()) {
                    let e = chars.entry(c).or_default();
                    if searched {
                        e.0 += 1;
                    } else {
                        e.1 += 1;
                    }
                }
            }
        }
    }
    let (tokens, searched): (usize, usize) = by_lang
        .values()
        .fold((0, 0), |(a, b), v| (a + v.0, b + v.1));
    println!(
        "distinct non-ASCII tokens: {tokens}; searched (> {threshold} ns): {searched} ({:.1}%), \
         taking {:.1}% of the repair time",
        100.0 * searched as f64 / tokens.max(1) as f64,
        100.0 * searched_ns as f64 / total_ns.max(1) as f64
    );
    println!(
        "mean per token: searched {:.2} us, gated {:.3} us",
        searched_ns as f64 / searched.max(1) as f64 / 1000.0,
        (total_ns - searched_ns) as f64 / (tokens - searched).max(1) as f64 / 1000.0
    );
    for (lang, (n, s, examples)) in &by_lang {
        println!(
            "  {lang:<8} {s:>4}/{n:<4} ({:>5.1}%)  {}",
            100.0 * *s as f64 / (*n).max(1) as f64,
            examples.join("  ")
        );
    }
    // Characters that appear mostly in searched tokens: likely gate triggers.
    let mut ranked: Vec<(char, usize, usize)> =
        chars.into_iter().map(|(c, (s, g))| (c, s, g)).collect();
    ranked.retain(|&(_, s, _)| s >= 3);
    ranked.sort_by(|a, b| {
        let ra = a.1 as f64 / (a.1 + a.2) as f64;
        let rb = b.1 as f64 / (b.1 + b.2) as f64;
        rb.total_cmp(&ra).then(b.1.cmp(&a.1))
    });
    println!("characters seen mostly in searched tokens (char U+XXXX searched/total):");
    let line: Vec<String> = ranked
        .iter()
        .take(40)
        .map(|(c, s, g)| format!("{c} U+{:04X} {s}/{}", *c as u32, s + g))
        .collect();
    for chunk in line.chunks(5) {
        println!("  {}", chunk.join("   "));
    }
}
