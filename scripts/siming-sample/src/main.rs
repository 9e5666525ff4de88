//! `cargo run --release -p siming-sample -- --out DIR [--seed N]`

use siming_sample::{generate, output, DEFAULT_SEED};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut out: Option<PathBuf> = None;
    let mut seed = DEFAULT_SEED;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out = args.next().map(PathBuf::from),
            "--seed" => {
                seed = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_else(|| usage("--seed needs an unsigned integer"))
            }
            "-h" | "--help" => usage(""),
            _ => usage(&format!("unknown argument {a}")),
        }
    }
    let Some(out) = out else {
        usage("--out DIR is required")
    };
    let t0 = Instant::now();
    let sample = generate(seed);
    let r = output::render(&sample);
    if let Err(e) = output::write(&out, &r) {
        eprintln!("error: writing {}: {e}", out.display());
        std::process::exit(1);
    }
    let persons: u64 = sample.persons.iter().map(|&p| p as u64).sum();
    let count = |l| sample.cells.iter().filter(|c| c.level == l).count();
    println!(
        "siming-sample seed {seed}: {} cells ({} streets, {} communities, {} grids), {} vertices plain / {} dense (grid avg {:.1} / {:.1}), {} households, {} persons, {:.2} s -> {}",
        sample.cells.len(),
        count(siming_sample::Level::Street),
        count(siming_sample::Level::Community),
        count(siming_sample::Level::Grid),
        r.vertices_plain,
        r.vertices_dense,
        r.grid_avg_vertices.0,
        r.grid_avg_vertices.1,
        sample.households.len(),
        persons,
        t0.elapsed().as_secs_f64(),
        out.display()
    );
}

fn usage(msg: &str) -> ! {
    if !msg.is_empty() {
        eprintln!("error: {msg}");
    }
    eprintln!("usage: siming-sample --out DIR [--seed N]   (default seed {DEFAULT_SEED})");
    std::process::exit(if msg.is_empty() { 0 } else { 2 });
}
