#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| pingjia_fuzz::csv_bytes(data));
