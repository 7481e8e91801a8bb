//! Generates lookup tables that every detecting process would otherwise build at start-up
//! (`mojifix detect` is run per batch of files, so that cost is paid per call):
//!
//! - `char::is_alphabetic` for the Basic Multilingual Plane as a bit table (8 KiB): a
//!   call on a few hundred short files spent a third of its instructions building it.
//!   The build script runs on the same toolchain's standard library, so the bits are
//!   the library's own answers (`detect::alpha`'s test checks them).
//! - the language model's bigram key index (`repair::language::key_index`), from
//!   `src/tables/bigrams.rs`: half a megabyte written at start-up before.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/tables/bigrams.rs");
    write_out("bmp_alphabetic.rs", bmp_alphabetic());
    write_out("bigram_key_index.rs", bigram_key_index());
}

fn write_out(name: &str, text: String) {
    let Some(dir) = std::env::var_os("OUT_DIR") else {
        panic!("cargo sets OUT_DIR for build scripts");
    };
    let path = PathBuf::from(dir).join(name);
    if let Err(e) = std::fs::write(&path, text) {
        panic!("cannot write {}: {e}", path.display());
    }
}

fn bmp_alphabetic() -> String {
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
    out
}

/// Must equal `repair::language::KEY_SLOTS` (checked there at compile time).
const KEY_SLOTS: usize = 1 << 15;
const NO_KEY: u64 = u64::MAX;

/// `KEY_INDEX`: for each distinct key of `BIGRAMS`, where its run of entries starts and
/// how long it is, open-addressed by `repair::language::hashed_slot` (the same hash
/// below), keys placed in the table's order. The `BIGRAMS` keys are read from the
/// source text (the `(0x…, lang, cost)` tuples after `pub static BIGRAMS`).
fn bigram_key_index() -> String {
    let source = match std::fs::read_to_string("src/tables/bigrams.rs") {
        Ok(s) => s,
        Err(e) => panic!("cannot read src/tables/bigrams.rs: {e}"),
    };
    let Some(at) = source.find("pub static BIGRAMS") else {
        panic!("no BIGRAMS in src/tables/bigrams.rs");
    };
    let keys: Vec<u64> = source[at..]
        .split("(0x")
        .skip(1)
        .map(|item| {
            let hex = item.split(',').next().unwrap_or("");
            match u64::from_str_radix(hex, 16) {
                Ok(k) => k,
                Err(e) => panic!("bad BIGRAMS key {hex:?}: {e}"),
            }
        })
        .collect();
    let mut index = vec![(NO_KEY, 0u32, 0u32); KEY_SLOTS];
    let mut start = 0;
    while start < keys.len() {
        let key = keys[start];
        let len = keys[start..].iter().take_while(|&&k| k == key).count();
        let mut slot =
            (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - KEY_SLOTS.trailing_zeros())) as usize;
        while index[slot].0 != NO_KEY {
            slot = (slot + 1) % KEY_SLOTS;
        }
        index[slot] = (key, start as u32, len as u32);
        start += len;
    }
    let mut out = format!(
        "/// Entries of `BIGRAMS`: {}.\nconst BIGRAM_ENTRIES: usize = {};\nstatic KEY_INDEX: [(u64, u32, u32); {KEY_SLOTS}] = [\n",
        keys.len(),
        keys.len()
    );
    for (key, start, len) in index {
        let _ = writeln!(out, "({key:#x},{start},{len}),");
    }
    out.push_str("];\n");
    out
}
