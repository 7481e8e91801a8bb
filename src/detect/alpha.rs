//! `char::is_alphabetic` with a table for the first 8,192 code points (Latin, Greek,
//! Cyrillic, Hebrew, Arabic, Thai, Vietnamese: what single-byte pages decode to). The standard library
//! searches a compressed table on every non-ASCII call, which was the detector's largest
//! single cost; the answers are the standard library's own. The rest of the Basic
//! Multilingual Plane (CJK readings) is memoized 64 code points at a time on first use.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

const TABLE_END: u32 = 0x2000;

/// Whether `c` is alphabetic, exactly as `char::is_alphabetic`. (Inlined: most calls
/// are for ASCII, where a call cost more than the test.)
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    non_ascii_is_alphabetic(c)
}

fn non_ascii_is_alphabetic(c: char) -> bool {
    static TABLE: OnceLock<[u64; TABLE_END as usize / 64]> = OnceLock::new();
    let cp = c as u32;
    if cp >= TABLE_END {
        return upper_bmp(c);
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

/// `is_alphabetic` above the table: a bit per code point, each 64-code-point block
/// filled the first time a character of it is asked about.
fn upper_bmp(c: char) -> bool {
    const BLOCKS: usize = 0x10000 / 64;
    static BITS: [AtomicU64; BLOCKS] = [const { AtomicU64::new(0) }; BLOCKS];
    static FILLED: [AtomicU64; BLOCKS / 64] = [const { AtomicU64::new(0) }; BLOCKS / 64];
    let cp = c as usize;
    let block = cp / 64;
    let (Some(bits), Some(filled)) = (BITS.get(block), FILLED.get(block / 64)) else {
        return c.is_alphabetic();
    };
    let flag = 1u64 << (block % 64);
    // Release/Acquire: whoever sees the block marked filled also sees its bits. Threads
    // that race compute and store the same bits.
    if filled.load(Ordering::Acquire) & flag == 0 {
        let mut value = 0u64;
        for i in 0..64 {
            if char::from_u32((block * 64 + i) as u32).is_some_and(char::is_alphabetic) {
                value |= 1 << i;
            }
        }
        bits.store(value, Ordering::Relaxed);
        filled.fetch_or(flag, Ordering::Release);
    }
    bits.load(Ordering::Relaxed) >> (cp % 64) & 1 == 1
}

#[cfg(test)]
mod tests {
    #[test]
    fn agrees_with_the_standard_library() {
        // Twice: the memoized blocks are filled on the first pass and read on the second.
        for _ in 0..2 {
            for c in (0..0x11000).filter_map(char::from_u32) {
                assert_eq!(super::is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            }
        }
    }
}
