//! Prints the plausibility cost of each argument: `cargo run --example cost -- TEXT...`
fn main() {
    for arg in std::env::args().skip(1) {
        let per_char: Vec<String> = arg
            .chars()
            .map(|c| format!("{c}:{}", mojifix::repair::plausibility::classify(c).cost))
            .collect();
        println!(
            "{:>5}  {arg}  [{}]",
            mojifix::repair::plausibility::cost(&arg),
            per_char.join(" ")
        );
    }
}
