//! The real Siming sample (generated in memory by `scripts/siming-sample`, the same bytes the
//! demo serves): the grid map validates, its cells tile exactly (no overlaps, gaps or parts
//! outside a parent), and geocoding puts every one of its ~410,000 households into the grid
//! the generator placed it in, natively.

use jinlin::{Datum, GridIndex, GridMap, GridOptions, Level};

fn sample_files() -> Vec<(String, Vec<u8>)> {
    let sample = siming_sample::generate(siming_sample::DEFAULT_SEED);
    siming_sample::output::render(&sample).files
}

fn file<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &files.iter().find(|(n, _)| n == name).expect(name).1
}

#[test]
fn every_household_lands_in_its_true_grid() {
    let files = sample_files();
    let positions: Vec<f64> = file(&files, "households.f64")
        .chunks_exact(8)
        .map(|b| f64::from_le_bytes(b.try_into().unwrap()))
        .collect();
    let truth: Vec<i32> = file(&files, "truth.i32")
        .chunks_exact(4)
        .map(|b| i32::from_le_bytes(b.try_into().unwrap()))
        .collect();
    let persons: Vec<u32> = file(&files, "persons.u8")
        .iter()
        .map(|&p| p.into())
        .collect();
    let manifest: serde_json::Value =
        serde_json::from_slice(file(&files, "manifest.json")).unwrap();
    assert!(truth.len() > 400_000, "{} households", truth.len());
    let options = GridOptions {
        datum: Datum::Gcj02,
        ..Default::default()
    };
    for name in ["grid.geojson", "grid-dense.geojson"] {
        let grid =
            GridMap::from_geojson(std::str::from_utf8(file(&files, name)).unwrap(), &options)
                .unwrap();
        assert_eq!(grid.cells.len(), 709, "{name}");
        assert_eq!(grid.leaves().len(), 600, "{name}");
        // The text is read straight into typed features (no `Value` tree): the very cells the
        // `Value` path builds, every coordinate bit for bit.
        let value: serde_json::Value = serde_json::from_slice(file(&files, name)).unwrap();
        let by_value = GridMap::from_geojson_value(&value, &options).unwrap();
        // (`Debug` prints every f64 exactly, -0.0 apart from 0.0.)
        assert!(
            format!("{:?}", grid.cells) == format!("{:?}", by_value.cells),
            "{name}: differs from the Value path"
        );
        let r = GridIndex::new(&grid)
            .assign(&positions, Datum::Gcj02, Some(&persons))
            .unwrap();
        let wrong = r.cell.iter().zip(&truth).filter(|(a, b)| a != b).count();
        assert_eq!(
            wrong, 0,
            "{name}: households assigned to another grid than the truth"
        );
        assert_eq!(r.summary.assigned as usize, truth.len());
        assert_eq!(r.summary.outside + r.summary.invalid, 0);
        // Roll-ups equal the generator's own counts for every street, community and grid.
        for c in manifest["per_cell"].as_array().unwrap() {
            let i = grid.cell_index(c["id"].as_str().unwrap()).unwrap() as usize;
            assert_eq!(
                u64::from(r.households[i]),
                c["households"].as_u64().unwrap()
            );
            assert_eq!(r.persons[i], c["persons"].as_u64().unwrap());
        }
        let streets: u64 = grid
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.level == Level::Street)
            .map(|(i, _)| u64::from(r.households[i]))
            .sum();
        assert_eq!(streets as usize, truth.len());
    }
}

#[test]
fn the_sample_tiles_exactly_by_the_diagnostics() {
    let files = sample_files();
    let grid = GridMap::from_geojson(
        std::str::from_utf8(file(&files, "grid.geojson")).unwrap(),
        &GridOptions {
            datum: Datum::Gcj02,
            ..Default::default()
        },
    )
    .unwrap();
    let d = grid.diagnostics(1.0);
    assert!(
        d.overlaps.is_empty(),
        "{:?}",
        &d.overlaps[..d.overlaps.len().min(5)]
    );
    assert!(d.gaps.is_empty(), "{:?}", &d.gaps[..d.gaps.len().min(5)]);
    assert!(
        d.outside_parent.is_empty(),
        "{:?}",
        &d.outside_parent[..d.outside_parent.len().min(5)]
    );
}
