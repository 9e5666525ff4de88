//! Fixture runner for the grid map reader: every `tests/fixtures/grid/<case>/input.geojson`
//! is read with default options and compared with `expected.json`, which holds either
//! `{"code", "message"}` (the error code and a substring of its message) or `{"cells"}` (the
//! ids of the cells, in order). `UPDATE_FIXTURES=1 cargo test --test grid_fixtures` rewrites
//! every expected.json from the actual result (with the full message).

use jinlin::grid::{GridMap, GridOptions};
use serde_json::{json, Value};
use std::path::Path;

#[test]
fn grid_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/grid");
    let update = std::env::var("UPDATE_FIXTURES").is_ok_and(|v| v == "1");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("input.geojson").exists())
        .collect();
    dirs.sort();
    let mut codes = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let input = std::fs::read_to_string(dir.join("input.geojson")).unwrap();
        let result = GridMap::from_geojson(&input, &GridOptions::default());
        let actual = match &result {
            Ok(map) => {
                json!({ "cells": map.cells.iter().map(|c| c.id.clone()).collect::<Vec<_>>() })
            }
            Err(e) => json!({ "code": e.code(), "message": e.to_string() }),
        };
        let expected_path = dir.join("expected.json");
        if update {
            let text = serde_json::to_string_pretty(&actual).unwrap() + "\n";
            std::fs::write(&expected_path, text).unwrap();
            continue;
        }
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(&expected_path).unwrap()).unwrap();
        if let Some(code) = expected.get("code") {
            codes.insert(code.as_str().unwrap().to_string());
            let substring = expected["message"].as_str().unwrap();
            let ok = actual.get("code") == Some(code)
                && actual["message"]
                    .as_str()
                    .is_some_and(|m| m.contains(substring));
            if !ok {
                failures.push(format!("{name}: expected {expected}, got {actual}"));
            }
        } else if actual != expected {
            failures.push(format!("{name}: expected {expected}, got {actual}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    if !update {
        assert!(dirs.len() >= 29, "{} fixture cases", dirs.len());
        // One fixture per error code at least.
        for code in [
            "GEOJSON_INVALID_JSON",
            "GEOJSON_NOT_FEATURE_COLLECTION",
            "GEOJSON_EMPTY",
            "GEOJSON_INVALID_FEATURE",
            "GEOJSON_MISSING_ID",
            "GEOJSON_INVALID_ID",
            "GEOJSON_DUPLICATE_ID",
            "GEOJSON_INVALID_PROPERTY",
            "GEOJSON_UNKNOWN_PARENT",
            "GEOJSON_UNKNOWN_LEVEL",
            "GEOJSON_PARENT_LEVEL",
            "GEOJSON_INVALID_GEOMETRY",
            "GEOJSON_RING_TOO_SHORT",
            "GEOJSON_RING_NOT_CLOSED",
            "GEOJSON_INVALID_COORDINATE",
            "GEOJSON_SELF_INTERSECTION",
            "GEOJSON_HOLE_OUTSIDE",
        ] {
            assert!(codes.contains(code), "no fixture for {code}");
        }
    }
}
