//! Generated data tables. See `scripts/gen-tables.py` and `scripts/gen-euc-tw.py`.
pub mod euc_tw;
pub mod han;
pub mod single_byte;
