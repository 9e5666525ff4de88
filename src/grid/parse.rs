//! Reading a grid map from GeoJSON (RFC 7946), one feature at a time, so that every error
//! names the feature at fault.

use super::validate::{check_hierarchy, check_polygon_rings};
use super::{Cell, GridError, GridMap, GridOptions, Level};
use geo::{Coord, LineString, Polygon, Winding};
use serde_json::{Map, Value};

/// A feature read and checked on its own, before the cross-feature checks.
pub(crate) struct RawCell {
    pub id: String,
    pub name: String,
    pub level: Level,
    pub parent: Option<String>,
    pub worker: Option<String>,
    pub polygons: Vec<Polygon<f64>>,
    pub feature_index: u32,
}

/// The JSON type of a value, for messages.
fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A short rendering of a JSON value for messages (at most ~40 characters). An array is
/// printed one level deep; nested arrays and objects are named by type, not printed (they
/// may be arbitrarily deep).
fn abbreviate(v: &Value) -> String {
    let s = match v {
        Value::Object(_) => return json_type(v).to_string(),
        Value::Array(items) => {
            let inner: Vec<String> = items
                .iter()
                .take(8)
                .map(|item| match item {
                    Value::Array(_) | Value::Object(_) => json_type(item).to_string(),
                    scalar => scalar.to_string(),
                })
                .collect();
            let more = if items.len() > 8 { ", ..." } else { "" };
            format!("[{}{more}]", inner.join(", "))
        }
        scalar => scalar.to_string(),
    };
    if s.chars().count() > 40 {
        let cut: String = s.chars().take(37).collect();
        format!("{cut}...")
    } else {
        s
    }
}

/// Reads an id-like value: a non-empty string, or an integer written in decimal.
fn id_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}

pub(crate) fn u32_of(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Parses the whole FeatureCollection into a validated [`GridMap`].
pub(crate) fn parse_collection(value: &Value, options: &GridOptions) -> Result<GridMap, GridError> {
    let object = match value {
        Value::Object(o) => o,
        other => {
            return Err(GridError::NotFeatureCollection {
                found: json_type(other).to_string(),
            })
        }
    };
    match object.get("type") {
        Some(Value::String(t)) if t == "FeatureCollection" => {}
        Some(Value::String(t)) => {
            return Err(GridError::NotFeatureCollection {
                found: format!("a GeoJSON object of type {t:?}"),
            })
        }
        _ => {
            return Err(GridError::NotFeatureCollection {
                found: "an object without a string \"type\" member".to_string(),
            })
        }
    }
    let features = match object.get("features") {
        Some(Value::Array(f)) => f,
        Some(other) => {
            return Err(GridError::NotFeatureCollection {
                found: format!(
                    "a FeatureCollection whose \"features\" is {}",
                    json_type(other)
                ),
            })
        }
        None => {
            return Err(GridError::NotFeatureCollection {
                found: "a FeatureCollection without \"features\"".to_string(),
            })
        }
    };
    if features.is_empty() {
        return Err(GridError::Empty);
    }
    let raw = features
        .iter()
        .enumerate()
        .map(|(i, f)| parse_feature(u32_of(i), f, options))
        .collect::<Result<Vec<_>, _>>()?;
    let parents = check_hierarchy(&raw)?;
    Ok(assemble(raw, parents, options))
}

/// Sorts the cells by id and resolves parent ids to indices.
///
/// `parents[k]` is the index in `raw` of raw cell `k`'s parent.
pub(crate) fn assemble(
    raw: Vec<RawCell>,
    parents: Vec<Option<usize>>,
    options: &GridOptions,
) -> GridMap {
    let mut order: Vec<usize> = (0..raw.len()).collect();
    order.sort_by(|&a, &b| raw[a].id.cmp(&raw[b].id));
    // rank[k] = position of raw cell k after sorting.
    let mut rank = vec![0u32; raw.len()];
    for (pos, &k) in order.iter().enumerate() {
        rank[k] = u32_of(pos);
    }
    let mut slots: Vec<Option<RawCell>> = raw.into_iter().map(Some).collect();
    let cells = order
        .iter()
        .filter_map(|&k| {
            let r = slots[k].take()?;
            Some(Cell {
                id: r.id,
                name: r.name,
                level: r.level,
                parent: parents[k].map(|p| rank[p]),
                worker: r.worker,
                polygons: r.polygons,
                feature_index: r.feature_index,
            })
        })
        .collect();
    GridMap {
        cells,
        datum: options.datum,
    }
}

/// Reads one Feature: its properties and its geometry.
fn parse_feature(index: u32, feature: &Value, options: &GridOptions) -> Result<RawCell, GridError> {
    let invalid = |message: String| GridError::InvalidFeature { index, message };
    let object = match feature {
        Value::Object(o) => o,
        other => {
            return Err(invalid(format!(
                "expected a Feature object, found {}",
                json_type(other)
            )))
        }
    };
    match object.get("type") {
        Some(Value::String(t)) if t == "Feature" => {}
        Some(Value::String(t)) => {
            return Err(invalid(format!("expected type \"Feature\", found {t:?}")))
        }
        _ => return Err(invalid("missing \"type\": \"Feature\"".to_string())),
    }
    let empty = Map::new();
    let properties = match object.get("properties") {
        None | Some(Value::Null) => &empty,
        Some(Value::Object(p)) => p,
        Some(other) => {
            return Err(invalid(format!(
                "\"properties\" must be an object or null, found {}",
                json_type(other)
            )))
        }
    };

    // The id: the configured property, else the Feature's own "id" member (RFC 7946 §3.2).
    let id_value = match properties.get(&options.id_property) {
        None | Some(Value::Null) => object.get("id").filter(|v| !v.is_null()),
        Some(v) => Some(v),
    };
    let id = match id_value {
        None => {
            return Err(GridError::MissingId {
                index,
                property: options.id_property.clone(),
            })
        }
        Some(v) => id_string(v).ok_or_else(|| GridError::InvalidId {
            index,
            property: options.id_property.clone(),
            found: abbreviate(v),
        })?,
    };
    let some_id = || Some(id.clone());

    let level = match properties.get("level") {
        None | Some(Value::Null) => {
            return Err(GridError::UnknownLevel {
                index,
                id: some_id(),
                level: None,
            })
        }
        Some(Value::String(s)) => match s.as_str() {
            "street" => Level::Street,
            "community" => Level::Community,
            "grid" => Level::Grid,
            _ => {
                return Err(GridError::UnknownLevel {
                    index,
                    id: some_id(),
                    level: Some(s.clone()),
                })
            }
        },
        Some(other) => {
            return Err(GridError::UnknownLevel {
                index,
                id: some_id(),
                level: Some(abbreviate(other)),
            })
        }
    };

    let bad_property = |property: &str, expected: &str| GridError::InvalidProperty {
        index,
        id: some_id(),
        property: property.to_string(),
        expected: expected.to_string(),
    };
    let name = match properties.get("name") {
        None | Some(Value::Null) => id.clone(),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(bad_property("name", "a string")),
    };
    let worker = match properties.get("worker") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(bad_property("worker", "a string or null")),
    };
    // An empty parent is a mistake (ids are never empty), not a top-level cell: a grid read as
    // top level would be drawn and counted apart from its community.
    let parent = match properties.get("parent") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.is_empty() => {
            return Err(bad_property(
                "parent",
                "the id of another feature (a non-empty string or an integer), or null or absent at the top; found \"\"",
            ))
        }
        Some(v) => Some(id_string(v).ok_or_else(|| {
            bad_property(
                "parent",
                "the id of another feature (a string or an integer), or null",
            )
        })?),
    };

    let polygons = parse_geometry(index, &id, object.get("geometry"))?;
    Ok(RawCell {
        id,
        name,
        level,
        parent,
        worker,
        polygons,
        feature_index: index,
    })
}

/// Reads a Polygon or MultiPolygon geometry into its polygons, checking every ring.
fn parse_geometry(
    index: u32,
    id: &str,
    geometry: Option<&Value>,
) -> Result<Vec<Polygon<f64>>, GridError> {
    let invalid = |message: String| GridError::InvalidGeometry {
        index,
        id: Some(id.to_string()),
        message,
    };
    let object = match geometry {
        None | Some(Value::Null) => return Err(invalid("geometry is null".to_string())),
        Some(Value::Object(o)) => o,
        Some(other) => {
            return Err(invalid(format!(
                "geometry must be an object, found {}",
                json_type(other)
            )))
        }
    };
    let kind = match object.get("type") {
        Some(Value::String(t)) => t.as_str(),
        _ => return Err(invalid("geometry has no \"type\"".to_string())),
    };
    let coordinates = match object.get("coordinates") {
        Some(Value::Array(c)) => c,
        _ => {
            return Err(invalid(format!(
                "{kind} geometry has no \"coordinates\" array"
            )))
        }
    };
    let polygons: Vec<&Value> = match kind {
        "Polygon" => vec![object.get("coordinates").unwrap_or(&Value::Null)],
        "MultiPolygon" => {
            if coordinates.is_empty() {
                return Err(invalid("MultiPolygon has no polygons".to_string()));
            }
            coordinates.iter().collect()
        }
        other => {
            return Err(invalid(format!(
                "geometry type {other:?} is not Polygon or MultiPolygon"
            )))
        }
    };
    let mut out = Vec::with_capacity(polygons.len());
    for (p, polygon) in polygons.into_iter().enumerate() {
        let p = u32_of(p);
        let rings = match polygon {
            Value::Array(r) if !r.is_empty() => r,
            Value::Array(_) => return Err(invalid(format!("polygon {p} has no rings"))),
            other => {
                return Err(invalid(format!(
                    "polygon {p} must be an array of rings, found {}",
                    json_type(other)
                )))
            }
        };
        let mut parsed: Vec<Vec<Coord<f64>>> = Vec::with_capacity(rings.len());
        for (r, ring) in rings.iter().enumerate() {
            let r = u32_of(r);
            let positions = match ring {
                Value::Array(a) => a,
                other => {
                    return Err(invalid(format!(
                        "ring {r} of polygon {p} must be an array of positions, found {}",
                        json_type(other)
                    )))
                }
            };
            parsed.push(parse_ring(index, id, p, r, positions)?);
        }
        out.push(build_polygon(index, id, p, &parsed)?);
    }
    Ok(out)
}

/// Checks and cleans the rings of polygon `polygon` of feature `index` (see
/// [`check_polygon_rings`]) and builds the polygon, oriented as RFC 7946 says (exterior
/// counter-clockwise).
pub(crate) fn build_polygon(
    index: u32,
    id: &str,
    polygon: u32,
    rings: &[Vec<Coord<f64>>],
) -> Result<Polygon<f64>, GridError> {
    let cleaned = check_polygon_rings(index, id, polygon, rings)?;
    // What `Orient::orient(Direction::Default)` does (exterior counter-clockwise, interiors
    // clockwise, each by `Winding`), in place rather than on a copy of every ring.
    let mut rings = cleaned.into_iter().map(LineString::new);
    let mut exterior = rings.next().unwrap_or_else(|| LineString::new(Vec::new()));
    exterior.make_ccw_winding();
    let interiors = rings
        .map(|mut ring| {
            ring.make_cw_winding();
            ring
        })
        .collect();
    Ok(Polygon::new(exterior, interiors))
}

/// Reads one ring's positions, checking each coordinate.
fn parse_ring(
    index: u32,
    id: &str,
    polygon: u32,
    ring: u32,
    positions: &[Value],
) -> Result<Vec<Coord<f64>>, GridError> {
    let mut out = Vec::with_capacity(positions.len());
    for (k, position) in positions.iter().enumerate() {
        let bad = |message: String| GridError::InvalidCoordinate {
            index,
            id: Some(id.to_string()),
            polygon,
            ring,
            position: u32_of(k),
            message,
        };
        let values = match position {
            Value::Array(v) => v,
            other => {
                return Err(bad(format!(
                    "expected [lng, lat], found {}",
                    abbreviate(other)
                )))
            }
        };
        if values.len() < 2 {
            return Err(bad(format!(
                "expected [lng, lat], found {} number(s)",
                values.len()
            )));
        }
        let (lng, lat) = match (values[0].as_f64(), values[1].as_f64()) {
            (Some(x), Some(y)) => (x, y),
            _ => {
                return Err(bad(format!(
                    "expected numbers, found {}",
                    abbreviate(position)
                )))
            }
        };
        out.push(check_position(
            index,
            id,
            polygon,
            ring,
            u32_of(k),
            lng,
            lat,
        )?);
    }
    Ok(out)
}

/// Checks that a position read as two numbers is finite and in range.
pub(crate) fn check_position(
    index: u32,
    id: &str,
    polygon: u32,
    ring: u32,
    position: u32,
    lng: f64,
    lat: f64,
) -> Result<Coord<f64>, GridError> {
    let bad = |message: String| GridError::InvalidCoordinate {
        index,
        id: Some(id.to_string()),
        polygon,
        ring,
        position,
        message,
    };
    if !lng.is_finite() || !lat.is_finite() {
        return Err(bad(format!("non-finite coordinate [{lng}, {lat}]")));
    }
    if lng.abs() > 180.0 || lat.abs() > 90.0 {
        return Err(bad(format!(
            "[{lng}, {lat}] is out of range (|lng| ≤ 180, |lat| ≤ 90; is the order [lng, lat]?)"
        )));
    }
    Ok(Coord { x: lng, y: lat })
}
