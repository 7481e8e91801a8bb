//! Generated data tables. See `scripts/gen-tables.py`, `scripts/gen-euc-tw.py`,
//! `scripts/gen-han.py` and `scripts/gen-bigrams.py`.
pub mod bigrams;
pub mod euc_tw;
pub mod han;
pub mod single_byte;
