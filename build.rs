//! Generates `char::is_alphabetic` for the Basic Multilingual Plane as a static bit
//! table (8 KiB), so the detector neither builds it at start-up nor fills it per use:
//! `mojifix detect` on a few hundred short files spent a third of its instructions
//! building it. The build script runs on the same toolchain's standard library, so
//! the bits are the library's own answers (`detect::alpha`'s test checks them).

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let mut words = [0u64; 0x10000 / 64];
    for c in (0..0x10000u32).filter_map(char::from_u32) {
        if c.is_alphabetic() {
            words[c as usize / 64] |= 1 << (c as u32 % 64);
        }
    }
    let mut out = String::from("static BMP_ALPHABETIC: [u64; 1024] = [\n");
    for w in words {
        let _ = writeln!(out, "    {w:#018x},");
    }
    out.push_str("];\n");
    let Some(dir) = std::env::var_os("OUT_DIR") else {
        panic!("cargo sets OUT_DIR for build scripts");
    };
    let path = PathBuf::from(dir).join("bmp_alphabetic.rs");
    if let Err(e) = std::fs::write(&path, out) {
        panic!("cannot write {}: {e}", path.display());
    }
}
