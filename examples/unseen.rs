//! Counts the lines of stdin whose words show letter pairs no language of their script has
//! (the test that sends a text to the single-byte rereadings): `… --example unseen < FILE`.
use std::io::BufRead;
fn main() {
    let (mut latin, mut cyrillic, mut total) = (0, 0, 0);
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        total += 1;
        latin += usize::from(mojifix::repair::language::unseen_latin1_pairs(&line) >= 2);
        cyrillic += usize::from(mojifix::repair::language::unseen_cyrillic_pairs(&line) >= 5);
    }
    println!("{total} lines: {latin} latin-1 suspects, {cyrillic} Cyrillic suspects");
}
