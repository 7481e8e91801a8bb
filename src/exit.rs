//! Exit statuses, as diff(1) has them.

/// Nothing to change (or a successful `fix`).
pub const CLEAN: u8 = 0;
/// `diff` found changes.
pub const CHANGED: u8 = 1;
/// An error: bad input, bad flags, I/O.
pub const TROUBLE: u8 = 2;
