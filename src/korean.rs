//! Decoders for the two Korean encodings WHATWG (and so encoding_rs) leaves out: Johab
//! (KS X 1001:1992 annex 3, Microsoft code page 1361) and ISO-2022-KR (RFC 1557).
//!
//! Both reuse encoding_rs's EUC-KR decoder for everything that is not a Hangul syllable:
//! ISO-2022-KR *is* KS X 1001 behind shift codes, and Johab's symbol and Hanja rows are a
//! re-arrangement of KS X 1001's. Johab's Hangul is algorithmic (three 5-bit jamo
//! indexes). Checked against CPython 3.11's `johab` and `iso2022_kr` codecs: every 2-byte
//! Johab sequence decodes to the same text (see `scripts/check-korean.py`).
//!
//! ```
//! use mojifix::Charset;
//! let johab = Charset::for_label("johab").unwrap();
//! assert_eq!(johab.decode(b"\x88\x61").text, "가");
//! ```

use crate::charset::{Decoded, Undecodable};

/// Initial consonant (choseong) index of a 5-bit Johab field: 1 is the fill code,
/// 2..=20 are the 19 initials in Unicode order.
fn choseong(v: u16) -> Option<Option<u32>> {
    match v {
        1 => Some(None),
        2..=20 => Some(Some(u32::from(v) - 2)),
        _ => None,
    }
}

/// Vowel (jungseong) index: 2 is the fill code; 3..=7, 10..=15, 18..=23, 26..=29 are the
/// 21 vowels (the gaps are unassigned).
fn jungseong(v: u16) -> Option<Option<u32>> {
    let v32 = u32::from(v);
    match v {
        2 => Some(None),
        3..=7 => Some(Some(v32 - 3)),
        10..=15 => Some(Some(v32 - 5)),
        18..=23 => Some(Some(v32 - 7)),
        26..=29 => Some(Some(v32 - 9)),
        _ => None,
    }
}

/// Final consonant (jongseong) index: 1 is the fill code (no final); 2..=17 and 19..=29
/// are the 27 finals (18 is unassigned).
fn jongseong(v: u16) -> Option<Option<u32>> {
    let v32 = u32::from(v);
    match v {
        1 => Some(None),
        2..=17 => Some(Some(v32 - 1)),
        19..=29 => Some(Some(v32 - 2)),
        _ => None,
    }
}

/// Hangul Compatibility Jamo (U+3131..) for the 19 initials.
const CHOSEONG_JAMO: [u32; 19] = [
    0x3131, 0x3132, 0x3134, 0x3137, 0x3138, 0x3139, 0x3141, 0x3142, 0x3143, 0x3145, 0x3146, 0x3147,
    0x3148, 0x3149, 0x314A, 0x314B, 0x314C, 0x314D, 0x314E,
];
/// Hangul Compatibility Jamo for the 27 finals (index 1..=27).
const JONGSEONG_JAMO: [u32; 27] = [
    0x3131, 0x3132, 0x3133, 0x3134, 0x3135, 0x3136, 0x3137, 0x3139, 0x313A, 0x313B, 0x313C, 0x313D,
    0x313E, 0x313F, 0x3140, 0x3141, 0x3142, 0x3144, 0x3145, 0x3146, 0x3147, 0x3148, 0x314A, 0x314B,
    0x314C, 0x314D, 0x314E,
];

/// One Hangul-region Johab code (lead 0x84..=0xD3): bit 15 set, then 5 bits each of
/// initial, vowel and final.
fn johab_hangul(code: u16) -> Option<char> {
    let cho = choseong((code >> 10) & 0x1F)?;
    let jung = jungseong((code >> 5) & 0x1F)?;
    let jong = jongseong(code & 0x1F)?;
    let cp = match (cho, jung, jong) {
        (Some(c), Some(v), f) => 0xAC00 + (c * 21 + v) * 28 + f.unwrap_or(0),
        (None, None, None) => 0x3000,
        (Some(c), None, None) => CHOSEONG_JAMO[c as usize],
        (None, Some(v), None) => 0x314F + v,
        (None, None, Some(f)) => JONGSEONG_JAMO[f as usize - 1],
        _ => return None,
    };
    char::from_u32(cp)
}

/// KS X 1001 rows as Johab places them (lead 0xD9..=0xDE symbols, 0xE0..=0xF9 Hanja):
/// each lead byte holds two KS X 1001 rows, trail 0x31..=0x7E, 0x91..=0xFE.
fn johab_ksx1001(lead: u8, trail: u8) -> Option<[u8; 2]> {
    let bad_trail = trail < 0x31 || (0x7F..=0x90).contains(&trail) || trail == 0xFF;
    // 0xDA 0xA1..=0xD3: KS X 1001's jamo row, which Johab encodes in the Hangul region.
    if bad_trail || (lead == 0xDA && (0xA1..=0xD3).contains(&trail)) {
        return None;
    }
    let row_pair = match lead {
        0xD9..=0xDE => 2 * (lead - 0xD9),
        0xE0..=0xF9 => 2 * (lead - 0xE0) + 0x29,
        _ => return None,
    };
    let t = if trail < 0x91 {
        trail - 0x31
    } else {
        trail - 0x43
    };
    let (row, cell) = if t < 0x5E {
        (row_pair + 0x21, t + 0x21)
    } else {
        (row_pair + 0x22, t - 0x5E + 0x21)
    };
    Some([row | 0x80, cell | 0x80])
}

fn ksx1001(pair: [u8; 2]) -> Option<char> {
    let s = encoding_rs::EUC_KR.decode_without_bom_handling_and_without_replacement(&pair)?;
    let mut chars = s.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

fn push_bad(runs: &mut Vec<Undecodable>, text: &mut String, offset: usize, len: usize) {
    text.push('\u{FFFD}');
    if let Some(last) = runs.last_mut()
        && last.offset + last.len == offset
    {
        last.len += len;
        return;
    }
    runs.push(Undecodable { offset, len });
}

/// Decodes Johab. ASCII bytes are ASCII; everything else is a 2-byte code.
pub fn decode_johab(bytes: &[u8]) -> Decoded {
    let mut text = String::with_capacity(bytes.len() * 2);
    let mut undecodable = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            text.push(b as char);
            i += 1;
            continue;
        }
        let Some(&trail) = bytes.get(i + 1) else {
            push_bad(&mut undecodable, &mut text, i, 1);
            break;
        };
        let decoded = match b {
            0x84..=0xD3 => johab_hangul(u16::from_be_bytes([b, trail])),
            _ => johab_ksx1001(b, trail).and_then(ksx1001),
        };
        match decoded {
            Some(c) => {
                text.push(c);
                i += 2;
            }
            None => {
                push_bad(&mut undecodable, &mut text, i, 1);
                i += 1;
            }
        }
    }
    Decoded { text, undecodable }
}

/// Decodes ISO-2022-KR: `ESC $ ) C` designates KS X 1001 to G1, SO (0x0E) shifts to it,
/// SI (0x0F) back to ASCII; a line break also ends a shifted run. In the shifted state
/// each pair of bytes 0x21..=0x7E is a KS X 1001 row and cell (EUC-KR minus the high bit).
pub fn decode_iso2022kr(bytes: &[u8]) -> Decoded {
    const DESIGNATION: &[u8] = b"\x1b$)C";
    let mut text = String::with_capacity(bytes.len());
    let mut undecodable = Vec::new();
    let mut shifted = false;
    let mut designated = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if bytes[i..].starts_with(DESIGNATION) {
            designated = true;
            i += DESIGNATION.len();
            continue;
        }
        match b {
            0x0E if designated => shifted = true,
            0x0F => shifted = false,
            0x0E | 0x1B | 0x80..=0xFF => push_bad(&mut undecodable, &mut text, i, 1),
            b'\n' | b'\r' => {
                shifted = false;
                text.push(b as char);
            }
            0x21..=0x7E if shifted => {
                let decoded = bytes
                    .get(i + 1)
                    .filter(|t| (0x21..=0x7E).contains(*t))
                    .and_then(|&t| ksx1001([b | 0x80, t | 0x80]));
                match decoded {
                    Some(c) => {
                        text.push(c);
                        i += 2;
                        continue;
                    }
                    None => push_bad(&mut undecodable, &mut text, i, 1),
                }
            }
            _ if shifted => push_bad(&mut undecodable, &mut text, i, 1),
            _ => text.push(b as char),
        }
        i += 1;
    }
    Decoded { text, undecodable }
}

/// True when the bytes hold an ISO-2022-KR designation and at least one shift-out.
pub fn looks_iso2022kr(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"\x1b$)C").is_some() && memchr::memchr(0x0E, bytes).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn johab_hangul_and_hanja() {
        assert_eq!(decode_johab(b"\x88\x61").text, "가");
        assert_eq!(decode_johab(b"\x88\x41").text, "ㄱ");
        assert_eq!(decode_johab(b"\x84\x61").text, "ㅏ");
        assert_eq!(decode_johab(b"\xd9\xa1").text, "⇒");
        assert_eq!(decode_johab(b"\xe0\x31").text, "伽");
        assert_eq!(decode_johab(b"\xf9\xfe").text, "詰");
        assert_eq!(decode_johab(b"\xda\xd4").text, "\u{3164}");
        assert!(!decode_johab(b"\xda\xa1").undecodable.is_empty());
        assert!(!decode_johab(b"\xd8\x31").undecodable.is_empty());
    }

    /// Every 2-byte sequence against CPython's `johab` codec (scripts/check-korean.py).
    #[test]
    #[ignore]
    fn johab_matches_cpython() {
        let path = std::env::var("MOJIFIX_JOHAB_TSV").expect("MOJIFIX_JOHAB_TSV");
        let tsv = std::fs::read_to_string(path).unwrap();
        let mut differ = Vec::new();
        for line in tsv.lines() {
            let (hex, want) = line.split_once('\t').unwrap();
            let bytes = [
                u8::from_str_radix(&hex[..2], 16).unwrap(),
                u8::from_str_radix(&hex[2..], 16).unwrap(),
            ];
            let d = decode_johab(&bytes);
            let got = if d.undecodable.is_empty() && d.text.chars().count() == 1 {
                format!("{:X}", d.text.chars().next().unwrap() as u32)
            } else {
                "-".to_owned()
            };
            if got != want {
                differ.push(format!("{hex}: {got} vs {want}"));
            }
        }
        assert!(
            differ.is_empty(),
            "{} differ: {:?}",
            differ.len(),
            &differ[..differ.len().min(20)]
        );
    }

    #[test]
    fn iso2022kr_shifts() {
        let d = decode_iso2022kr(b"\x1b$)Cabc\x0e\x21\x21\x30\x21\nx\x0fz");
        assert_eq!(d.text, "abc\u{3000}가\nxz");
        assert!(d.undecodable.is_empty());
    }
}
