#![no_main]
//! See `mojifix_fuzz::check_report` for what this target asserts.

libfuzzer_sys::fuzz_target!(|data: &[u8]| mojifix_fuzz::check_report(data));
