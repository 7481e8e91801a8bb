//! Times `mojifix::detect::prepare()` (once per process): `cargo run --release --example prepare_time`.
fn main() {
    let t0 = std::time::Instant::now();
    mojifix::detect::prepare();
    let first = t0.elapsed();
    let t1 = std::time::Instant::now();
    mojifix::detect::prepare();
    eprintln!(
        "prepare: {:.2} ms (again: {:.2} ms)",
        first.as_secs_f64() * 1e3,
        t1.elapsed().as_secs_f64() * 1e3
    );
}
