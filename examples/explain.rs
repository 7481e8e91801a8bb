//! Prints what mojifix does to each argument: `cargo run --example explain -- TEXT...`
use mojifix::report::fix::describe_steps;
use mojifix::{Options, fix_and_explain};

fn main() {
    for arg in std::env::args().skip(1) {
        let cleaned = fix_and_explain(&arg, &Options::default());
        println!("{arg:?} → {:?}", cleaned.text);
        for fix in &cleaned.fixes {
            println!(
                "   {:?} → {:?}  [{}]  cost {} → {}",
                fix.before,
                fix.after,
                describe_steps(&fix.steps),
                fix.cost_before,
                fix.cost_after
            );
        }
    }
}
