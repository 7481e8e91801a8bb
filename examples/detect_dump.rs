//! Prints every field of the detection (confidences as exact f64 bits) of each file,
//! whole and as prefixes of 16 to 3000 bytes (32, 128 and 1024 among them) (declared charset ignored, as the
//! corpus harness does), so two builds can be checked for identical answers byte for
//! byte: `cargo run --release --example detect_dump -- FILE... > answers.txt`.
fn main() {
    for path in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        for mode in [
            None,
            Some(16usize),
            Some(32),
            Some(48),
            Some(64),
            Some(128),
            Some(200),
            Some(512),
            Some(1024),
            Some(3000),
        ] {
            let given = &bytes[..mode.map_or(bytes.len(), |n| n.min(bytes.len()))];
            let options = mojifix::detect::DetectOptions {
                hint: None,
                use_declared: mode.is_none(),
            };
            let d = mojifix::detect::detect_with(given, &options);
            let alts: Vec<(&str, u64)> = d
                .alternatives
                .iter()
                .map(|&(n, c)| (n, c.to_bits()))
                .collect();
            println!(
                "{path}\t{mode:?}\t{}\t{:#x}\t{alts:?}\t{:?}\t{:?}\t{:?}\t{:?}",
                d.encoding,
                d.confidence.to_bits(),
                d.bom,
                d.invalid,
                d.script,
                d.language
            );
        }
    }
}
