//! JSON Lines: each line one JSON value; its string values are the fields.
//!
//! The line is scanned, not deserialized: each string literal is found with its byte
//! range and its path (`title`, `authors[].name`), so the writer can replace exactly the
//! literals that changed and leave numbers (`1e5`), escapes (`\u00e9`), key order and
//! spacing as they were. Object keys are never changed.
//!
//! ```
//! use mojifix::records::jsonl::string_fields;
//! let fields = string_fields(r#"{"a": {"b": "x"}, "n": 1e5, "l": ["y"]}"#).unwrap();
//! let paths: Vec<&str> = fields.iter().map(|f| f.path.as_str()).collect();
//! assert_eq!(paths, ["a.b", "l[]"]);
//! ```

use std::ops::Range;

/// Nesting deeper than this is refused, so hostile input cannot exhaust memory or time.
pub const MAX_DEPTH: usize = 1024;

/// One string value inside a JSON line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringField {
    /// Dotted path: keys joined by `.`, array elements as `[]`.
    pub path: String,
    /// Byte range of the literal, quotes included.
    pub literal: Range<usize>,
    /// The decoded value. `None` when the literal holds a lone surrogate escape, which
    /// no Rust string can hold: such a value is passed through untouched.
    pub value: Option<String>,
    /// The literal wrote non-ASCII characters as `\uXXXX` escapes; keep that style.
    pub ascii_escaped: bool,
}

/// A JSON syntax error at a byte offset in the line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub offset: usize,
    pub message: String,
}

enum Frame {
    Object { key: Option<String> },
    Array,
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn error<T>(&self, message: impl Into<String>) -> Result<T, JsonError> {
        Err(JsonError {
            offset: self.pos,
            message: message.into(),
        })
    }

    fn skip_ws(&mut self) {
        while self.pos < self.bytes.len()
            && matches!(self.bytes[self.pos], b' ' | b'\t' | b'\n' | b'\r')
        {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn expect_literal(&mut self, word: &str) -> Result<(), JsonError> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            self.error("expected a JSON value")
        }
    }

    fn number(&mut self) -> Result<(), JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let digits = |s: &mut Scanner| {
            let begin = s.pos;
            while s.peek().is_some_and(|b| b.is_ascii_digit()) {
                s.pos += 1;
            }
            s.pos > begin
        };
        if self.peek() == Some(b'0') {
            self.pos += 1;
        } else if !digits(self) {
            self.pos = start;
            return self.error("expected a JSON value");
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !digits(self) {
                return self.error("expected digits after the decimal point");
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return self.error("expected digits in the exponent");
            }
        }
        Ok(())
    }

    /// Scans a string literal at `pos` (which is at the opening quote).
    fn string(&mut self) -> Result<(Range<usize>, Option<String>, bool), JsonError> {
        let start = self.pos;
        self.pos += 1;
        let mut value = String::new();
        let mut valid = true;
        let mut ascii_escaped = false;
        loop {
            let Some(rest) = self.bytes.get(self.pos..) else {
                return self.error("unterminated string");
            };
            let run = rest
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(rest.len());
            value.push_str(&self.text[self.pos..self.pos + run]);
            self.pos += run;
            match self.peek() {
                None => {
                    self.pos = start;
                    return self.error("unterminated string");
                }
                Some(b'"') => {
                    self.pos += 1;
                    return Ok((start..self.pos, valid.then_some(value), ascii_escaped));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let Some(escape) = self.peek() else {
                        return self.error("unterminated escape");
                    };
                    self.pos += 1;
                    match escape {
                        b'"' => value.push('"'),
                        b'\\' => value.push('\\'),
                        b'/' => value.push('/'),
                        b'b' => value.push('\u{8}'),
                        b'f' => value.push('\u{c}'),
                        b'n' => value.push('\n'),
                        b'r' => value.push('\r'),
                        b't' => value.push('\t'),
                        b'u' => {
                            let unit = self.hex4()?;
                            if unit >= 0x80 {
                                ascii_escaped = true;
                            }
                            if (0xD800..0xDC00).contains(&unit) {
                                // A high surrogate: a low one must follow for a char.
                                if self.text[self.pos..].starts_with("\\u") {
                                    let save = self.pos;
                                    self.pos += 2;
                                    let low = self.hex4()?;
                                    if (0xDC00..0xE000).contains(&low) {
                                        let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                                        match char::from_u32(c) {
                                            Some(c) => value.push(c),
                                            None => valid = false,
                                        }
                                    } else {
                                        valid = false;
                                        self.pos = save;
                                    }
                                } else {
                                    valid = false;
                                }
                            } else if (0xDC00..0xE000).contains(&unit) {
                                valid = false;
                            } else {
                                match char::from_u32(unit) {
                                    Some(c) => value.push(c),
                                    None => valid = false,
                                }
                            }
                        }
                        _ => {
                            self.pos -= 1;
                            return self.error("invalid escape in string");
                        }
                    }
                }
                Some(_) => return self.error("control character in string (must be escaped)"),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let Some(hex) = self.text.get(self.pos..self.pos + 4) else {
            return self.error("truncated \\u escape");
        };
        match u32::from_str_radix(hex, 16) {
            Ok(v) if hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                self.pos += 4;
                Ok(v)
            }
            _ => self.error("invalid \\u escape"),
        }
    }
}

fn path_of(stack: &[Frame]) -> String {
    let mut path = String::new();
    for frame in stack {
        match frame {
            Frame::Object { key } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key.as_deref().unwrap_or(""));
            }
            Frame::Array => path.push_str("[]"),
        }
    }
    path
}

/// Every string value in one JSON text (keys excluded), in order; or the first syntax
/// error. Surrounding whitespace is allowed; anything else after the value is an error.
pub fn string_fields(line: &str) -> Result<Vec<StringField>, JsonError> {
    let mut s = Scanner {
        text: line,
        bytes: line.as_bytes(),
        pos: 0,
    };
    let mut fields = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    s.skip_ws();
    // Parse one value; containers push frames and the loop continues inside them.
    'value: loop {
        s.skip_ws();
        match s.peek() {
            None => return s.error("expected a JSON value, found end of line"),
            Some(b'{') => {
                if stack.len() >= MAX_DEPTH {
                    return s.error(format!("nested deeper than {MAX_DEPTH} levels"));
                }
                s.pos += 1;
                s.skip_ws();
                if s.peek() == Some(b'}') {
                    s.pos += 1;
                } else {
                    stack.push(Frame::Object { key: None });
                    s.skip_ws();
                    if s.peek() != Some(b'"') {
                        return s.error("expected a string key");
                    }
                    let (_, key, _) = s.string()?;
                    s.skip_ws();
                    if s.peek() != Some(b':') {
                        return s.error("expected ':' after key");
                    }
                    s.pos += 1;
                    if let Some(Frame::Object { key: slot }) = stack.last_mut() {
                        *slot = Some(key.unwrap_or_default());
                    }
                    continue 'value;
                }
            }
            Some(b'[') => {
                if stack.len() >= MAX_DEPTH {
                    return s.error(format!("nested deeper than {MAX_DEPTH} levels"));
                }
                s.pos += 1;
                s.skip_ws();
                if s.peek() == Some(b']') {
                    s.pos += 1;
                } else {
                    stack.push(Frame::Array);
                    continue 'value;
                }
            }
            Some(b'"') => {
                let (literal, value, ascii_escaped) = s.string()?;
                fields.push(StringField {
                    path: path_of(&stack),
                    literal,
                    value,
                    ascii_escaped,
                });
            }
            Some(b't') => s.expect_literal("true")?,
            Some(b'f') => s.expect_literal("false")?,
            Some(b'n') => s.expect_literal("null")?,
            Some(_) => s.number()?,
        }
        // After a value: close containers or move to the next element.
        loop {
            s.skip_ws();
            match stack.last() {
                None => {
                    if s.pos != s.bytes.len() {
                        return s.error("unexpected text after the JSON value");
                    }
                    return Ok(fields);
                }
                Some(Frame::Array) => match s.peek() {
                    Some(b',') => {
                        s.pos += 1;
                        continue 'value;
                    }
                    Some(b']') => {
                        s.pos += 1;
                        stack.pop();
                    }
                    _ => return s.error("expected ',' or ']' in array"),
                },
                Some(Frame::Object { .. }) => match s.peek() {
                    Some(b',') => {
                        s.pos += 1;
                        s.skip_ws();
                        if s.peek() != Some(b'"') {
                            return s.error("expected a string key");
                        }
                        let (_, key, _) = s.string()?;
                        s.skip_ws();
                        if s.peek() != Some(b':') {
                            return s.error("expected ':' after key");
                        }
                        s.pos += 1;
                        if let Some(Frame::Object { key: slot }) = stack.last_mut() {
                            *slot = Some(key.unwrap_or_default());
                        }
                        continue 'value;
                    }
                    Some(b'}') => {
                        s.pos += 1;
                        stack.pop();
                    }
                    _ => return s.error("expected ',' or '}' in object"),
                },
            }
        }
    }
}

/// Writes `value` as a JSON string literal. With `ascii_escaped`, non-ASCII characters
/// are written as `\uXXXX` escapes, as the original literal did.
pub fn encode_string(value: &str, ascii_escaped: bool) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (ascii_escaped && !c.is_ascii()) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{:04x}", unit));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Does `path` fall under one of the `--fields` selectors (`a`, `b.c`, `items[].title`)?
pub fn path_selected(path: &str, selectors: &[String]) -> bool {
    selectors.iter().any(|sel| {
        path == sel
            || (path.starts_with(sel.as_str())
                && matches!(path.as_bytes().get(sel.len()), Some(b'.') | Some(b'[')))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_strings_with_paths_and_ranges() {
        let line = r#"{"t":"caf\u00e9","n":[1e5,{"x":"y"}],"z":null}"#;
        let fields = string_fields(line).unwrap();
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[0].path, "t");
        assert_eq!(fields[0].value.as_deref(), Some("café"));
        assert!(fields[0].ascii_escaped);
        assert_eq!(&line[fields[0].literal.clone()], r#""caf\u00e9""#);
        assert_eq!(fields[1].path, "n[].x");
    }

    #[test]
    fn errors_carry_offsets() {
        let err = string_fields(r#"{"a": tru}"#).unwrap_err();
        assert_eq!(err.offset, 6);
        assert!(string_fields(r#"{"a":1} x"#).is_err());
        assert!(string_fields(r#"{"a":"#).is_err());
        let deep = "[".repeat(MAX_DEPTH + 1);
        assert!(string_fields(&deep).is_err());
    }

    #[test]
    fn lone_surrogates_are_kept_not_decoded() {
        let fields = string_fields(r#"{"a":"\ud800x","b":"\ud83d\ude00"}"#).unwrap();
        assert_eq!(fields[0].value, None);
        assert_eq!(fields[1].value.as_deref(), Some("😀"));
    }

    #[test]
    fn encoding_round_trips() {
        assert_eq!(
            encode_string("a\"b\\c\nd\u{1}é", false),
            r#""a\"b\\c\nd\u0001é""#
        );
        assert_eq!(encode_string("é😀", true), r#""\u00e9\ud83d\ude00""#);
    }

    #[test]
    fn selectors() {
        let sel = vec!["a".to_string(), "items[].title".to_string()];
        assert!(path_selected("a", &sel));
        assert!(path_selected("a.b", &sel));
        assert!(path_selected("items[].title", &sel));
        assert!(!path_selected("ab", &sel));
        assert!(!path_selected("items[].author", &sel));
    }
}
