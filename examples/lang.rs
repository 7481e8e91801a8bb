//! Prints the language-model fit of each argument: `cargo run --example lang -- TEXT...`
fn main() {
    for arg in std::env::args().skip(1) {
        let fit = mojifix::repair::language::fit(&arg);
        println!(
            "{:>5} bits  {:>4} excess {:>3} bigrams  {:>3} unseen ({:>2} latin-1)  char cost {:>4}  {arg}",
            fit.bits(),
            fit.excess(),
            fit.bigrams,
            fit.unseen,
            mojifix::repair::language::unseen_latin1_pairs(&arg),
            mojifix::repair::plausibility::cost(&arg)
        );
    }
}
