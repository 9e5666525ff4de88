//! Fuzz target: SVG rendering with arbitrary names and values, and the announcement (公示)
//! SVG with arbitrary titles and candidate names.
//!
//! Input layout: byte 0 the number of cells and their size, bytes 1–3 the classification and
//! zoom; the rest split at 0xFF: one name per cell (lossy UTF-8), then values as 8-byte
//! floats (any bit pattern: NaN, infinities, subnormals). Checked: no panic, and the SVG
//! has only the elements the renderer writes — text from data never becomes markup.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jinlin_fuzz::render_svg::check(data));
