//! mojifix: guesses the encoding of raw bytes, repairs mojibake, normalizes Unicode, and
//! explains every change.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! bytes ──detect──▶ Detection ──decode (charset)──▶ text + undecodable byte runs
//!   └─records──▶ fields of each record
//!         └─pipeline: unescape_html, terminal escapes, repair (mojibake search),
//!                     C1 controls, ligatures, width, quotes, line breaks,
//!                     control chars, normalize ──▶ Cleaned { text, fixes }
//!         └─report (inline / unified / JSON) and the splicing writer (records, write)
//! ```
//!
//! Records come in seven formats (`records::Format`: lines, JSONL, whole, CSV, TSV,
//! refer/EndNote, RIS), stream one chunk at a time, and are cleaned in parallel with their
//! order kept. `batch` expands directories and rewrites files in place; `write` makes
//! every output atomic.
//!
//! ```
//! use mojifix::{Options, fix_and_explain};
//! let cleaned = fix_and_explain("TNF-¦Á and cafÃ©", &Options::default());
//! assert_eq!(cleaned.text, "TNF-α and café");
//! assert_eq!(mojifix::report::fix::describe_steps(&cleaned.fixes[0].steps), "latin-1 → GBK");
//! ```

pub mod batch;
pub mod charset;
pub mod decisions;
pub mod detect;
pub mod error;
pub mod euc_tw;
pub mod exit;
pub mod korean;
pub mod normalize;
pub mod pipeline;
mod prescan;
pub mod records;
pub mod repair;
pub mod report;
pub mod tables;
#[cfg(test)]
mod test_fixtures;
pub mod write;

pub use charset::{Charset, Decoded, Undecodable};
pub use detect::{Detection, detect};
pub use error::{Error, ErrorKind, Position, Result};
pub use pipeline::{Cleaned, HtmlMode, Options, fix_and_explain, fix_text};
pub use report::fix::{Fix, Step};
