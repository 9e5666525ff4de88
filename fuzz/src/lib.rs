//! The checks of the fuzz targets, one function per target: `fuzz_targets/*.rs` call them
//! under libFuzzer, and the root crate's `tests/fuzz_corpus.rs` includes this file to run
//! every committed seed and regression input (`fuzz/corpus/<target>/`) through the same
//! checks natively in `cargo test`. Plain Rust: no libFuzzer here.

/// Fuzz target: GeoJSON grid parsing, index build, assign and locate.
///
/// Any text goes to `GridMap::from_geojson` (an error is fine; a panic is a bug). A map that
/// reads is indexed, and positions derived from its own vertices and bounding boxes (where the
/// boundary rule is hardest) are assigned in every datum and located. Checked: the counts add
/// up, every assigned cell is a leaf, and the index agrees with the brute-force boundary rule.
pub mod grid {
    use jinlin::crs::Datum;
    use jinlin::geocode::{locate_brute_force, GridIndex};
    use jinlin::grid::{GridMap, GridOptions};

    /// At most this many positions per input, so that brute force stays cheap.
    const MAX_POSITIONS: usize = 96;

    /// Runs the `grid` target's checks on one input (panics on a finding).
    pub fn check(data: &[u8]) {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        // The id property and datum vary with the input's length, so every option is reached.
        let options = GridOptions {
            datum: [Datum::Wgs84, Datum::Gcj02, Datum::Bd09][data.len() % 3],
            id_property: if data.len() % 5 == 0 {
                "code".into()
            } else {
                "id".into()
            },
            // Small caps on some inputs, so the limit checks are fuzzed too.
            max_cells: if data.len() % 7 == 0 { 3 } else { 20_000 },
            max_vertices: if data.len() % 11 == 0 { 40 } else { 250_000 },
        };
        let Ok(map) = GridMap::from_geojson(text, &options) else {
            return;
        };
        assert!(!map.cells.is_empty(), "a map that reads has cells");
        let index = GridIndex::new(&map);
        let leaves = map.leaves();

        // Positions: every vertex, each bbox's corners and centre, and a few hostile values.
        let mut positions = vec![f64::NAN, 0.0, 181.0, 24.0, f64::INFINITY, -1e308];
        'cells: for cell in &map.cells {
            for polygon in &cell.polygons {
                for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                    for c in ring.0.iter() {
                        if positions.len() >= 2 * MAX_POSITIONS {
                            break 'cells;
                        }
                        positions.extend([c.x, c.y]);
                        // Just inside or outside the vertex, in all four directions.
                        let e = 1e-9;
                        positions.extend([c.x + e, c.y + e, c.x - e, c.y - e]);
                    }
                }
            }
        }
        let cells: Vec<_> = leaves
            .iter()
            .map(|&i| (i, map.cells[i as usize].polygons.clone()))
            .collect();
        let a = index
            .assign(&positions, map.datum, None)
            .expect("an even number of positions is accepted");
        let n = positions.len() / 2;
        assert_eq!(a.cell.len(), n);
        let s = a.summary;
        assert_eq!(
            u64::from(s.assigned) + u64::from(s.outside) + u64::from(s.invalid),
            n as u64,
            "assigned + outside + invalid = positions"
        );
        assert!(
            s.invalid >= 3,
            "NaN, out-of-range and infinite positions are invalid"
        );
        let mut leaf_total = 0u64;
        for &leaf in &leaves {
            leaf_total += u64::from(a.households[leaf as usize]);
        }
        assert_eq!(leaf_total, u64::from(s.assigned), "leaf counts add up");
        for (k, &c) in a.cell.iter().enumerate() {
            let (lng, lat) = (positions[2 * k], positions[2 * k + 1]);
            let brute = locate_brute_force(&cells, lng, lat);
            let got = (c >= 0).then_some(c as u32);
            if lng.is_finite() && lat.is_finite() && lng.abs() <= 180.0 && lat.abs() <= 90.0 {
                assert_eq!(
                    got, brute,
                    "index and brute force disagree at [{lng}, {lat}]"
                );
            } else {
                assert_eq!(got, None);
            }
            if let Some(c) = got {
                assert!(leaves.contains(&c), "assigned to a leaf");
                assert_eq!(index.locate(lng, lat, map.datum, 0.0), Some((c, 0.0)));
            }
        }
        // Other datums and persons: only "no panic" and the totals.
        let persons: Vec<u32> = (0..n as u32).map(|i| i % 7).collect();
        for datum in [Datum::Wgs84, Datum::Gcj02, Datum::Bd09] {
            let b = index.assign(&positions, datum, Some(&persons)).unwrap();
            assert_eq!(b.cell.len(), n);
            let _ = index.locate(positions[0], positions[1], datum, 250.0);
        }
        assert!(index
            .assign(&positions[..positions.len() - 1], map.datum, None)
            .is_err());
        assert!(index
            .assign(&positions, map.datum, Some(&persons[1..]))
            .is_err());
        for &(lng, lat) in &[(118.08, 24.46), (f64::NAN, 1.0), (0.0, 0.0)] {
            let _ = index.locate(lng, lat, map.datum, 1e7);
            let _ = index.locate(lng, lat, map.datum, f64::INFINITY);
            let _ = index.locate(lng, lat, map.datum, f64::NAN);
        }
    }
}

/// Fuzz target: tally input parsing, the count, the hash chain and its verification.
///
/// Any text is read as a `TallyInput` (`{snapshot, ballots}`) and, failing that, as a published
/// log `{snapshot, entries, head}`; errors are fine, panics are bugs. For input that counts:
/// a recount gives the same canonical JSON, the prepared path (Roster, BallotLog) gives the
/// same result, the log built by `build_log` verifies against the result's head, every receipt
/// is found, and a changed hash or head is caught at the right entry.
pub mod tally {
    use jinlin::tally::{
        build_log, result_json, tally, verify_chain, verify_receipt, LogEntry, Roster, Snapshot,
        TallyInput,
    };

    #[derive(serde::Deserialize)]
    struct Published {
        snapshot: Snapshot,
        entries: Vec<LogEntry>,
        head: String,
    }

    /// Runs the `tally` target's checks on one input (panics on a finding).
    pub fn check(data: &[u8]) {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        if let Ok(p) = serde_json::from_str::<Published>(text) {
            published(p);
            return;
        }
        let Ok(input) = serde_json::from_str::<TallyInput>(text) else {
            return;
        };
        let Ok(result) = tally(&input) else {
            // The prepared path must refuse it too (with some error), not panic.
            if let Ok(roster) = Roster::new(&input.snapshot) {
                assert!(roster.prepare(input.ballots.clone()).is_err());
            }
            return;
        };
        let json = result_json(&result).expect("a result has canonical JSON");
        assert_eq!(
            result_json(&tally(&input).unwrap()).unwrap(),
            json,
            "recount"
        );

        let roster = Roster::new(&input.snapshot).unwrap();
        let mut log = roster.prepare(input.ballots.clone()).unwrap();
        let unhashed = roster.tally(&log).unwrap();
        assert_eq!(unhashed.log_head, None);
        for (a, b) in unhashed.matters.iter().zip(&result.matters) {
            assert_eq!(a.figures, b.figures, "figures do not depend on hashing");
        }
        log.compute_hashes();
        assert_eq!(result_json(&roster.tally(&log).unwrap()).unwrap(), json);

        let entries = build_log(&input.snapshot, &input.ballots).unwrap();
        let head = result
            .log_head
            .clone()
            .expect("the one-call tally computes the head");
        assert_eq!(entries.len(), input.ballots.len());
        if let Some(last) = entries.last() {
            assert_eq!(last.hash, head);
        } else {
            assert_eq!(head, roster.hash());
        }
        assert_eq!(verify_chain(&input.snapshot, &entries, &head), Ok(()));
        assert_eq!(log.verify(&head), Ok(()));
        for (i, e) in entries.iter().enumerate().take(16) {
            let found = verify_receipt(&entries, &e.hash).unwrap();
            assert!(
                found <= i,
                "a receipt is found at its entry (or an equal earlier one)"
            );
            assert_eq!(log.find_receipt(&e.hash), Some(found));
        }
        let supplied = roster.prepare_log(entries.clone()).unwrap();
        assert_eq!(supplied.verify(&head), Ok(()));
        let r = roster.tally(&supplied).unwrap();
        assert_eq!(r.log_head.as_deref(), Some(head.as_str()));
        // Tamper evidence: the first changed entry is named; a wrong head is caught at the end.
        if !entries.is_empty() {
            let k = data.len() % entries.len();
            let mut bad = entries.clone();
            let flip = if bad[k].hash.starts_with('0') {
                "1"
            } else {
                "0"
            };
            bad[k].hash.replace_range(0..1, flip);
            let e = verify_chain(&input.snapshot, &bad, &head).unwrap_err();
            assert_eq!(e.index, k);
        }
        let wrong = if head.starts_with('0') { "1" } else { "0" }.repeat(64);
        assert_eq!(
            verify_chain(&input.snapshot, &entries, &wrong)
                .unwrap_err()
                .index,
            entries.len()
        );
    }

    /// A published log checked as a resident would; an arbitrary log must not panic.
    fn published(p: Published) {
        let ok = verify_chain(&p.snapshot, &p.entries, &p.head).is_ok();
        for e in p.entries.iter().take(8) {
            let _ = verify_receipt(&p.entries, &e.hash);
        }
        let Ok(roster) = Roster::new(&p.snapshot) else {
            return;
        };
        if let Ok(log) = roster.prepare_log(p.entries) {
            assert_eq!(log.verify(&p.head).is_ok(), ok, "both verifiers agree");
            let _ = roster.tally(&log);
        }
    }
}

/// Fuzz target: SVG rendering with arbitrary names and values, and the announcement (公示)
/// SVG with arbitrary titles and candidate names.
///
/// Input layout: byte 0 the number of cells and their size, bytes 1–3 the classification and
/// zoom; the rest split at 0xFF: one name per cell (lossy UTF-8), then values as 8-byte
/// floats (any bit pattern: NaN, infinities, subnormals). Checked: no panic, and the SVG
/// has only the elements the renderer writes — text from data never becomes markup.
pub mod render_svg {
    use geo::{LineString, Polygon};
    use jinlin::grid::Level;
    use jinlin::render::{ClassMethod, Classification, Scene, Viewport};
    use jinlin::tally::{announcement_svg, tally, Announcement, AnnouncementStatus, TallyInput};

    /// A closed square ring `[lng, lat]` as a polygon.
    fn square(x: f64, y: f64, d: f64) -> Polygon<f64> {
        Polygon::new(
            LineString::from(vec![(x, y), (x + d, y), (x + d, y + d), (x, y + d), (x, y)]),
            vec![],
        )
    }

    /// Checks that `svg` is markup the writers made, with every piece of data escaped: each `<`
    /// opens an element the writer emits, attribute values hold no `<`, `>` or `"`, text between
    /// tags holds no `>`, every `&` starts an entity, and every `<text>` is closed once. Any raw
    /// `<`, `>`, `"` or `&` from a name or a title would break one of these.
    fn assert_only_elements(svg: &str, allowed: &[&str]) {
        let b = svg.as_bytes();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'<' => {
                    let name: String = svg[i + 1..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
                        .collect();
                    assert!(
                        allowed.contains(&name.trim_start_matches('/')),
                        "unexpected element <{name}> in {svg}"
                    );
                    // To the end of the tag; quoted values may not hold markup characters.
                    let mut quoted = false;
                    i += 1;
                    while i < b.len() && (quoted || b[i] != b'>') {
                        match b[i] {
                            b'"' => quoted = !quoted,
                            b'<' => panic!("raw < inside a tag at byte {i} of {svg}"),
                            b'>' if quoted => panic!("raw > in an attribute at byte {i} of {svg}"),
                            _ => {}
                        }
                        i += 1;
                    }
                    assert!(i < b.len(), "unterminated tag in {svg}");
                }
                b'>' => panic!("raw > in text at byte {i} of {svg}"),
                b'&' => {
                    let rest = &svg[i..];
                    assert!(
                        ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#"]
                            .iter()
                            .any(|e| rest.starts_with(e)),
                        "bare & at byte {i} of {svg}"
                    );
                }
                _ => {}
            }
            i += 1;
        }
        assert_eq!(
            svg.matches("<text").count(),
            svg.matches("</text>").count(),
            "every <text> is closed exactly once"
        );
    }

    /// Runs the `render_svg` target's checks on one input (panics on a finding).
    pub fn check(data: &[u8]) {
        if data.len() < 4 {
            return;
        }
        let n = 1 + usize::from(data[0] % 6);
        let d = 10f64.powi(-i32::from(data[0] / 6 % 8));
        let mut parts = data[4..].split(|&b| b == 0xFF);
        let names: Vec<String> = (0..n)
            .map(|_| String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned())
            .collect();
        let rest: Vec<u8> = parts.flatten().copied().collect();
        let mut values: Vec<f64> = rest
            .chunks_exact(8)
            .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
            .collect();
        values.resize(n, f64::NAN);

        // Map cells: a row of squares near Xiamen, one level each, streets first.
        let cells: Vec<(u32, Vec<Polygon<f64>>)> = (0..n)
            .map(|i| (i as u32, vec![square(118.08 + i as f64 * d, 24.46, d)]))
            .collect();
        let levels: Vec<Level> = (0..n)
            .map(|i| [Level::Street, Level::Community, Level::Grid][i % 3])
            .collect();
        let dpr = 1.0 + f64::from(data[3] % 3);
        let vp = Viewport::new(800.0, 600.0, dpr, [118.08, 24.46], 12.0).unwrap();
        let mut scene = Scene::new(&cells, &names, vp).unwrap();
        scene.set_levels(&levels).unwrap();
        let _ = scene.set_values(&values);
        let method = [
            ClassMethod::Quantile,
            ClassMethod::EqualInterval,
            ClassMethod::NaturalBreaks,
            ClassMethod::Manual,
        ][usize::from(data[1] % 4)];
        let _ = scene.set_classification(Classification {
            method,
            classes: usize::from(data[2] % 11),
            breaks: (method == ClassMethod::Manual).then(|| values.clone()),
            ..Classification::default()
        });
        let _ = scene.fit_bounds(16.0);
        let _ = scene.zoom_at(400.0, 300.0, f64::from(data[2]) / 64.0);
        let _ = scene.set_hover(Some(0));
        let _ = scene.set_selected(Some((n - 1) as u32));
        let legend = scene.legend();
        let _ = legend;
        let svg = scene.to_svg();
        assert_only_elements(&svg, &["svg", "rect", "path", "title", "text", "circle"]);
        let _ = scene.pick(400.0, 300.0);

        // The announcement of a matter whose title, id and candidates come from the input.
        let mut input: serde_json::Value = serde_json::from_str(include_str!(
            "../../tests/fixtures/tally/election_seats/input.json"
        ))
        .unwrap();
        input["snapshot"]["matters"][0]["title"] = names[0].clone().into();
        for (k, c) in input["snapshot"]["matters"][0]["election"]["candidates"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .enumerate()
        {
            c["name"] = names[k % n].clone().into();
        }
        input["snapshot"]["assembly"]["id"] = names[n - 1].clone().into();
        let Ok(input) = serde_json::from_value::<TallyInput>(input) else {
            return;
        };
        let Ok(result) = tally(&input) else {
            return;
        };
        let status = if data[1] % 2 == 0 {
            AnnouncementStatus::Final
        } else {
            AnnouncementStatus::Preliminary {
                objection_period_ends: names[n - 1].clone(),
            }
        };
        // a preliminary status's objection date must be a date or an RFC 3339 instant: any
        // other text is refused (TALLY_INVALID_TIME), never printed; then a valid one is used
        let a = match Announcement::from_result(&result, "E", status) {
            Ok(a) => a,
            Err(e) => {
                assert_eq!(e.code(), "TALLY_INVALID_TIME", "{e}");
                let valid = AnnouncementStatus::Preliminary {
                    objection_period_ends: "2024-07-15".into(),
                };
                Announcement::from_result(&result, "E", valid).unwrap()
            }
        };
        let svg = announcement_svg(&a);
        // long lines wrap into <tspan>s of their <text>
        assert_only_elements(&svg, &["svg", "rect", "text", "tspan"]);
        // no bidirectional control from a name reaches the notice (it could mirror a line)
        assert!(!svg
            .chars()
            .any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')));
    }
}
