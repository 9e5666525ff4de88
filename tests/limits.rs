//! Limits (issue #6, item 4): caps on cells, vertices, positions, units and ballots fail with
//! coded errors that name the limit and the count, before the big buffers are built; the
//! defaults are the documented constants.

use jinlin::geocode::DEFAULT_MAX_POSITIONS;
use jinlin::grid::{DEFAULT_MAX_CELLS, DEFAULT_MAX_VERTICES};
use jinlin::tally::{Roster, TallyInput, TallyLimits, DEFAULT_MAX_BALLOTS, DEFAULT_MAX_UNITS};
use jinlin::{Datum, GridIndex, GridMap, GridOptions};

fn square_feature(i: usize) -> String {
    let (w, s) = (
        118.0 + 0.001 * (i % 100) as f64,
        24.4 + 0.001 * (i / 100) as f64,
    );
    format!(
        r#"{{"type":"Feature","properties":{{"id":"g{i}","level":"grid"}},"geometry":{{"type":"Polygon","coordinates":[[[{w},{s}],[{e},{s}],[{e},{n}],[{w},{n}],[{w},{s}]]]}}}}"#,
        e = w + 0.001,
        n = s + 0.001
    )
}

fn collection(n: usize) -> String {
    let features: Vec<String> = (0..n).map(square_feature).collect();
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

#[test]
fn the_defaults_are_the_documented_constants() {
    let o = GridOptions::default();
    assert_eq!((o.max_cells, o.max_vertices), (20_000, 250_000));
    assert_eq!((DEFAULT_MAX_CELLS, DEFAULT_MAX_VERTICES), (20_000, 250_000));
    assert_eq!(DEFAULT_MAX_POSITIONS, 2_000_000);
    let t = TallyLimits::default();
    assert_eq!((t.max_units, t.max_ballots), (100_000, 200_000));
    assert_eq!((DEFAULT_MAX_UNITS, DEFAULT_MAX_BALLOTS), (100_000, 200_000));
}

#[test]
fn cells_and_vertices_caps_from_text_and_from_a_value() {
    let text = collection(10); // 10 features, 50 positions
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let with = |max_cells, max_vertices| GridOptions {
        max_cells,
        max_vertices,
        ..GridOptions::default()
    };
    for o in [with(10, 50), GridOptions::default()] {
        assert_eq!(GridMap::from_geojson(&text, &o).unwrap().cells.len(), 10);
        assert_eq!(
            GridMap::from_geojson_value(&value, &o).unwrap().cells.len(),
            10
        );
    }
    for (o, code, words) in [
        (
            with(9, 50),
            "GEOJSON_TOO_MANY_CELLS",
            ["10 features", "maxCells = 9"],
        ),
        (
            with(10, 49),
            "GEOJSON_TOO_MANY_VERTICES",
            ["50 positions", "maxVertices = 49"],
        ),
    ] {
        for e in [
            GridMap::from_geojson(&text, &o).unwrap_err(),
            GridMap::from_geojson_value(&value, &o).unwrap_err(),
        ] {
            assert_eq!(e.code(), code);
            let m = e.to_string();
            assert!(words.iter().all(|w| m.contains(w)), "{m}");
            assert_eq!(e.feature_index(), None);
        }
    }
}

#[test]
fn the_default_cell_cap_rejects_one_more_and_the_caps_come_first() {
    let text = collection(DEFAULT_MAX_CELLS + 1);
    let e = GridMap::from_geojson(&text, &GridOptions::default()).unwrap_err();
    assert_eq!(e.code(), "GEOJSON_TOO_MANY_CELLS");
    assert!(e.to_string().contains("20001 features"), "{e}");
    // The cap is checked before the features: a bad feature after it is not reached.
    let bad = text.replacen("\"level\":\"grid\"", "\"level\":\"bogus\"", 1);
    let e = GridMap::from_geojson(&bad, &GridOptions::default()).unwrap_err();
    assert_eq!(e.code(), "GEOJSON_TOO_MANY_CELLS");
    // Malformed JSON is still reported as such.
    let e = GridMap::from_geojson(&text[..text.len() - 1], &GridOptions::default()).unwrap_err();
    assert_eq!(e.code(), "GEOJSON_INVALID_JSON");
}

#[test]
fn the_position_cap_of_assign() {
    let map = GridMap::from_geojson(&collection(4), &GridOptions::default()).unwrap();
    let index = GridIndex::new(&map).with_max_positions(2);
    let e = index
        .assign(
            &[118.0005, 24.4005, 118.0015, 24.4005, 0.0, 0.0],
            Datum::Wgs84,
            None,
        )
        .unwrap_err();
    assert_eq!(e.code(), "GEOCODE_TOO_MANY_POSITIONS");
    assert_eq!(
        e.to_string(),
        "3 positions, more than the limit maxPositions = 2"
    );
    let r = index
        .assign(&[118.0005, 24.4005, 118.0015, 24.4005], Datum::Wgs84, None)
        .unwrap();
    assert_eq!(r.summary.assigned, 2);
}

#[test]
fn units_and_ballots_caps_of_the_roster() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/tally/w3/input.json"
    ))
    .unwrap();
    let input: TallyInput = serde_json::from_str(&text).unwrap();
    let (units, ballots) = (input.snapshot.units.len(), input.ballots.len());
    let limits = |max_units, max_ballots| TallyLimits {
        max_units,
        max_ballots,
    };
    let e = Roster::with_limits(&input.snapshot, limits(units - 1, 100)).unwrap_err();
    assert_eq!(e.code(), "TALLY_TOO_LARGE");
    assert_eq!(
        e.to_string(),
        format!("{units} units, more than the limit of {}", units - 1)
    );
    let roster = Roster::with_limits(&input.snapshot, limits(units, ballots - 1)).unwrap();
    let e = roster.prepare(input.ballots.clone()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("{ballots} ballots, more than the limit of {}", ballots - 1)
    );
    assert_eq!(roster.check_ballots(ballots).unwrap_err(), e);
    let roster = Roster::with_limits(&input.snapshot, limits(units, ballots)).unwrap();
    let log = roster.prepare(input.ballots.clone()).unwrap();
    assert_eq!(log.len(), ballots);
    // The limits read from JS-style JSON; unknown keys are refused.
    let l: TallyLimits = serde_json::from_str(r#"{"maxBallots": 7}"#).unwrap();
    assert_eq!(l, limits(DEFAULT_MAX_UNITS, 7));
    assert!(serde_json::from_str::<TallyLimits>(r#"{"maxBallot": 7}"#).is_err());
}
