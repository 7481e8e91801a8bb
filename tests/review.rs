//! Review before you write (issue 10): `diff --html`, change ids in `diff --json`, and
//! `fix --decisions`. The page itself is driven in Chromium by `tests/browser/run.sh`.

use assert_cmd::Command;
use serde_json::{Value, json};
use std::fs;
use std::path::Path;

fn mojifix(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("mojifix").unwrap();
    cmd.current_dir(dir);
    cmd
}

/// The change objects of `diff --json`.
fn changes(dir: &Path, args: &[&str]) -> Vec<Value> {
    let out = mojifix(dir)
        .args(["diff", "--json"])
        .args(args)
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["type"] == "change")
        .map(|v| v["data"].clone())
        .collect()
}

fn decision(change: &Value) -> Value {
    json!({
        "id": change["id"], "path": change["path"], "record": change["record"],
        "field": change["field"], "before": change["before"], "after": change["after"],
    })
}

const RECORDS: &str = "cafÃ© one\nplain\nTNF-¦Á and cafÃ©\n";

#[test]
fn ids_are_stable_and_distinct() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("r.txt"), RECORDS).unwrap();
    let a = changes(dir.path(), &["r.txt"]);
    let b = changes(dir.path(), &["r.txt", "--threads", "1"]);
    assert_eq!(a.len(), 3);
    let ids: Vec<&str> = a.iter().map(|c| c["id"].as_str().unwrap()).collect();
    let again: Vec<&str> = b.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, again);
    assert!(ids.iter().all(|id| id.len() == 16));
    assert_ne!(
        ids[0], ids[2],
        "the same fix in another record has another id"
    );
}

#[test]
fn html_page_shows_a_script_record_as_text() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("r.txt"),
        "<script>alert(1)</script> cafÃ© </script><!-- &amp;\n",
    )
    .unwrap();
    mojifix(dir.path())
        .args(["diff", "--html", "page.html", "r.txt"])
        .assert()
        .code(1)
        .stdout("");
    let html = fs::read_to_string(dir.path().join("page.html")).unwrap();
    assert_eq!(html.matches("<script").count(), 2);
    assert_eq!(html.matches("</script>").count(), 2);
    assert!(!html.contains("alert(1)<"));
    assert!(!html.contains("<!-- &"));
    assert!(html.contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"));
}

#[test]
fn fix_skips_exactly_the_rejected_change() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("r.txt"), RECORDS).unwrap();
    // `./r.txt` and `r.txt` are the same path to ids and decisions.
    let all = changes(dir.path(), &["./r.txt"]);
    // Reject the cafÃ© of record 3; keep its TNF-¦Á and record 1's cafÃ©.
    let rejected = all
        .iter()
        .find(|c| c["record"] == 3 && c["before"] == "Ã©")
        .unwrap();
    let file = json!({ "version": 1, "rejected": [decision(rejected)] });
    fs::write(dir.path().join("d.json"), file.to_string()).unwrap();
    mojifix(dir.path())
        .args(["fix", "--decisions", "d.json", "r.txt"])
        .assert()
        .success()
        .stdout("café one\nplain\nTNF-α and cafÃ©\n");
}

#[test]
fn a_decision_the_input_no_longer_holds_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("r.txt"), RECORDS).unwrap();
    let all = changes(dir.path(), &["r.txt"]);
    let file = json!({ "version": 1, "rejected": [decision(&all[2])] });
    fs::write(dir.path().join("d.json"), file.to_string()).unwrap();
    let id = all[2]["id"].as_str().unwrap().to_owned();
    // The record moved down a line: its number, and so the change's id, changed.
    fs::write(dir.path().join("r.txt"), format!("new\n{RECORDS}")).unwrap();
    let out = mojifix(dir.path())
        .args(["fix", "--decisions", "d.json", "r.txt", "-o", "out.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(&id), "{stderr}");
    assert!(stderr.contains("r.txt, record 3"), "{stderr}");
    assert!(!dir.path().join("out.txt").exists());
    // A record past the end, and a path that is not an input, are errors too.
    fs::write(dir.path().join("r.txt"), "cafÃ©\n").unwrap();
    let out = mojifix(dir.path())
        .args(["fix", "--decisions", "d.json", "r.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("only 1 record(s)"));
    let out = mojifix(dir.path())
        .args(["fix", "--decisions", "d.json", "-"])
        .write_stdin("x\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no input has that path"));
    assert!(out.stdout.is_empty());
}
