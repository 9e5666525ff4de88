//! Caps on the size of a grid map, checked before the map is built, so that a phone (iOS
//! WKWebView kills a page that uses a few hundred MB) gets a coded error instead of a killed
//! page (issue #6).
//!
//! The positions of GeoJSON text are counted while it is read straight into cells
//! (parse_text.rs, which stops at the cap), or, when that fast path gives up, by one pass over
//! its bytes that allocates nothing, before it is parsed into a tree (the tree takes ~150 bytes
//! per position); the features, and the positions of an already parsed value, by a walk of the
//! value bounded in depth.

use serde_json::Value;

use super::{GridError, GridOptions};

/// Default of [`GridOptions::max_cells`]: 20,000 features (the Siming sample has 709; a whole
/// city's street › community › grid map a few thousand).
pub const DEFAULT_MAX_CELLS: usize = 20_000;

/// Default of [`GridOptions::max_vertices`]: 250,000 positions in all rings of all features
/// (the Siming sample has 19,745, its densified form 64,486). At the cap, reading the map and
/// building its index grows the wasm memory by about 100 MB (measured; ~400 bytes a position:
/// the text, the parsed JSON tree, the rings, the index), a quarter of what iOS allows a page.
pub const DEFAULT_MAX_VERTICES: usize = 250_000;

/// Features and positions of a GeoJSON FeatureCollection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Size {
    /// Members of the top-level `features` array.
    pub features: usize,
    /// Positions: arrays starting with a number inside the value of a `coordinates` member
    /// (geometry), not in properties or a `bbox`.
    pub positions: usize,
}

impl Size {
    /// Fails when the size exceeds the caps of `options`.
    pub fn check(self, options: &GridOptions) -> Result<(), GridError> {
        if self.features > options.max_cells {
            return Err(GridError::TooManyCells {
                count: self.features,
                limit: options.max_cells,
            });
        }
        if self.positions > options.max_vertices {
            return Err(GridError::TooManyVertices {
                count: self.positions,
                limit: options.max_vertices,
            });
        }
        Ok(())
    }
}

/// The member name whose value holds a geometry's positions.
const COORDINATES: &[u8] = b"coordinates";

/// Counts the positions in GeoJSON text without parsing it into a tree: one pass over the
/// bytes, allocating nothing. A position is an array whose first element is a number, outside
/// strings, inside the value of a `"coordinates"` member: a `bbox` or a numeric array among the
/// properties does not count. (A member name written with escapes, such as
/// `"coordin\u0061tes"`, is taken for `coordinates`: the count stays an upper bound of the
/// positions the parser reads from geometries.)
pub(crate) fn positions_in_text(text: &str) -> usize {
    let mut count = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut after_bracket = false;
    // nesting of `[` and `{`; the nesting at which a `coordinates` value started
    let mut depth = 0usize;
    let mut coordinates_at: Option<usize> = None;
    // the last string read: could it be `coordinates` (matched so far, or had an escape)?
    let (mut matched, mut maybe_coordinates, mut last_was_coordinates) = (0usize, false, false);
    for &b in text.as_bytes() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
                maybe_coordinates = true;
            } else if b == b'"' {
                in_string = false;
                last_was_coordinates = maybe_coordinates || matched == COORDINATES.len();
            } else if COORDINATES.get(matched) == Some(&b) {
                matched += 1;
            } else {
                matched = usize::MAX / 2; // cannot match any more
            }
            continue;
        }
        match b {
            b'"' => {
                in_string = true;
                (matched, maybe_coordinates) = (0, false);
                after_bracket = false;
            }
            b':' => {
                if last_was_coordinates && coordinates_at.is_none() {
                    coordinates_at = Some(depth);
                }
                after_bracket = false;
            }
            b'[' | b'{' => {
                depth += 1;
                after_bracket = b == b'[';
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if coordinates_at.is_some_and(|d| depth < d) {
                    coordinates_at = None;
                }
                after_bracket = false;
            }
            b',' => {
                // the end of the `coordinates` member's value
                if coordinates_at == Some(depth) {
                    coordinates_at = None;
                }
                after_bracket = false;
            }
            b' ' | b'\t' | b'\n' | b'\r' => {}
            b'-' | b'0'..=b'9' if after_bracket => {
                if coordinates_at.is_some_and(|d| depth > d) {
                    count += 1;
                }
                after_bracket = false;
            }
            _ => after_bracket = false,
        }
        if b != b'"' && !b.is_ascii_whitespace() && b != b':' {
            last_was_coordinates = false;
        }
    }
    count
}

/// Measures an already parsed GeoJSON value as [`positions_in_text`] measures its text.
pub(crate) fn size_of_value(value: &Value) -> Size {
    Size {
        features: value
            .get("features")
            .and_then(Value::as_array)
            .map_or(0, Vec::len),
        positions: positions_in(value, 0, false),
    }
}

/// Arrays starting with a number in the value of a `coordinates` member in `v`
/// (`in_coordinates`: `v` is inside one), at most [`MAX_DEPTH`] levels deep (a parsed JSON
/// value is at most 128 deep; a deeper hand-built one is not measured below that).
fn positions_in(v: &Value, depth: u32, in_coordinates: bool) -> usize {
    if depth > MAX_DEPTH {
        return 0;
    }
    match v {
        Value::Array(a) if in_coordinates && a.first().is_some_and(Value::is_number) => 1,
        Value::Array(a) => a.iter().fold(0usize, |n, x| {
            n.saturating_add(positions_in(x, depth + 1, in_coordinates))
        }),
        Value::Object(o) => o.iter().fold(0usize, |n, (k, x)| {
            n.saturating_add(positions_in(
                x,
                depth + 1,
                in_coordinates || k == "coordinates",
            ))
        }),
        _ => 0,
    }
}

/// How deep [`positions_in`] looks (serde_json's own recursion limit).
const MAX_DEPTH: u32 = 128;

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"{"type":"FeatureCollection","bbox":[1,2,3,4],"features":[
      {"type":"Feature","properties":{"id":"a","xs":[1,2]},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
      {"type":"Feature","properties":{"id":"b"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0,5],[1,0],[1,1],[0,0]]],[[[2,2],[3,2],[3,3],[2,2]],[[2.1,2.1],[2.2,2.1],[2.1,2.2],[2.1,2.1]]]]}}
    ]}"#;

    #[test]
    fn text_and_value_measure_alike() {
        // 16 positions; the bbox and the numeric property do not count.
        assert_eq!(positions_in_text(TEXT), 16);
        let v: Value = serde_json::from_str(TEXT).unwrap();
        assert_eq!(
            size_of_value(&v),
            Size {
                features: 2,
                positions: 16
            }
        );
        // Strings, escapes and whitespace: `["[1", "\\"[2"]` holds no position; `[ -1]` is one.
        let coordinates = |inner: &str| format!(r#"{{"coordinates": {inner}, "x": [[1, 2]]}}"#);
        assert_eq!(
            positions_in_text(&coordinates(r#"["[1", "\\\"[2", [ -1], [[ 2.5e3 ]]]"#)),
            2
        );
        // not in properties, a bbox, another member or after the coordinates' value
        let props = r#"{"properties": {"xs": [[1, 2], [3, 4]], "coordinates_x": [[1]]}, "bbox": [1, 2, 3, 4],
            "geometry": {"coordinates" : [[0, 0], [1, 1]], "type": "Polygon", "y": [[5, 6]]}, "z": [[7]]}"#;
        assert_eq!(positions_in_text(props), 2);
        let v: Value = serde_json::from_str(props).unwrap();
        assert_eq!(size_of_value(&v).positions, 2);
        // a member name with an escape may be `coordinates`: counted (an upper bound)
        assert_eq!(
            positions_in_text(r#"{"coordin\u0061tes": [[1, 2]], "c\u006fx": [[3, 4]]}"#),
            2
        );
        // a string value "coordinates" is no member name
        assert_eq!(
            positions_in_text(r#"{"a": "coordinates", "b": [[1, 2]]}"#),
            0
        );
        assert_eq!(positions_in_text("[[[[[[[[["), 0);
        assert_eq!(size_of_value(&Value::Null), Size::default());
    }

    #[test]
    fn the_caps_name_limit_and_count() {
        let size = Size {
            features: 2,
            positions: 16,
        };
        let mut o = GridOptions {
            max_cells: 1,
            ..GridOptions::default()
        };
        let e = size.check(&o).unwrap_err();
        assert_eq!(e.code(), "GEOJSON_TOO_MANY_CELLS");
        assert!(e.to_string().contains("2 features") && e.to_string().contains("maxCells = 1"));
        o.max_cells = 2;
        o.max_vertices = 15;
        let e = size.check(&o).unwrap_err();
        assert_eq!(e.code(), "GEOJSON_TOO_MANY_VERTICES");
        assert!(e.to_string().contains("16 positions") && e.to_string().contains("= 15"));
        o.max_vertices = 16;
        assert_eq!(size.check(&o), Ok(()));
    }
}
