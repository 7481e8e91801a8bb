#![no_main]
//! See `mojifix_fuzz::check_decode` for what this target asserts.

libfuzzer_sys::fuzz_target!(|data: &[u8]| mojifix_fuzz::check_decode(data));
