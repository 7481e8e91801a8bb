//! One `Charset` type over every encoding mojifix can name, decode and encode.
//!
//! encoding_rs covers the WHATWG encodings; the other single-byte code pages (IBM437,
//! IBM850, ISO-8859-1 proper, EBCDIC, …) come from generated tables
//! (`src/tables/single_byte.rs`). Single-byte pages share one representation, a
//! 256-entry decode table plus a sorted reverse map, which the repair search uses to
//! re-encode text one character at a time.
//!
//! ```
//! use mojifix::Charset;
//! let cp1252 = Charset::for_label("windows-1252").unwrap();
//! assert_eq!(cp1252.encode("café").unwrap(), b"caf\xe9");
//! ```

use encoding_rs::{DecoderResult, EncoderResult, Encoding};
use std::cell::Cell;
use std::sync::OnceLock;

use crate::tables::single_byte::PAGES as GENERATED_PAGES;

/// A single-byte code page: byte → char, and char → byte.
pub struct SingleBytePage {
    name: &'static str,
    decode: [Option<char>; 256],
    /// char → byte as an open-addressed hash table (code point, byte; `EMPTY_SLOT` where
    /// free), at most half full: the repair encodes every char of a token through many
    /// pages, and a probe or two beat eight steps of binary search. Built on the first
    /// encode: detection builds every page and encodes with none of them.
    encode_slots: OnceLock<Box<[(u32, u8)]>>,
    /// Bytes 0x00..=0x7F decode to ASCII (false for EBCDIC).
    ascii_compatible: bool,
    /// The bytes 80–FF the page has no character for (undefined, or a C1 control), in
    /// order: the repair asks for them for every token that may have lost one.
    without_char: Box<[u8]>,
}

/// Slots of `SingleBytePage::encode_slots`: a power of two, twice the most chars a page has.
const ENCODE_SLOTS: usize = 512;
/// A free slot (no char has this code point).
const EMPTY_SLOT: u32 = u32::MAX;

/// Where the probe for `c` starts in `encode_slots` (Fibonacci hashing).
#[inline]
fn encode_slot(c: char) -> usize {
    ((c as u32).wrapping_mul(0x9E37_79B9) >> (32 - ENCODE_SLOTS.trailing_zeros())) as usize
}

impl SingleBytePage {
    fn new(name: &'static str, decode: [Option<char>; 256]) -> SingleBytePage {
        let ascii_compatible = (0u8..0x80).all(|b| decode[b as usize] == Some(b as char));
        let without_char = (0x80u8..=0xFF)
            .filter(|&b| decode[b as usize].is_none_or(|c| (0x80..0xA0).contains(&(c as u32))))
            .collect();
        SingleBytePage {
            name,
            decode,
            encode_slots: OnceLock::new(),
            ascii_compatible,
            without_char,
        }
    }

    /// `encode_slots`, filled from `decode`.
    fn build_encode_slots(&self) -> Box<[(u32, u8)]> {
        let mut encode_slots = vec![(EMPTY_SLOT, 0u8); ENCODE_SLOTS].into_boxed_slice();
        // Bytes in ascending order, and a char already in the table left as it is: a
        // char mapped twice keeps its lowest byte, so encoding is deterministic.
        for (byte, c) in self.decode.iter().enumerate() {
            let Some(c) = *c else {
                continue;
            };
            let mut i = encode_slot(c);
            loop {
                let key = encode_slots[i].0;
                if key == c as u32 {
                    break;
                }
                if key == EMPTY_SLOT {
                    encode_slots[i] = (c as u32, byte as u8);
                    break;
                }
                i = (i + 1) % ENCODE_SLOTS;
            }
        }
        encode_slots
    }

    /// The char this byte stands for, `None` where the page leaves it undefined.
    #[inline]
    pub fn decode_byte(&self, byte: u8) -> Option<char> {
        self.decode[byte as usize]
    }

    /// The byte that stands for this char, if the page has it.
    #[inline]
    pub fn encode_char(&self, c: char) -> Option<u8> {
        if self.ascii_compatible && c.is_ascii() {
            return Some(c as u8);
        }
        let slots = self.encode_slots.get_or_init(|| self.build_encode_slots());
        let mut i = encode_slot(c);
        loop {
            let (key, byte) = slots[i];
            if key == c as u32 {
                return Some(byte);
            }
            if key == EMPTY_SLOT {
                return None;
            }
            i = (i + 1) % ENCODE_SLOTS;
        }
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The bytes 80–FF that decode to no character or to a C1 control, ascending.
    #[inline]
    pub fn bytes_without_char(&self) -> &[u8] {
        &self.without_char
    }

    pub fn is_ascii_compatible(&self) -> bool {
        self.ascii_compatible
    }
}

/// The WHATWG single-byte encodings, read from encoding_rs so the tables can never drift.
/// Their bytes 0x80..=0x9F that a vendor table leaves undefined decode to the C1 control
/// with the same number, which is how mojibake keeps those bytes (ftfy's "sloppy" pages).
static WHATWG_SINGLE_BYTE: &[&Encoding] = &[
    encoding_rs::WINDOWS_1252,
    encoding_rs::WINDOWS_1250,
    encoding_rs::WINDOWS_1251,
    encoding_rs::WINDOWS_1253,
    encoding_rs::WINDOWS_1254,
    encoding_rs::WINDOWS_1255,
    encoding_rs::WINDOWS_1256,
    encoding_rs::WINDOWS_1257,
    encoding_rs::WINDOWS_1258,
    encoding_rs::WINDOWS_874,
    encoding_rs::ISO_8859_2,
    encoding_rs::ISO_8859_3,
    encoding_rs::ISO_8859_4,
    encoding_rs::ISO_8859_5,
    encoding_rs::ISO_8859_6,
    encoding_rs::ISO_8859_7,
    encoding_rs::ISO_8859_8,
    encoding_rs::ISO_8859_10,
    encoding_rs::ISO_8859_13,
    encoding_rs::ISO_8859_14,
    encoding_rs::ISO_8859_15,
    encoding_rs::ISO_8859_16,
    encoding_rs::KOI8_R,
    encoding_rs::KOI8_U,
    encoding_rs::IBM866,
    encoding_rs::MACINTOSH,
    encoding_rs::X_MAC_CYRILLIC,
];

fn pages() -> &'static [SingleBytePage] {
    static PAGES: OnceLock<Vec<SingleBytePage>> = OnceLock::new();
    PAGES.get_or_init(|| {
        // Sized up front: a page is 2 KiB, and growing the vector copied them over and
        // over (a start-up cost of every detecting process).
        let mut pages = Vec::with_capacity(WHATWG_SINGLE_BYTE.len() + GENERATED_PAGES.len());
        for encoding in WHATWG_SINGLE_BYTE {
            pages.push(SingleBytePage::new(encoding.name(), whatwg_table(encoding)));
        }
        for generated in GENERATED_PAGES {
            let mut table = [None; 256];
            for (slot, &code) in table.iter_mut().zip(generated.table.iter()) {
                if code != 0xFFFF {
                    *slot = char::from_u32(u32::from(code));
                }
            }
            pages.push(SingleBytePage::new(generated.name, table));
        }
        pages
    })
}

/// A WHATWG single-byte encoding's char for each byte (`None` where it has none), from
/// one decode of all 256 bytes: every process that detects builds these pages, and 256
/// one-byte decodes per page were a tenth of a short `mojifix detect` call. A
/// single-byte decoder gives one char per byte, U+FFFD for an unmapped one, and no
/// WHATWG single-byte index maps a byte to U+FFFD; should either ever fail, the bytes
/// are decoded one by one.
fn whatwg_table(encoding: &'static Encoding) -> [Option<char>; 256] {
    let all: [u8; 256] = std::array::from_fn(|b| b as u8);
    let (text, _) = encoding.decode_without_bom_handling(&all);
    if text.chars().count() != 256 {
        return whatwg_table_by_byte(encoding);
    }
    let mut table = [None; 256];
    for (slot, c) in table.iter_mut().zip(text.chars()) {
        *slot = (c != '\u{FFFD}').then_some(c);
    }
    table
}

/// `whatwg_table` one byte at a time.
fn whatwg_table_by_byte(encoding: &'static Encoding) -> [Option<char>; 256] {
    let mut table = [None; 256];
    for (byte, slot) in table.iter_mut().enumerate() {
        let input = [byte as u8];
        if let Some(s) = encoding.decode_without_bom_handling_and_without_replacement(&input) {
            *slot = s.chars().next();
        }
    }
    table
}

/// Bytes 80–FF sign-extended into UTF-16 code units U+FF80–U+FFFF (`(char) b` on a
/// signed byte in Java, a signed `char` in C). No document declares it, so it is no
/// `Charset`; the repair reads UTF-8 misread this way (`ￗﾑￗﾓ` is `בד`).
pub const SIGN_EXTENDED_BYTES: &str = "sign-extended bytes";

fn sign_extended_page() -> &'static SingleBytePage {
    static PAGE: OnceLock<SingleBytePage> = OnceLock::new();
    PAGE.get_or_init(|| {
        let mut table = [None; 256];
        for (byte, slot) in table.iter_mut().enumerate() {
            let code = if byte < 0x80 { byte } else { 0xFF00 + byte };
            *slot = char::from_u32(code as u32);
        }
        SingleBytePage::new(SIGN_EXTENDED_BYTES, table)
    })
}

/// Looks up a single-byte page by its exact name (as `Charset::name` spells it, or
/// `SIGN_EXTENDED_BYTES`).
pub fn single_byte_page(name: &str) -> Option<&'static SingleBytePage> {
    pages()
        .iter()
        .find(|p| p.name == name)
        .or_else(|| (name == SIGN_EXTENDED_BYTES).then(sign_extended_page))
}

/// A memo of lookups by `'static` names, keyed by the name's address and length: a
/// `'static` str never changes, so an address and length seen once name the same thing
/// for good. Spares the repair a string lookup per chain step. (One per thread.)
pub(crate) struct AddressMemo<T: Copy + 'static>([Cell<Option<(usize, usize, T)>>; MEMO_SLOTS]);

const MEMO_SLOTS: usize = 64;

impl<T: Copy + 'static> AddressMemo<T> {
    pub(crate) const fn new() -> AddressMemo<T> {
        AddressMemo([const { Cell::new(None) }; MEMO_SLOTS])
    }

    /// The memoized `look_up(name)`.
    pub(crate) fn get(&self, name: &'static str, look_up: impl FnOnce(&'static str) -> T) -> T {
        let (address, len) = (name.as_ptr() as usize, name.len());
        let hash = ((address ^ len) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let slot = &self.0[(hash >> (64 - MEMO_SLOTS.trailing_zeros())) as usize];
        if let Some((a, l, found)) = slot.get()
            && a == address
            && l == len
        {
            return found;
        }
        let found = look_up(name);
        slot.set(Some((address, len, found)));
        found
    }
}

/// `single_byte_page` for a name in static memory (the repair's step names), looked up
/// by its address as `Charset::for_static_label` does: the repair asks for a chain's
/// pages once per token, and the name scan compares strings page after page.
pub fn single_byte_page_static(name: &'static str) -> Option<&'static SingleBytePage> {
    thread_local! {
        static BY_ADDRESS: AddressMemo<Option<&'static SingleBytePage>> =
            const { AddressMemo::new() };
    }
    BY_ADDRESS.with(|memo| memo.get(name, single_byte_page))
}

#[derive(Clone, Copy)]
enum Repr {
    /// UTF-8, UTF-16LE/BE and the WHATWG multi-byte encodings.
    Whatwg(&'static Encoding),
    SingleByte(&'static SingleBytePage),
    Utf32Le,
    Utf32Be,
    /// Korean Johab (code page 1361); decode only (`crate::korean`).
    Johab,
    /// ISO-2022-KR (RFC 1557); decode only.
    Iso2022Kr,
    /// EUC-TW, CNS 11643 planes 1 and 2; decode only (`crate::euc_tw`).
    EucTw,
}

/// An encoding mojifix can decode and encode.
#[derive(Clone, Copy)]
pub struct Charset(Repr);

impl PartialEq for Charset {
    fn eq(&self, other: &Charset) -> bool {
        self.name() == other.name()
    }
}
impl Eq for Charset {}

impl std::hash::Hash for Charset {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name().hash(state)
    }
}

impl std::fmt::Debug for Charset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::fmt::Display for Charset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Labels encoding_rs maps elsewhere but mojifix keeps apart, because they decode
/// differently (latin-1 proper has C1 controls where windows-1252 has `€‚ƒ…`).
const EXACT_LABELS: &[(&str, &str)] = &[
    ("latin-1", "ISO-8859-1"),
    ("latin1", "ISO-8859-1"),
    ("iso-8859-1", "ISO-8859-1"),
    ("iso8859-1", "ISO-8859-1"),
    ("iso_8859-1", "ISO-8859-1"),
    ("l1", "ISO-8859-1"),
    ("iso-8859-9", "ISO-8859-9"),
    ("latin5", "ISO-8859-9"),
    ("iso-8859-11", "ISO-8859-11"),
    ("tis-620", "TIS-620"),
    ("cp437", "IBM437"),
    ("ibm437", "IBM437"),
    ("437", "IBM437"),
    ("cp737", "IBM737"),
    ("cp775", "IBM775"),
    ("cp850", "IBM850"),
    ("ibm850", "IBM850"),
    ("850", "IBM850"),
    ("cp852", "IBM852"),
    ("cp855", "IBM855"),
    ("cp857", "IBM857"),
    ("cp860", "IBM860"),
    ("cp862", "IBM862"),
    ("cp863", "IBM863"),
    ("cp865", "IBM865"),
    ("cp869", "IBM869"),
    ("cp037", "IBM037"),
    ("ebcdic-cp-us", "IBM037"),
    ("cp424", "IBM424"),
    ("cp500", "IBM500"),
    ("kz1048", "KZ-1048"),
    ("rk1048", "KZ-1048"),
    ("pt154", "PTCP154"),
    ("cp154", "PTCP154"),
    ("mac-latin2", "x-mac-ce"),
    ("mac_latin2", "x-mac-ce"),
    ("maccentraleurope", "x-mac-ce"),
    ("mac-greek", "x-mac-greek"),
    ("mac-turkish", "x-mac-turkish"),
    ("mac-iceland", "x-mac-icelandic"),
    ("macroman", "macintosh"),
    ("mac-roman", "macintosh"),
    ("mac_roman", "macintosh"),
    ("cp1252", "windows-1252"),
    ("cp1250", "windows-1250"),
    ("cp1251", "windows-1251"),
    ("cp1253", "windows-1253"),
    ("cp1254", "windows-1254"),
    ("cp1255", "windows-1255"),
    ("cp1256", "windows-1256"),
    ("cp1257", "windows-1257"),
    ("cp1258", "windows-1258"),
    ("cp866", "IBM866"),
    ("cp936", "GBK"),
    ("cp932", "Shift_JIS"),
    ("sjis", "Shift_JIS"),
    ("cp949", "EUC-KR"),
    ("uhc", "EUC-KR"),
    ("cp950", "Big5"),
    ("utf-32le", "UTF-32LE"),
    ("utf-32be", "UTF-32BE"),
    ("utf32le", "UTF-32LE"),
    ("utf32be", "UTF-32BE"),
    ("johab", "Johab"),
    ("cp1361", "Johab"),
    ("ms1361", "Johab"),
    ("iso-2022-kr", "ISO-2022-KR"),
    ("iso2022-kr", "ISO-2022-KR"),
    ("csiso2022kr", "ISO-2022-KR"),
    ("viscii", "VISCII"),
    ("euc-tw", "EUC-TW"),
    ("euctw", "EUC-TW"),
    ("x-euc-tw", "EUC-TW"),
    ("cns11643", "EUC-TW"),
    ("csviscii", "VISCII"),
];

impl Charset {
    pub const UTF_8: Charset = Charset(Repr::Whatwg(encoding_rs::UTF_8));

    /// Finds an encoding by any common label: WHATWG labels (as encoding_rs reads them),
    /// the names `name()` returns, and the usual Python/IANA spellings (`cp437`, `latin-1`).
    pub fn for_label(label: &str) -> Option<Charset> {
        // The repair looks pages up by name for every token and chain; the lookup below
        // allocates and scans the alias table, so its answers are remembered per thread
        // (labels are few: charset names and what users pass).
        thread_local! {
            static MEMO: std::cell::RefCell<std::collections::HashMap<String, Option<Charset>>> =
                std::cell::RefCell::new(std::collections::HashMap::new());
        }
        const MEMO_CAPACITY: usize = 256;
        if let Some(hit) = MEMO.with(|m| m.borrow().get(label).copied()) {
            return hit;
        }
        let found = Charset::for_label_uncached(label);
        MEMO.with(|m| {
            let mut memo = m.borrow_mut();
            if memo.len() >= MEMO_CAPACITY {
                memo.clear();
            }
            memo.insert(label.to_owned(), found);
        });
        found
    }

    /// `for_label` for a label in static memory (the repair's step names), looked up by
    /// its address: a `'static` str never changes, so an address and length seen once
    /// name the same charset for good. Spares the repair a hashed lookup per chain step.
    pub fn for_static_label(label: &'static str) -> Option<Charset> {
        thread_local! {
            static BY_ADDRESS: AddressMemo<Option<Charset>> = const { AddressMemo::new() };
        }
        BY_ADDRESS.with(|memo| memo.get(label, Charset::for_label))
    }

    fn for_label_uncached(label: &str) -> Option<Charset> {
        let trimmed = label.trim();
        let lower = trimmed.to_ascii_lowercase();
        let lower = lower.replace('_', "-");
        // `alias` with `_` read as `-`, compared without building that string: this
        // runs for each alias of each label a process looks up first.
        let same = |alias: &str| {
            alias.len() == lower.len()
                && alias
                    .bytes()
                    .zip(lower.bytes())
                    .all(|(a, l)| if a == b'_' { l == b'-' } else { a == l })
        };
        for &(alias, name) in EXACT_LABELS {
            if same(alias) {
                return Charset::by_name(name);
            }
        }
        if let Some(found) = Charset::by_name_ignoring_case(trimmed) {
            return Some(found);
        }
        if lower == "utf-32" {
            return Some(Charset(Repr::Utf32Le));
        }
        let encoding = Encoding::for_label(lower.as_bytes())?;
        if encoding == encoding_rs::REPLACEMENT || encoding == encoding_rs::X_USER_DEFINED {
            return None;
        }
        Some(Charset::from_encoding(encoding))
    }

    fn by_name(name: &str) -> Option<Charset> {
        Charset::by_name_ignoring_case(name)
    }

    fn by_name_ignoring_case(name: &str) -> Option<Charset> {
        if let Some(page) = pages().iter().find(|p| p.name.eq_ignore_ascii_case(name)) {
            return Some(Charset(Repr::SingleByte(page)));
        }
        if name.eq_ignore_ascii_case("UTF-32LE") {
            return Some(Charset(Repr::Utf32Le));
        }
        if name.eq_ignore_ascii_case("UTF-32BE") {
            return Some(Charset(Repr::Utf32Be));
        }
        if name.eq_ignore_ascii_case("Johab") {
            return Some(Charset(Repr::Johab));
        }
        if name.eq_ignore_ascii_case("ISO-2022-KR") {
            return Some(Charset(Repr::Iso2022Kr));
        }
        if name.eq_ignore_ascii_case("EUC-TW") {
            return Some(Charset(Repr::EucTw));
        }
        None
    }

    /// Wraps an encoding_rs encoding; single-byte ones use the shared table form.
    pub fn from_encoding(encoding: &'static Encoding) -> Charset {
        if let Some(page) = pages().iter().find(|p| p.name == encoding.name()) {
            return Charset(Repr::SingleByte(page));
        }
        Charset(Repr::Whatwg(encoding))
    }

    /// The name as encoding_rs spells it where it has the encoding (`UTF-8`,
    /// `windows-1252`, `GBK`, `Shift_JIS`), an IANA-style name otherwise (`IBM437`).
    pub fn name(&self) -> &'static str {
        match self.0 {
            Repr::Whatwg(e) => e.name(),
            Repr::SingleByte(p) => p.name,
            Repr::Utf32Le => "UTF-32LE",
            Repr::Utf32Be => "UTF-32BE",
            Repr::Johab => "Johab",
            Repr::Iso2022Kr => "ISO-2022-KR",
            Repr::EucTw => "EUC-TW",
        }
    }

    /// The encoding_rs encoding behind this charset, if encoding_rs has it.
    pub fn encoding_rs(&self) -> Option<&'static Encoding> {
        match self.0 {
            Repr::Whatwg(e) => Some(e),
            Repr::SingleByte(p) => {
                Encoding::for_label(p.name.as_bytes()).filter(|e| e.name() == p.name)
            }
            _ => None,
        }
    }

    pub fn single_byte(&self) -> Option<&'static SingleBytePage> {
        match self.0 {
            Repr::SingleByte(p) => Some(p),
            _ => None,
        }
    }

    /// True when ASCII bytes mean ASCII characters (not UTF-16/32, EBCDIC, ISO-2022-JP).
    pub fn is_ascii_compatible(&self) -> bool {
        match self.0 {
            Repr::Whatwg(e) => e.is_ascii_compatible(),
            Repr::SingleByte(p) => p.ascii_compatible,
            Repr::EucTw => true,
            // Johab's trail bytes reach down to 0x31; ISO-2022-KR's shifted pairs are ASCII.
            _ => false,
        }
    }

    /// Decodes `bytes`, reporting every undecodable byte run instead of hiding it.
    /// Undecodable runs become U+FFFD in `text` and are listed in `undecodable` with
    /// their byte offsets, so callers can refuse, report or pass them on.
    pub fn decode(&self, bytes: &[u8]) -> Decoded {
        match self.0 {
            Repr::Whatwg(e) => decode_with_encoding_rs(e, bytes),
            Repr::Johab => crate::korean::decode_johab(bytes),
            Repr::Iso2022Kr => crate::korean::decode_iso2022kr(bytes),
            Repr::EucTw => crate::euc_tw::decode_euc_tw(bytes),
            Repr::SingleByte(p) => {
                // A byte decodes to at most three UTF-8 bytes (U+FFFD too), an ASCII one
                // to one: sized once, not grown char by char.
                let high = bytes.iter().filter(|&&b| b >= 0x80).count();
                let mut text = String::with_capacity(bytes.len() + 2 * high);
                let mut undecodable = Vec::new();
                for (i, &b) in bytes.iter().enumerate() {
                    match p.decode_byte(b) {
                        Some(c) => text.push(c),
                        None => {
                            push_undecodable(&mut undecodable, i, 1);
                            text.push('\u{FFFD}');
                        }
                    }
                }
                Decoded { text, undecodable }
            }
            Repr::Utf32Le | Repr::Utf32Be => {
                let little = matches!(self.0, Repr::Utf32Le);
                let mut text = String::with_capacity(bytes.len() / 4);
                let mut undecodable = Vec::new();
                let mut chunks = bytes.chunks_exact(4);
                let mut offset = 0;
                for chunk in &mut chunks {
                    let quad = [chunk[0], chunk[1], chunk[2], chunk[3]];
                    let value = if little {
                        u32::from_le_bytes(quad)
                    } else {
                        u32::from_be_bytes(quad)
                    };
                    match char::from_u32(value) {
                        Some(c) => text.push(c),
                        None => {
                            push_undecodable(&mut undecodable, offset, 4);
                            text.push('\u{FFFD}');
                        }
                    }
                    offset += 4;
                }
                if !chunks.remainder().is_empty() {
                    push_undecodable(&mut undecodable, offset, chunks.remainder().len());
                    text.push('\u{FFFD}');
                }
                Decoded { text, undecodable }
            }
        }
    }

    /// The page's table, for a single-byte page.
    pub fn single_byte_page(&self) -> Option<&'static SingleBytePage> {
        match self.0 {
            Repr::SingleByte(p) => Some(p),
            _ => None,
        }
    }

    /// Decodes only if every byte is valid; the fast path of the repair search.
    pub fn decode_strict(&self, bytes: &[u8]) -> Option<String> {
        match self.0 {
            Repr::Whatwg(e) => e
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|c| c.into_owned()),
            _ => {
                let decoded = self.decode(bytes);
                decoded.undecodable.is_empty().then_some(decoded.text)
            }
        }
    }

    /// Encodes `text` exactly, or `None` if any character has no byte sequence here.
    /// (encoding_rs's plain `encode` would write `&#NNNN;` for those instead.)
    /// Johab, ISO-2022-KR and EUC-TW are decode-only and always return `None`.
    pub fn encode(&self, text: &str) -> Option<Vec<u8>> {
        match self.0 {
            Repr::Johab | Repr::Iso2022Kr | Repr::EucTw => None,
            Repr::SingleByte(p) => text.chars().map(|c| p.encode_char(c)).collect(),
            Repr::Whatwg(e) => encode_with_encoding_rs(e, text),
            Repr::Utf32Le => Some(
                text.chars()
                    .flat_map(|c| (c as u32).to_le_bytes())
                    .collect(),
            ),
            Repr::Utf32Be => Some(
                text.chars()
                    .flat_map(|c| (c as u32).to_be_bytes())
                    .collect(),
            ),
        }
    }

    /// Every charset mojifix knows, for `--help` listings and tests.
    pub fn all() -> Vec<Charset> {
        let mut all: Vec<Charset> = [
            encoding_rs::UTF_8,
            encoding_rs::UTF_16LE,
            encoding_rs::UTF_16BE,
            encoding_rs::GBK,
            encoding_rs::GB18030,
            encoding_rs::BIG5,
            encoding_rs::SHIFT_JIS,
            encoding_rs::EUC_JP,
            encoding_rs::ISO_2022_JP,
            encoding_rs::EUC_KR,
        ]
        .into_iter()
        .map(|e| Charset(Repr::Whatwg(e)))
        .collect();
        all.push(Charset(Repr::Utf32Le));
        all.push(Charset(Repr::Utf32Be));
        all.push(Charset(Repr::Johab));
        all.push(Charset(Repr::Iso2022Kr));
        all.push(Charset(Repr::EucTw));
        all.extend(pages().iter().map(|p| Charset(Repr::SingleByte(p))));
        all
    }
}

fn push_undecodable(runs: &mut Vec<Undecodable>, offset: usize, len: usize) {
    if let Some(last) = runs.last_mut()
        && last.offset + last.len == offset
    {
        last.len += len;
        return;
    }
    runs.push(Undecodable { offset, len });
}

fn decode_with_encoding_rs(encoding: &'static Encoding, bytes: &[u8]) -> Decoded {
    if encoding == encoding_rs::UTF_8
        && let Ok(s) = simdutf8::basic::from_utf8(bytes)
    {
        return Decoded {
            text: s.to_owned(),
            undecodable: Vec::new(),
        };
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut undecodable = Vec::new();
    let mut consumed = 0;
    loop {
        if let Some(needed) =
            decoder.max_utf8_buffer_length_without_replacement(bytes.len() - consumed)
        {
            text.reserve(needed);
        }
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[consumed..], &mut text, true);
        consumed += read;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => text.reserve(bytes.len() - consumed + 16),
            DecoderResult::Malformed(bad, after) => {
                let end = consumed - after as usize;
                let start = end.saturating_sub(bad as usize);
                push_undecodable(&mut undecodable, start, bad as usize);
                text.push('\u{FFFD}');
            }
        }
    }
    Decoded { text, undecodable }
}

fn encode_with_encoding_rs(encoding: &'static Encoding, text: &str) -> Option<Vec<u8>> {
    if encoding == encoding_rs::UTF_8 {
        return Some(text.as_bytes().to_vec());
    }
    // encoding_rs encodes UTF-16 as UTF-8 (its "output encoding", as the web does), which
    // would decode back as something else entirely: write the code units ourselves.
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        let little = encoding == encoding_rs::UTF_16LE;
        return Some(
            text.encode_utf16()
                .flat_map(|u| {
                    if little {
                        u.to_le_bytes()
                    } else {
                        u.to_be_bytes()
                    }
                })
                .collect(),
        );
    }
    if encoding.output_encoding() != encoding {
        return None;
    }
    // The WHATWG ISO-2022-JP encoder writes halfwidth katakana (U+FF61..=U+FF9F) as their
    // fullwidth forms: not exact, so refuse.
    if encoding == encoding_rs::ISO_2022_JP
        && text.chars().any(|c| ('\u{FF61}'..='\u{FF9F}').contains(&c))
    {
        return None;
    }
    let mut encoder = encoding.new_encoder();
    let mut out = Vec::with_capacity(text.len() * 2 + 8);
    let mut rest = text;
    loop {
        let (result, read) =
            encoder.encode_from_utf8_to_vec_without_replacement(rest, &mut out, true);
        rest = &rest[read..];
        match result {
            EncoderResult::InputEmpty => return Some(out),
            EncoderResult::OutputFull => out.reserve(rest.len() * 2 + 8),
            EncoderResult::Unmappable(_) => return None,
        }
    }
}

/// A decoded byte string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Every byte run the encoding could not decode, in order.
    pub undecodable: Vec<Undecodable>,
}

/// A run of bytes the encoding has no character for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Undecodable {
    /// Offset of the first bad byte in the input.
    pub offset: usize,
    pub len: usize,
}

#[cfg(test)]
mod tests {
    #[test]
    fn pages_encode_each_char_to_its_lowest_byte() {
        for page in super::pages().iter().chain([super::sign_extended_page()]) {
            let mut lowest_byte = std::collections::HashMap::new();
            for b in (0..=255u8).rev() {
                if let Some(c) = page.decode_byte(b) {
                    lowest_byte.insert(c, b);
                }
            }
            for c in (0..0x10000u32).filter_map(char::from_u32) {
                let lowest = lowest_byte.get(&c).copied();
                let want = if page.is_ascii_compatible() && c.is_ascii() {
                    Some(c as u8)
                } else {
                    lowest
                };
                assert_eq!(page.encode_char(c), want, "{} {c:?}", page.name());
            }
        }
    }

    #[test]
    fn whatwg_tables_in_one_decode_match_byte_by_byte() {
        for &encoding in super::WHATWG_SINGLE_BYTE {
            assert_eq!(
                super::whatwg_table(encoding),
                super::whatwg_table_by_byte(encoding),
                "{}",
                encoding.name()
            );
        }
    }

    use super::*;

    #[test]
    fn static_labels_find_what_labels_find() {
        for _ in 0..2 {
            for label in [
                "windows-1252",
                "GBK",
                "gb18030",
                "Shift_JIS",
                "KOI8-R",
                "nope",
                "UTF-8",
            ] {
                assert_eq!(
                    Charset::for_static_label(label).map(|c| c.name()),
                    Charset::for_label(label).map(|c| c.name()),
                    "{label}"
                );
            }
        }
    }

    /// The hashed encoder gives, for every char, the lowest byte that decodes to it (as
    /// the sorted list it replaced did), on every page.
    #[test]
    fn encode_char_is_the_lowest_byte_decoding_to_it() {
        assert!(pages().len() > 20);
        for page in pages() {
            let name = page.name();
            let mut samples: Vec<char> = (0u32..0x3000).filter_map(char::from_u32).collect();
            samples.extend((0..=255u8).filter_map(|b| page.decode_byte(b)));
            for c in samples {
                let lowest = (0..=255u8).find(|&b| page.decode_byte(b) == Some(c));
                let expected = if page.is_ascii_compatible() && c.is_ascii() {
                    Some(c as u8)
                } else {
                    lowest
                };
                assert_eq!(page.encode_char(c), expected, "{name} {c:?}");
            }
        }
    }

    #[test]
    fn whatwg_single_byte_tables_match_encoding_rs() {
        let cp1251 = Charset::for_label("windows-1251").unwrap();
        assert_eq!(cp1251.decode(b"\xcf\xf0\xe8").text, "При");
        assert_eq!(cp1251.encode("При").unwrap(), b"\xcf\xf0\xe8");
    }

    #[test]
    fn latin1_is_not_windows_1252() {
        let latin1 = Charset::for_label("latin-1").unwrap();
        assert_eq!(latin1.name(), "ISO-8859-1");
        assert_eq!(latin1.decode(b"\x80").text, "\u{80}");
        let cp1252 = Charset::for_label("windows-1252").unwrap();
        assert_eq!(cp1252.decode(b"\x80").text, "€");
    }

    #[test]
    fn generated_pages_decode() {
        let cp437 = Charset::for_label("cp437").unwrap();
        assert_eq!(cp437.decode(b"\xc9").text, "╔");
        assert_eq!(cp437.encode("╔").unwrap(), b"\xc9");
    }

    #[test]
    fn undecodable_bytes_are_reported_with_offsets() {
        let decoded = Charset::UTF_8.decode(b"ab\xffcd\xc3");
        assert_eq!(decoded.text, "ab\u{FFFD}cd\u{FFFD}");
        assert_eq!(
            decoded.undecodable,
            vec![
                Undecodable { offset: 2, len: 1 },
                Undecodable { offset: 5, len: 1 }
            ]
        );
    }

    #[test]
    fn encode_refuses_unmappable() {
        let gbk = Charset::for_label("GBK").unwrap();
        assert!(gbk.encode("a\u{1F600}").is_none());
        assert_eq!(gbk.encode("中").unwrap(), b"\xd6\xd0");
    }

    // Found by the `decode` fuzz target: UTF-16 text encoded as UTF-8.
    #[test]
    fn utf16_encodes_code_units() {
        let be = Charset::for_label("UTF-16BE").unwrap();
        assert_eq!(be.encode("\u{5D00}a").unwrap(), b"\x5d\x00\x00a");
        let le = Charset::for_label("UTF-16LE").unwrap();
        assert_eq!(le.encode("a\u{1F600}").unwrap(), b"a\x00\x3d\xd8\x00\xde");
        assert_eq!(
            le.decode(&le.encode("a\u{1F600}").unwrap()).text,
            "a\u{1F600}"
        );
    }

    // Found by the `decode` fuzz target: `ESC ( I` katakana came back fullwidth.
    #[test]
    fn iso_2022_jp_refuses_halfwidth_katakana() {
        let jis = Charset::for_label("ISO-2022-JP").unwrap();
        let decoded = jis.decode(b"0\x1b(IS");
        assert_eq!(decoded.text, "0ﾓ");
        assert_eq!(jis.encode("0ﾓ"), None);
        assert_eq!(jis.decode(&jis.encode("0モ").unwrap()).text, "0モ");
    }

    #[test]
    fn utf32_round_trip() {
        let le = Charset::for_label("UTF-32LE").unwrap();
        let bytes = le.encode("aé").unwrap();
        assert_eq!(le.decode(&bytes).text, "aé");
    }
}
