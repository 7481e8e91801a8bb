//! Generated data tables. See `scripts/gen-tables.py`, `scripts/gen-euc-tw.py`,
//! `scripts/gen-han.py`, `scripts/gen-bigrams.py` and `scripts/gen-cjk-freq.py`.
pub mod bigrams;
pub mod cjk_freq;
pub mod euc_tw;
pub mod han;
pub mod single_byte;
