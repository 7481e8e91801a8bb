//! Inputs the fuzzers found, kept as regression tests. Each file in
//! `fuzz/regressions/<target>/` goes through the same check its fuzz target runs
//! (`fuzz/src/lib.rs`, included here so the checks run on stable, without libFuzzer).
//! A new crash input is a new file there.

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod checks;

use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use mojifix::records::Format;

type Check = Box<dyn Fn(&[u8])>;

/// The check a target runs. A record format's target is named after the format
/// (`Format::parse`), so a new format needs no line here.
fn check_for(target: &str) -> Option<Check> {
    Some(match target {
        "detect" => Box::new(checks::check_detect),
        "decode" => Box::new(checks::check_decode),
        "repair" => Box::new(checks::check_repair),
        "report" => Box::new(checks::check_report),
        name => {
            let format = Format::parse(name)?;
            Box::new(move |data| checks::check_records(format, data))
        }
    })
}

/// Runs every saved input and reports every failure, not just the first.
#[test]
fn saved_fuzz_inputs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut failures = Vec::new();
    let mut ran = 0;
    for dir in fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        let target = dir.file_name().unwrap().to_string_lossy().into_owned();
        let check = check_for(&target)
            .unwrap_or_else(|| panic!("no check for fuzz/regressions/{target}: add it"));
        for file in fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            let data = fs::read(&path).unwrap();
            ran += 1;
            if panic::catch_unwind(AssertUnwindSafe(|| check(&data))).is_err() {
                failures.push(path.display().to_string());
            }
        }
    }
    assert!(ran > 0, "no saved inputs under {}", root.display());
    assert!(failures.is_empty(), "failing inputs: {failures:#?}");
}
