//! Fuzz target: GeoJSON grid parsing, index build, assign and locate.
//!
//! Any text goes to `GridMap::from_geojson` (an error is fine; a panic is a bug). A map that
//! reads is indexed, and positions derived from its own vertices and bounding boxes (where the
//! boundary rule is hardest) are assigned in every datum and located. Checked: the counts add
//! up, every assigned cell is a leaf, and the index agrees with the brute-force boundary rule.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jinlin_fuzz::grid::check(data));
