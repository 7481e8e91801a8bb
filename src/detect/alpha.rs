//! `char::is_alphabetic` with a table for the first 8,192 code points (Latin, Greek,
//! Cyrillic, Hebrew, Arabic, Thai, Vietnamese: what single-byte pages decode to). The standard library
//! searches a compressed table on every non-ASCII call, which was the detector's largest
//! single cost; the answers are the standard library's own.

use std::sync::OnceLock;

const TABLE_END: u32 = 0x2000;

/// Whether `c` is alphabetic, exactly as `char::is_alphabetic`.
pub fn is_alphabetic(c: char) -> bool {
    static TABLE: OnceLock<[u64; TABLE_END as usize / 64]> = OnceLock::new();
    let cp = c as u32;
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    if cp >= TABLE_END {
        return c.is_alphabetic();
    }
    let table = TABLE.get_or_init(|| {
        let mut bits = [0u64; TABLE_END as usize / 64];
        for (cp, c) in (0..TABLE_END).filter_map(|cp| char::from_u32(cp).map(|c| (cp, c))) {
            if c.is_alphabetic() {
                bits[cp as usize / 64] |= 1 << (cp % 64);
            }
        }
        bits
    });
    table[cp as usize / 64] >> (cp % 64) & 1 == 1
}

#[cfg(test)]
mod tests {
    #[test]
    fn agrees_with_the_standard_library() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(super::is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
    }
}
