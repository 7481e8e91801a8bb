//! EUC-TW (CNS 11643 in EUC form), decode only: planes 1 and 2 from the generated
//! table `crate::tables::euc_tw` (CPython has no EUC-TW codec; the table comes from
//! glibc's iconv, see `scripts/gen-euc-tw.py`).
//!
//! Byte forms: 0x00..=0x7F ASCII; 0xA1..=0xFE 0xA1..=0xFE plane 1; 0x8E 0xA1..=0xB0
//! then two bytes 0xA1..=0xFE for planes 1..=16 (only 1 and 2 decode here).
//!
//! ```
//! use mojifix::Charset;
//! let euc_tw = Charset::for_label("EUC-TW").unwrap();
//! assert_eq!(euc_tw.decode(b"\xc4\xa1").text, "一");
//! ```

use crate::charset::{Decoded, Undecodable};
use crate::tables::euc_tw::{CNS_PLANE1, CNS_PLANE2};

fn lookup(plane: &[u16; 8836], row: u8, cell: u8) -> Option<char> {
    if !(0xA1..=0xFE).contains(&row) || !(0xA1..=0xFE).contains(&cell) {
        return None;
    }
    let index = usize::from(row - 0xA1) * 94 + usize::from(cell - 0xA1);
    match plane[index] {
        0 => None,
        cp => char::from_u32(u32::from(cp)),
    }
}

/// Decodes EUC-TW, reporting undecodable byte runs (planes 3..=16 included).
pub fn decode_euc_tw(bytes: &[u8]) -> Decoded {
    let mut text = String::with_capacity(bytes.len() * 3 / 2);
    let mut undecodable: Vec<Undecodable> = Vec::new();
    let mut bad = |text: &mut String, offset: usize, len: usize| {
        text.push('\u{FFFD}');
        if let Some(last) = undecodable.last_mut()
            && last.offset + last.len == offset
        {
            last.len += len;
        } else {
            undecodable.push(Undecodable { offset, len });
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            text.push(b as char);
            i += 1;
            continue;
        }
        let (decoded, len) = match b {
            0x8E => {
                let plane = match bytes.get(i + 1) {
                    Some(0xA1) => Some(&CNS_PLANE1),
                    Some(0xA2) => Some(&CNS_PLANE2),
                    _ => None,
                };
                let c = match (plane, bytes.get(i + 2), bytes.get(i + 3)) {
                    (Some(p), Some(&r), Some(&c)) => lookup(p, r, c),
                    _ => None,
                };
                (c, 4)
            }
            0xA1..=0xFE => (bytes.get(i + 1).and_then(|&c| lookup(&CNS_PLANE1, b, c)), 2),
            _ => (None, 1),
        };
        match decoded {
            Some(c) => {
                text.push(c);
                i += len;
            }
            None => {
                bad(&mut text, i, 1);
                i += 1;
            }
        }
    }
    Decoded { text, undecodable }
}
