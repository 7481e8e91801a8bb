//! Generated data tables. See `scripts/gen-tables.py`.
pub mod han;
pub mod single_byte;
