//! The fuzz corpora run natively: every committed seed and regression input of
//! `fuzz/corpus/<target>/` goes through the same checks as the cargo-fuzz target
//! (`fuzz/src/lib.rs`, included here), without libFuzzer or a sanitizer, in `cargo test`.
//!
//! A crash found by `scripts/fuzz.sh` is minimised (`cargo fuzz tmin <target> <file>`) and
//! committed as `fuzz/corpus/<target>/regression-<what>` once fixed: from then on this test
//! (and every later fuzzing run, which starts from the corpus) checks it.

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod checks;

fn run(target: &str, check: fn(&[u8])) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seeds in {}", dir.display());
    for f in &files {
        let data = std::fs::read(f).unwrap();
        let result = std::panic::catch_unwind(|| check(&data));
        assert!(result.is_ok(), "{target}: {} fails its checks", f.display());
    }
}

#[test]
fn grid_corpus() {
    run("grid", checks::grid::check);
}

#[test]
fn tally_corpus() {
    run("tally", checks::tally::check);
}

#[test]
fn render_svg_corpus() {
    run("render_svg", checks::render_svg::check);
}
