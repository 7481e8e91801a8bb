//! Counts lines of a JSONL `{"text": ...}` file that the whole-text Latin triggers flag.
fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let data = std::fs::read_to_string(path).unwrap_or_default();
    let (mut n, mut hits) = (0, 0);
    let mut shown = std::collections::HashSet::new();
    for line in data.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
        let text = v["text"].as_str().unwrap_or("");
        n += 1;
        if !mojifix::repair::gate::finds_nothing(text) {
            hits += 1;
            if shown.len() < 25 && shown.insert(text.to_owned()) {
                println!("{text}");
            }
        }
    }
    println!("{hits}/{n} lines leave the gate");
}
