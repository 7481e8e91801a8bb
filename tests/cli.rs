//! The real binary on the shipped fixtures: stdout, stderr and exit codes.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;

fn mojifix() -> Command {
    Command::cargo_bin("mojifix").unwrap()
}

#[test]
fn fix_restores_the_seed_record_byte_for_byte() {
    let expected = fs::read("fixtures/seed-record.fixed.txt").unwrap();
    let out = mojifix()
        .args(["fix", "fixtures/seed-record.txt"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(out.stdout, expected);
}

#[test]
fn diff_lists_the_three_seed_changes_and_exits_1() {
    let out = mojifix()
        .args(["diff", "--color", "never", "fixtures/seed-record.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.matches("latin-1 → GBK").count(), 3, "{stdout}");
    assert_eq!(stdout.matches("[-¦Á-]").count(), 2);
    assert_eq!(stdout.matches("{+α+}").count(), 2);
    assert_eq!(stdout.matches("[-¨C-]").count(), 1);
    assert_eq!(stdout.matches("{+–+}").count(), 1);
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("3 change(s)")
    );
}

#[test]
fn diff_on_the_fixed_record_exits_0() {
    mojifix()
        .args(["diff", "fixtures/seed-record.fixed.txt"])
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn jsonl_fixes_strings_and_keeps_the_rest() {
    mojifix()
        .args(["fix", "--jsonl"])
        .write_stdin("{\"text\":\"cafÃ©\",\"n\":1}\n")
        .assert()
        .success()
        .stdout("{\"text\":\"café\",\"n\":1}\n");
}

#[test]
fn jsonl_seed_record_as_a_field() {
    let seed = fs::read_to_string("fixtures/seed-record.txt").unwrap();
    let fixed = fs::read_to_string("fixtures/seed-record.fixed.txt").unwrap();
    let line = serde_json::json!({ "id": 7, "record": seed }).to_string() + "\n";
    let want = serde_json::json!({ "id": 7, "record": fixed }).to_string() + "\n";
    mojifix()
        .args(["fix", "--jsonl"])
        .write_stdin(line)
        .assert()
        .success()
        .stdout(want);
}

#[test]
fn jsonl_fields_select_what_is_fixed() {
    mojifix()
        .args(["fix", "--jsonl", "--fields", "a"])
        .write_stdin("{\"a\":\"cafÃ©\",\"b\":\"cafÃ©\"}\n")
        .assert()
        .success()
        .stdout("{\"a\":\"café\",\"b\":\"cafÃ©\"}\n");
}

#[test]
fn bad_json_names_file_line_and_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.jsonl");
    fs::write(&path, "{\"a\":\"x\"}\n{\"a\": nope}\n").unwrap();
    mojifix()
        .args(["fix"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.jsonl, record 2, byte 16: invalid JSON",
        ));
}

#[test]
fn invalid_utf8_is_an_error_with_offset() {
    mojifix()
        .args(["fix"])
        .write_stdin(&b"fine\nbroken \xe9 here\n"[..])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("record 2, byte 12"))
        .stderr(predicate::str::contains("not valid UTF-8"));
}

#[test]
fn from_decodes_legacy_input() {
    mojifix()
        .args(["fix", "--from", "windows-1252"])
        .write_stdin(&b"caf\xe9\n"[..])
        .assert()
        .success()
        .stdout("café\n");
}

#[test]
fn unknown_encoding_is_a_clear_error() {
    mojifix()
        .args(["fix", "--from", "klingon-8"])
        .write_stdin("x\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown encoding \"klingon-8\""));
}

#[test]
fn unreadable_file_is_an_error() {
    mojifix()
        .args(["fix", "no/such/file.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read no/such/file.txt"));
}

#[test]
fn output_file_is_only_replaced_on_success() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.txt");
    fs::write(&out, "precious").unwrap();
    mojifix()
        .args(["fix", "--jsonl", "-o"])
        .arg(&out)
        .write_stdin("{\"a\":\"cafÃ©\"}\nnot json\n")
        .assert()
        .code(2);
    assert_eq!(fs::read_to_string(&out).unwrap(), "precious");
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temp file left behind"
    );
    mojifix()
        .args(["fix", "-o"])
        .arg(&out)
        .write_stdin("cafÃ©\n")
        .assert()
        .success();
    assert_eq!(fs::read_to_string(&out).unwrap(), "café\n");
}

#[test]
fn lines_keep_count_order_and_endings() {
    mojifix()
        .args(["fix"])
        .write_stdin("one\r\ncafÃ©\r\n\nlast")
        .assert()
        .success()
        .stdout("one\r\ncafé\r\n\nlast");
}

#[test]
fn fix_diff_reports_to_stderr() {
    mojifix()
        .args(["fix", "--diff", "--color", "never"])
        .write_stdin("cafÃ©\n")
        .assert()
        .success()
        .stdout("café\n")
        .stderr(predicate::str::contains("[-Ã©-]"))
        .stderr(predicate::str::contains("windows-1252 → UTF-8"));
}

#[test]
fn detect_prints_path_encoding_confidence() {
    let out = mojifix()
        .args(["detect", "fixtures/seed-record.txt"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let cols: Vec<&str> = stdout.trim_end().split('\t').collect();
    assert_eq!(cols[0], "fixtures/seed-record.txt");
    assert_eq!(cols[1], "UTF-8");
    let confidence: f64 = cols[2].parse().unwrap();
    assert!((0.0..=1.0).contains(&confidence));
}

#[test]
fn detect_json_has_runners_up() {
    let (bytes, _, _) = encoding_rs::WINDOWS_1251
        .encode("Съешь же ещё этих мягких французских булок, да выпей чаю.");
    let out = mojifix()
        .args(["detect", "--json"])
        .write_stdin(bytes.into_owned())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["encoding"], "windows-1251");
    assert!(v["alternatives"].as_array().is_some_and(|a| !a.is_empty()));
}

#[test]
fn diff_json_is_one_object_per_change() {
    let out = mojifix()
        .args(["diff", "--json", "fixtures/seed-record.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["type"], "change");
    assert_eq!(lines[0]["data"]["before"], "¨C");
    assert_eq!(lines[0]["data"]["after"], "–");
    assert_eq!(lines[3]["type"], "summary");
    assert_eq!(lines[3]["data"]["changes"], 3);
}
