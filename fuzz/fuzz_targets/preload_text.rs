#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| xun_fuzz_targets::run("preload_text", data));
