//! Record formats end to end through the real binary: every fixture under
//! `fixtures/formats/` round-trips, CSV/refer/RIS specifics, output encodings, directories,
//! parallel runs, and in-place writing that never loses the original.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn mojifix() -> Command {
    Command::cargo_bin("mojifix").unwrap()
}

/// The `<case>.in.<ext>` fixtures with their `<case>.out.<ext>`.
fn cases() -> Vec<(PathBuf, PathBuf)> {
    let mut cases: Vec<(PathBuf, PathBuf)> = fs::read_dir("fixtures/formats")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".in."))
        .map(|p| {
            let out = PathBuf::from(p.to_string_lossy().replace(".in.", ".out."));
            (p, out)
        })
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_format_fixture_fixes_to_its_out_file_and_out_files_round_trip() {
    let cases = cases();
    let exts: Vec<String> = cases
        .iter()
        .map(|(p, _)| p.extension().unwrap().to_string_lossy().into_owned())
        .collect();
    for ext in ["csv", "tsv", "enw", "ris", "jsonl"] {
        assert!(exts.iter().any(|e| e == ext), "no fixture for .{ext}");
    }
    let mut failures = Vec::new();
    for (input, output) in &cases {
        let want = fs::read(output).unwrap();
        let got = mojifix().arg("fix").arg(input).output().unwrap();
        if !got.status.success() || got.stdout != want {
            failures.push(format!(
                "fix {}: status {:?}, stderr {}",
                input.display(),
                got.status.code(),
                String::from_utf8_lossy(&got.stderr)
            ));
        }
        // Nothing to fix: the output is the input, byte for byte.
        let again = mojifix().arg("fix").arg(output).output().unwrap();
        if !again.status.success() || again.stdout != want {
            failures.push(format!("round trip of {} changed it", output.display()));
        }
        let clean = mojifix().arg("diff").arg(output).output().unwrap();
        if clean.status.code() != Some(0) || !clean.stdout.is_empty() {
            failures.push(format!("diff {} is not clean", output.display()));
        }
        let dirty = mojifix().arg("diff").arg(input).output().unwrap();
        if dirty.status.code() != Some(1) {
            failures.push(format!("diff {} found nothing", input.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn record_counts_in_equal_out_per_format() {
    let want = [
        ("articles.in.csv", 3),
        ("endnote.in.enw", 3),
        ("library.in.ris", 3),
        ("nested.in.jsonl", 4),
        ("titles.in.tsv", 3),
    ];
    for (name, records) in want {
        let out = mojifix()
            .args(["diff", "--json"])
            .arg(Path::new("fixtures/formats").join(name))
            .output()
            .unwrap();
        let last = String::from_utf8(out.stdout).unwrap();
        let summary: serde_json::Value =
            serde_json::from_str(last.lines().last().unwrap()).unwrap();
        assert_eq!(summary["data"]["records"], records, "{name}");
    }
}

#[test]
fn refer_format_on_the_seed_record_matches_lines_and_names_x() {
    let lines = mojifix()
        .args(["fix", "fixtures/seed-record.txt"])
        .output()
        .unwrap();
    let refer = mojifix()
        .args(["fix", "--format", "refer", "fixtures/seed-record.txt"])
        .output()
        .unwrap();
    assert!(refer.status.success());
    assert_eq!(refer.stdout, lines.stdout);
    assert_eq!(
        refer.stdout,
        fs::read("fixtures/seed-record.fixed.txt").unwrap()
    );
    let diff = mojifix()
        .args([
            "diff",
            "--color",
            "never",
            "--format",
            "refer",
            "fixtures/seed-record.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(diff.status.code(), Some(1));
    let stdout = String::from_utf8(diff.stdout).unwrap();
    assert_eq!(
        stdout
            .matches("fixtures/seed-record.txt:1 %X (latin-1 → GBK")
            .count(),
        3,
        "{stdout}"
    );
}

#[test]
fn refer_blocks_keep_blank_lines_and_continuations() {
    let input = "\n\n%0 Book\n%T Les cafÃ©s\nde Paris\n\n\n%0 Book\n%T ok\n\n\n";
    mojifix()
        .args(["fix", "--format", "refer"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout("\n\n%0 Book\n%T Les cafés\nde Paris\n\n\n%0 Book\n%T ok\n\n\n");
}

#[test]
fn ris_names_two_letter_tags() {
    mojifix()
        .args(["diff", "--color", "never", "--format", "ris"])
        .write_stdin("TY  - JOUR\r\nT1  - cafÃ©\r\nER  - \r\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("-:2 T1 (windows-1252 → UTF-8"));
}

#[test]
fn csv_keeps_bom_quoting_and_header() {
    // The header is never cleaned, an unquoted field stays unquoted, a quoted one stays
    // quoted, and a field whose new value needs quotes gets them.
    let input = "\u{feff}cafÃ©,b\r\ncafÃ©,\"cafÃ©\"\r\n";
    mojifix()
        .args(["fix", "--format", "csv"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout("\u{feff}cafÃ©,b\r\ncafé,\"café\"\r\n");
}

#[test]
fn csv_columns_by_name_or_index() {
    let input = "id,title,note\n1,cafÃ©,cafÃ©\n";
    mojifix()
        .args(["fix", "--format", "csv", "--columns", "title"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout("id,title,note\n1,café,cafÃ©\n");
    mojifix()
        .args(["fix", "--format", "csv", "--columns", "2"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout("id,title,note\n1,cafÃ©,café\n");
    mojifix()
        .args(["fix", "--format", "csv", "--columns", "nope"])
        .write_stdin(input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no column named \"nope\""));
}

#[test]
fn csv_ragged_row_is_an_error_with_its_row_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.csv");
    fs::write(&path, "a,b\n1,2\n\"x\ny\",2,3\n").unwrap();
    mojifix()
        .arg("fix")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "r.csv, record 2, line 3, byte 8: ragged row: expected 2 fields, got 3",
        ));
    mojifix()
        .args(["fix", "--allow-ragged"])
        .arg(&path)
        .assert()
        .success()
        .stdout("a,b\n1,2\n\"x\ny\",2,3\n");
}

#[test]
fn csv_bad_quoting_stops_the_file_or_passes_with_keep_going() {
    let input = "a,b\n\"x\"y,cafÃ©\n1,cafÃ©\n";
    mojifix()
        .args(["fix", "--format", "csv"])
        .write_stdin(input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "record 1, line 2, byte 7: invalid CSV: text after the closing quote",
        ));
    mojifix()
        .args(["fix", "--format", "csv", "--keep-going"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout("a,b\n\"x\"y,cafÃ©\n1,café\n");
    // --strict is the default made explicit; it cannot be combined with --keep-going.
    mojifix()
        .args(["fix", "--format", "csv", "--strict", "--keep-going"])
        .write_stdin(input)
        .assert()
        .code(2);
}

#[test]
fn to_encoding_writes_legacy_bytes() {
    mojifix()
        .args(["fix", "--to", "windows-1252"])
        .write_stdin("cafÃ©\nnaïve\n")
        .assert()
        .success()
        .stdout(&b"caf\xe9\nna\xefve\n"[..]);
}

#[test]
fn to_encoding_unencodable_char_names_record_and_field() {
    mojifix()
        .args(["fix", "--to", "latin-1", "--format", "csv"])
        .write_stdin("id,title\n1,ok\n2,TNF-¦Á\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("record 2"))
        .stderr(predicate::str::contains(
            "'α' (U+03B1) cannot be written in ISO-8859-1 (field title)",
        ));
}

#[test]
fn directory_diff_reports_every_format() {
    let out = mojifix()
        .args(["diff", "--color", "never", "fixtures/formats/"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "articles.in.csv:2 title (windows-1252 → UTF-8",
        "endnote.in.enw:8 %X (latin-1 → GBK",
        "library.in.ris:2 TI (windows-1251 → UTF-8",
        "nested.in.jsonl:2 authors[].affil.city",
        "titles.in.tsv:4 title (GBK → UTF-8",
    ] {
        assert!(stdout.contains(needle), "missing {needle:?} in\n{stdout}");
    }
    assert!(!stdout.contains(".out."), "clean files reported:\n{stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("10 file(s), 32 record(s), 11 changed, 26 change(s)"),
        "{stderr}"
    );
}

#[test]
fn directories_skip_hidden_and_ignored_files_and_apply_globs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir(root.join(".git")).unwrap();
    fs::write(root.join(".gitignore"), "ignored.txt\n").unwrap();
    fs::create_dir(root.join("sub")).unwrap();
    for name in [
        "a.txt",
        "ignored.txt",
        ".hidden.txt",
        "sub/b.csv",
        "sub/c.txt",
    ] {
        let body = if name.ends_with(".csv") {
            "h\ncafÃ©\n"
        } else {
            "cafÃ©\n"
        };
        fs::write(root.join(name), body).unwrap();
    }
    let listed = |extra: &[&str]| -> String {
        let out = mojifix()
            .args(["diff", "--color", "never"])
            .args(extra)
            .arg(root)
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let mut names: Vec<String> = stdout
            .lines()
            .filter(|l| !l.starts_with(' '))
            .map(|l| {
                let path = l.split(':').next().unwrap();
                Path::new(path)
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.dedup();
        names.join(" ")
    };
    assert_eq!(listed(&[]), "a.txt sub/b.csv sub/c.txt");
    assert_eq!(listed(&["--include", "*.csv"]), "sub/b.csv");
    assert_eq!(listed(&["--exclude", "sub"]), "a.txt");
}

#[test]
fn in_place_rewrites_every_file_of_a_directory_with_backups() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for (input, _) in cases() {
        fs::copy(&input, root.join(input.file_name().unwrap())).unwrap();
    }
    fs::write(root.join("clean.txt"), "nothing to do\n").unwrap();
    mojifix()
        .args(["fix", "--in-place", "--backup", ".orig", "--threads", "2"])
        .arg(root)
        .assert()
        .success()
        .stdout("");
    for (input, output) in cases() {
        let name = input.file_name().unwrap();
        assert_eq!(
            fs::read(root.join(name)).unwrap(),
            fs::read(&output).unwrap(),
            "{}",
            name.to_string_lossy()
        );
        let mut backup = name.to_os_string();
        backup.push(".orig");
        assert_eq!(
            fs::read(root.join(backup)).unwrap(),
            fs::read(&input).unwrap()
        );
    }
    assert_eq!(
        fs::read_to_string(root.join("clean.txt")).unwrap(),
        "nothing to do\n"
    );
    let temps: Vec<_> = fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("mojifix"))
        .collect();
    assert!(temps.is_empty(), "{temps:?}");
}

/// A file big enough that fixing it takes a while: mojibake on every third line.
fn big_input(lines: usize) -> (String, String) {
    let mut input = String::new();
    let mut fixed = String::new();
    for i in 0..lines {
        if i % 3 == 0 {
            input.push_str(&format!(
                "{i}\tcafÃ© number {i}, with ordinary text around it\n"
            ));
            fixed.push_str(&format!(
                "{i}\tcafé number {i}, with ordinary text around it\n"
            ));
        } else {
            let line = format!("{i}\tplain line {i} of ordinary ascii text that needs nothing\n");
            input.push_str(&line);
            fixed.push_str(&line);
        }
    }
    (input, fixed)
}

#[test]
fn parallel_runs_keep_record_order() {
    let (input, fixed) = big_input(30_000);
    for threads in ["1", "4"] {
        let out = mojifix()
            .args(["fix", "--threads", threads])
            .write_stdin(input.clone())
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(out.stdout == fixed.as_bytes(), "--threads {threads}");
        // Not a terminal: no progress bar, nothing on stderr.
        assert!(out.stderr.is_empty());
    }
}

#[test]
fn failing_in_place_run_leaves_the_original_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.jsonl");
    let mut original = Vec::new();
    for i in 0..2000 {
        original.extend_from_slice(format!("{{\"n\":{i},\"t\":\"cafÃ©\"}}\n").as_bytes());
    }
    original.extend_from_slice(b"{\"n\":2000,\"t\":\"broken\"\n");
    for i in 2001..4000 {
        original.extend_from_slice(format!("{{\"n\":{i},\"t\":\"cafÃ©\"}}\n").as_bytes());
    }
    fs::write(&path, &original).unwrap();
    mojifix()
        .args(["fix", "--in-place", "--backup", ".bak"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("records.jsonl, record 2001"));
    assert!(fs::read(&path).unwrap() == original);
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["records.jsonl"], "no temp or backup file left");
}

#[test]
fn killed_in_place_run_leaves_the_original_or_the_whole_result() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    let (input, fixed) = big_input(300_000);
    fs::write(&path, &input).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("mojifix");
    let mut child = std::process::Command::new(bin)
        .args(["fix", "--in-place", "--threads", "1"])
        .arg(&path)
        .spawn()
        .unwrap();
    let started = Instant::now();
    // Wait until the run holds its output file open beside the original (on Linux, an
    // anonymous O_TMPFILE shown as `dir/#NNN (deleted)`), so the kill lands mid-write.
    let writing = |pid: u32| -> bool {
        let Ok(fds) = fs::read_dir(format!("/proc/{pid}/fd")) else {
            return false;
        };
        fds.filter_map(|fd| fs::read_link(fd.ok()?.path()).ok())
            .any(|target| target.starts_with(dir.path()) && target != path)
    };
    while !writing(child.id()) && started.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(5));
    }
    if cfg!(target_os = "linux") {
        assert!(writing(child.id()), "the run never opened its output file");
    }
    std::thread::sleep(Duration::from_millis(100));
    let was_running = child.try_wait().unwrap().is_none();
    // Child::kill sends SIGKILL on Unix: no destructor, no cleanup runs.
    child.kill().unwrap();
    child.wait().unwrap();
    let now = fs::read(&path).unwrap();
    if was_running {
        assert!(
            now == input.as_bytes() || now == fixed.as_bytes(),
            "killed after {:?}: file is neither the original nor the result",
            started.elapsed()
        );
    } else {
        assert!(now == fixed.as_bytes(), "finished run must give the result");
    }
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["big.txt"], "a temporary file was left behind");
    assert!(
        was_running,
        "the run ended before the kill; make the input bigger"
    );
}

#[test]
fn docs_show_the_real_directory_report() {
    let out = mojifix()
        .args(["diff", "--color", "never", "fixtures/formats/"])
        .output()
        .unwrap();
    let report = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
    let docs = fs::read_to_string("docs/records.md").unwrap();
    // Margins move whenever the plausibility model is tuned; everything else must match.
    let without_margins = |s: &str| {
        s.split("margin ")
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part.to_owned()
                } else {
                    part.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-')
                        .to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("margin N")
    };
    let (report, docs) = (without_margins(&report), without_margins(&docs));
    assert!(
        docs.contains(&report),
        "docs/records.md is out of date; the report is now:\n{report}"
    );
}

#[test]
fn in_place_directory_with_a_bad_file_fixes_the_others_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("a.txt"), "cafÃ©\n").unwrap();
    fs::write(root.join("b.jsonl"), "{\"a\":\"cafÃ©\"}\n{\"a\":}\n").unwrap();
    fs::write(root.join("c.ris"), "TY  - JOUR\nTI  - cafÃ©\nER  - \n").unwrap();
    mojifix()
        .args(["fix", "--in-place"])
        .arg(root)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "b.jsonl, record 2, byte 21: invalid JSON",
        ));
    assert_eq!(fs::read_to_string(root.join("a.txt")).unwrap(), "café\n");
    assert_eq!(
        fs::read_to_string(root.join("b.jsonl")).unwrap(),
        "{\"a\":\"cafÃ©\"}\n{\"a\":}\n"
    );
    assert_eq!(
        fs::read_to_string(root.join("c.ris")).unwrap(),
        "TY  - JOUR\nTI  - café\nER  - \n"
    );
    assert_eq!(fs::read_dir(root).unwrap().count(), 3);
}
