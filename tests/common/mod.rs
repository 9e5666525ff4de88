//! Helpers shared by the integration tests and the native benchmarks (included with `mod common;`
//! or `#[path]`).
#![allow(dead_code)]

use geo::{MultiPolygon, Polygon};
use wkt::TryFromWkt;

/// The 91 real cadastral parcels of `tests/fixtures/geocode/nl_zones/input.wkt` (WGS-84,
/// `[lng, lat]` degrees), in file order, parsed with the georust `wkt` crate.
pub fn nl_zones() -> Vec<Polygon<f64>> {
    let text = include_str!("../fixtures/geocode/nl_zones/input.wkt");
    MultiPolygon::<f64>::try_from_wkt_str(text)
        .expect("nl_zones.wkt is one MULTIPOLYGON")
        .0
}

/// The parcels of [`nl_zones`] as cells, one polygon each, numbered in file order.
pub fn nl_zones_cells() -> Vec<(u32, Vec<Polygon<f64>>)> {
    nl_zones()
        .into_iter()
        .enumerate()
        .map(|(i, p)| (i as u32, vec![p]))
        .collect()
}
