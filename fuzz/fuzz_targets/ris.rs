#![no_main]
//! Bytes through `records::process` as ris; see `mojifix_fuzz::check_records`.

use mojifix::records::Format;

libfuzzer_sys::fuzz_target!(|data: &[u8]| mojifix_fuzz::check_records(Format::Ris, data));
