//! JS adapters for the grid map model and geocoding: `GridMap`, `convert`.

use std::cell::OnceCell;

use js_sys::{Float64Array, Int32Array, Object, Reflect, Uint32Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use super::{
    check_options, from_js, get, integers_from_js, js_error, number_arg, numbers_from_js, to_js,
    value_from_js, Coded,
};
use crate::crs::{self, Datum};
use crate::geocode::GridIndex;
use crate::grid::{GridMap, GridOptions};

/// Options of `GridMap.fromGeoJSON`.
#[derive(Deserialize, Default, tsify::Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GridMapOptions {
    /// Datum of every position in the GeoJSON (default `"wgs84"`, as RFC 7946 says; maps from
    /// AMap, Tencent or WeChat are `"gcj02"`, from Baidu `"bd09"`).
    #[tsify(optional)]
    pub datum: Option<Datum>,
    /// Name of the property holding each feature's unique id (default `"id"`).
    #[tsify(optional)]
    pub id_property: Option<String>,
    /// At most this many features (default 20,000); more throw `GEOJSON_TOO_MANY_CELLS`
    /// before the map is built.
    #[tsify(optional)]
    pub max_cells: Option<u32>,
    /// At most this many positions in all rings (default 250,000); more throw
    /// `GEOJSON_TOO_MANY_VERTICES` before the map is built.
    #[tsify(optional)]
    pub max_vertices: Option<u32>,
    /// At most this many positions per `assign` call (default 2,000,000; at most 50,000,000,
    /// what wasm32 memory can hold: above, `OPTIONS_INVALID`); more throw
    /// `GEOCODE_TOO_MANY_POSITIONS` before they are copied into wasm memory.
    #[tsify(optional)]
    pub max_positions: Option<u32>,
}

/// A cell as listed by `GridMap.cells()`.
#[derive(Serialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CellInfo {
    /// Index of the cell in this map (cells are sorted by id); indexes the count arrays.
    pub index: u32,
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `"street"`, `"community"` or `"grid"`.
    pub level: crate::grid::Level,
    /// Id of the enclosing cell, `null` at the top.
    #[tsify(type = "string | null")]
    pub parent: Option<String>,
    /// Index of the enclosing cell, `null` at the top.
    #[tsify(type = "number | null")]
    pub parent_index: Option<u32>,
    /// Display name of the grid worker (网格员), `null` if none.
    #[tsify(type = "string | null")]
    pub worker: Option<String>,
    /// Index of the source feature in the input FeatureCollection.
    pub feature_index: u32,
    /// `[west, south, east, north]` in degrees, in the map's datum.
    pub bbox: [f64; 4],
}

/// The result of `GridMap.locate`: the cell an event (网格事) is routed to.
#[derive(Serialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Located {
    /// Index of the (leaf) cell.
    pub cell_index: u32,
    /// Id of the cell.
    pub cell_id: String,
    /// Name of the cell.
    pub name: String,
    /// Grid worker (网格员) of the cell, or of its nearest ancestor that has one; `null` if none.
    #[tsify(type = "string | null")]
    pub worker: Option<String>,
    /// Metres from the position to the cell; 0 when the position is inside.
    pub distance_m: f64,
    /// The cell and its ancestors, top first: street › community › grid.
    pub path: Vec<PathEntry>,
}

/// One level of a [`Located::path`].
#[derive(Serialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PathEntry {
    /// Cell id.
    pub id: String,
    /// Cell name.
    pub name: String,
    /// Cell level.
    pub level: crate::grid::Level,
}

/// Options of `GridMap.locate`.
#[derive(Deserialize, Default, tsify::Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LocateOptions {
    /// Datum of the position (default: the map's datum).
    #[tsify(optional)]
    pub datum: Option<Datum>,
    /// When the position is in no cell, the nearest cell within this many metres is returned
    /// (default 0: only containing cells).
    #[tsify(optional)]
    pub max_distance_m: Option<f64>,
}

#[wasm_bindgen(typescript_custom_section)]
const TS_ASSIGN: &'static str = r#"
/** Options of `GridMap.assign`. */
export interface AssignOptions {
  /** Datum of `positions` (default: the map's datum). */
  datum?: "wgs84" | "gcj02" | "bd09";
  /** Persons per household, one per position (any typed array or array of non-negative integers). */
  persons?: ArrayLike<number>;
}
/** What `GridMap.assign` found. */
export interface AssignSummary {
  /** Number of positions given. */
  positions: number;
  /** Positions put into a cell. */
  assigned: number;
  /** Valid positions in no cell. */
  outside: number;
  /** Positions with a non-finite or out-of-range coordinate (cell -1; counted, never dropped). */
  invalid: number;
  /** Positions exactly on an edge or vertex shared by two or more cells, resolved by the boundary rule. */
  boundaryTies: number;
}
/** The cells of a `GridMap` as flat typed arrays (`gridMap.toFlat()`), in cell index order. */
export interface FlatCells {
  /** `[lng, lat, …]` of every ring, degrees, in the map's datum. */
  positions: Float64Array;
  /** End vertex offset of each ring. */
  ringEnds: Uint32Array;
  /** Cell index of each ring (ascending). */
  ringCells: Uint32Array;
  /** 1 when a ring is a hole of the exterior ring before it. */
  ringHoles: Uint8Array;
  /** One display name per cell. */
  names: string[];
  /** One level per cell: 0 street, 1 community, 2 grid. */
  levels: Uint8Array;
  /** Parent index per cell, -1 at the top. */
  parents: Int32Array;
}
/** The result of `GridMap.assign`. */
export interface Assignment {
  /** Index of the leaf cell per position; -1 for none. */
  cell: Int32Array;
  /** Households per cell (index as in `cells()`), each ancestor counting its descendants. */
  households: Uint32Array;
  /** Persons per cell (1 per household when `persons` is not given), rolled up likewise. */
  persons: Float64Array;
  /** Persons in all assigned households. */
  totalPersons: number;
  summary: AssignSummary;
}
"#;

/// The grid map (网格图) of a district: cells street › community › grid read from GeoJSON,
/// with geocoding of households and events into its leaf cells.
#[wasm_bindgen(js_name = GridMap)]
pub struct JsGridMap {
    grid: GridMap,
    index: OnceCell<GridIndex>,
    max_positions: usize,
}

impl JsGridMap {
    /// The core grid map (for other adapters, e.g. `GridMapView.fromGridMap` in a module with
    /// both features).
    #[cfg(feature = "render")]
    pub(super) fn core(&self) -> &GridMap {
        &self.grid
    }

    fn index(&self) -> &GridIndex {
        self.index
            .get_or_init(|| GridIndex::new(&self.grid).with_max_positions(self.max_positions))
    }
}

#[wasm_bindgen(js_class = GridMap)]
impl JsGridMap {
    /// Reads and validates a GeoJSON FeatureCollection of cells: its text, its UTF-8 bytes (a
    /// `Uint8Array`, `ArrayBuffer` or `DataView`, its `byteOffset`/`byteLength` respected, as
    /// `fetch`'s `response.arrayBuffer()` gives them: no decoding to a string and back, one
    /// copy into wasm memory) or a parsed object. A fetch `Response`, a `Blob` or a `Promise`
    /// throws `GEOJSON_INVALID_JSON` saying what to pass (`await response.text()`).
    /// Bytes that are not UTF-8 throw `GEOJSON_INVALID_JSON` naming the byte offset. Throws an
    /// `Error` whose `code` names the problem (`GEOJSON_…`) and whose message names the feature
    /// index; `GEOJSON_TOO_MANY_CELLS` / `GEOJSON_TOO_MANY_VERTICES` (naming the limit
    /// and the count) beyond `maxCells` / `maxVertices`, checked before the map is built;
    /// `OPTIONS_INVALID` for a limit of 0.
    #[wasm_bindgen(js_name = fromGeoJSON)]
    pub fn from_geojson(
        #[wasm_bindgen(
            unchecked_param_type = "string | Uint8Array | ArrayBuffer | DataView | object"
        )]
        geojson: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "GridMapOptions")] options: JsValue,
    ) -> Result<JsGridMap, JsValue> {
        check_options(
            &options,
            &[
                "datum",
                "idProperty",
                "maxCells",
                "maxVertices",
                "maxPositions",
            ],
        )?;
        let options: GridMapOptions = from_js(options, "options")?.unwrap_or_default();
        // a limit of 0 would refuse every map, or every later `assign`: a mistake, said now
        for (name, n) in [
            ("maxCells", options.max_cells),
            ("maxVertices", options.max_vertices),
            ("maxPositions", options.max_positions),
        ] {
            if n == Some(0) {
                return Err(js_error(
                    "OPTIONS_INVALID",
                    &format!("options.{name} = 0: a limit must be at least 1 (leave it out for the default)"),
                ));
            }
        }
        let mut core = GridOptions::default();
        if let Some(d) = options.datum {
            core.datum = d;
        }
        if let Some(p) = options.id_property {
            core.id_property = p;
        }
        if let Some(n) = options.max_cells {
            core.max_cells = n as usize;
        }
        if let Some(n) = options.max_vertices {
            core.max_vertices = n as usize;
        }
        let limit = crate::geocode::MAX_POSITIONS_LIMIT;
        if let Some(n) = options.max_positions.filter(|&n| n as usize > limit) {
            return Err(js_error(
                "OPTIONS_INVALID",
                &format!(
                    "maxPositions = {n} is more than wasm32 memory can hold: at most {limit} (about 2 GB, ~40 bytes a position); assign larger inputs in several calls"
                ),
            ));
        }
        let grid = super::GeoJsonInput::from_js(&geojson)?.read(&core)?;
        Ok(JsGridMap {
            grid,
            index: OnceCell::new(),
            max_positions: options
                .max_positions
                .map_or(crate::geocode::DEFAULT_MAX_POSITIONS, |n| n as usize),
        })
    }

    /// Builds the spatial index over the leaf cells now rather than at the first `assign` or
    /// `locate` (about 10 ms for the 600 grids of the Siming sample). Idempotent.
    #[wasm_bindgen(js_name = buildIndex)]
    pub fn build_index(&self) {
        self.index();
    }

    /// Number of cells.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u32 {
        self.grid.cells.len() as u32
    }

    /// The most positions one `assign` call takes (the `maxPositions` option; default
    /// 2,000,000): more throw `GEOCODE_TOO_MANY_POSITIONS`. Chunked assignment
    /// (`assignInChunks`, `jinlin/worker`) applies it to the whole input, not to each chunk.
    #[wasm_bindgen(getter, js_name = maxPositions)]
    pub fn max_positions(&self) -> u32 {
        u32::try_from(self.max_positions).unwrap_or(u32::MAX)
    }

    /// The datum of the map's positions: `"wgs84"`, `"gcj02"` or `"bd09"`.
    #[wasm_bindgen(getter, unchecked_return_type = "Datum")]
    pub fn datum(&self) -> String {
        serde_json::to_value(self.grid.datum)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// Every cell in index order (sorted by id).
    #[wasm_bindgen(unchecked_return_type = "CellInfo[]")]
    pub fn cells(&self) -> Result<JsValue, JsValue> {
        let cells = &self.grid.cells;
        let list: Vec<CellInfo> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| CellInfo {
                index: i as u32,
                id: c.id.clone(),
                name: c.name.clone(),
                level: c.level,
                parent: c.parent.map(|p| cells[p as usize].id.clone()),
                parent_index: c.parent,
                worker: c.worker.clone(),
                feature_index: c.feature_index,
                bbox: bbox_of(&c.polygons),
            })
            .collect();
        to_js_value(&list)
    }

    /// The cells as flat typed arrays, the form `GridMapView.fromFlat` reads (the root entry's
    /// `GridMapView.fromGridMap` passes them from this module to the render module):
    /// `{ positions, ringEnds, ringCells, ringHoles, names, levels, parents }` with `positions`
    /// a `Float64Array` of `[lng, lat, …]` (degrees, the map's datum; rings closed and cleaned
    /// as stored), `ringEnds` (`Uint32Array`, vertex offsets), `ringCells` (`Uint32Array`, cell
    /// index per ring, ascending), `ringHoles` (`Uint8Array`, 1 = hole of the exterior before
    /// it), `names` (one per cell), `levels` (`Uint8Array`: 0 street, 1 community, 2 grid) and
    /// `parents` (`Int32Array`: parent index, −1 at the top), all in cell index order.
    #[wasm_bindgen(js_name = toFlat, unchecked_return_type = "FlatCells")]
    pub fn to_flat(&self) -> Result<JsValue, JsValue> {
        let cells = &self.grid.cells;
        let (mut positions, mut ends, mut ring_cells, mut holes) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (i, c) in cells.iter().enumerate() {
            for p in &c.polygons {
                for (k, ring) in std::iter::once(p.exterior())
                    .chain(p.interiors())
                    .enumerate()
                {
                    for q in &ring.0 {
                        positions.extend([q.x, q.y]);
                    }
                    ends.push((positions.len() / 2) as u32);
                    ring_cells.push(i as u32);
                    holes.push(u8::from(k > 0));
                }
            }
        }
        let names = super::string_array(&cells.iter().map(|c| c.name.as_str()).collect::<Vec<_>>());
        let levels: Vec<u8> = cells.iter().map(|c| c.level as u8).collect();
        let parents: Vec<i32> = cells
            .iter()
            .map(|c| c.parent.map_or(-1, |p| p as i32))
            .collect();
        let out = Object::new();
        set(
            &out,
            "positions",
            &Float64Array::from(&positions[..]).into(),
        )?;
        set(&out, "ringEnds", &Uint32Array::from(&ends[..]).into())?;
        set(
            &out,
            "ringCells",
            &Uint32Array::from(&ring_cells[..]).into(),
        )?;
        set(
            &out,
            "ringHoles",
            &js_sys::Uint8Array::from(&holes[..]).into(),
        )?;
        set(&out, "names", &names.into())?;
        set(
            &out,
            "levels",
            &js_sys::Uint8Array::from(&levels[..]).into(),
        )?;
        set(&out, "parents", &Int32Array::from(&parents[..]).into())?;
        Ok(out.into())
    }

    /// Index of the cell with this id (a string, as in `cells()[k].id`), or -1. Throws
    /// `OPTIONS_INVALID` when `id` is not a string.
    #[wasm_bindgen(js_name = cellIndex)]
    pub fn cell_index(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<i32, JsValue> {
        let id = id.as_string().ok_or_else(|| {
            js_error(
                "OPTIONS_INVALID",
                "cellIndex(id): id must be a string (cell ids are strings, as in cells()[k].id)",
            )
        })?;
        Ok(self.grid.cell_index(&id).map_or(-1, |i| i as i32))
    }

    /// Puts each household (or event) into the leaf cell containing it, and counts households
    /// and persons per cell with roll-ups to community and street.
    ///
    /// `positions`: `Float64Array` (or array) of interleaved `[lng, lat, …]` in degrees.
    /// Throws `GEOCODE_ODD_LENGTH`, `GEOCODE_INVALID_POSITIONS`, `GEOCODE_PERSONS_LENGTH`,
    /// `OPTIONS_INVALID`, and `GEOCODE_TOO_MANY_POSITIONS` beyond the map's `maxPositions`
    /// (checked before the positions are copied into wasm memory).
    #[wasm_bindgen(unchecked_return_type = "Assignment")]
    pub fn assign(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] positions: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "AssignOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        check_options(&options, &["datum", "persons"])?;
        let len = length_of(&positions) / 2;
        if len > self.max_positions {
            return Err(to_js(crate::geocode::GeocodeError::TooManyPositions {
                len,
                limit: self.max_positions,
            }));
        }
        let coords = positions_from_js(&positions)?;
        let datum: Option<Datum> = value_from_js(get(&options, "datum")?, "datum")?;
        let persons = get(&options, "persons")?;
        let persons: Option<Vec<u32>> = if persons.is_undefined() || persons.is_null() {
            None
        } else {
            Some(u32s_from_js(&persons, "persons")?)
        };
        let r = self
            .index()
            .assign(
                &coords,
                datum.unwrap_or(self.grid.datum),
                persons.as_deref(),
            )
            .map_err(to_js)?;
        let persons_per_cell: Vec<f64> = r.persons.iter().map(|&n| n as f64).collect();
        let out = Object::new();
        set(&out, "cell", &Int32Array::from(&r.cell[..]).into())?;
        set(
            &out,
            "households",
            &Uint32Array::from(&r.households[..]).into(),
        )?;
        set(
            &out,
            "persons",
            &Float64Array::from(&persons_per_cell[..]).into(),
        )?;
        set(
            &out,
            "totalPersons",
            &JsValue::from_f64(r.total_persons as f64),
        )?;
        let s = Object::new();
        set(&s, "positions", &JsValue::from_f64(r.cell.len() as f64))?;
        set(
            &s,
            "assigned",
            &JsValue::from_f64(f64::from(r.summary.assigned)),
        )?;
        set(
            &s,
            "outside",
            &JsValue::from_f64(f64::from(r.summary.outside)),
        )?;
        set(
            &s,
            "invalid",
            &JsValue::from_f64(f64::from(r.summary.invalid)),
        )?;
        set(
            &s,
            "boundaryTies",
            &JsValue::from_f64(f64::from(r.summary.boundary_ties)),
        )?;
        set(&out, "summary", &s.into())?;
        Ok(out.into())
    }

    /// Routes one event (网格事) to the leaf cell containing `[lng, lat]`, or to the nearest leaf
    /// cell within `options.maxDistanceM` metres; `null` when there is none.
    #[wasm_bindgen(unchecked_return_type = "Located | null")]
    pub fn locate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] lng: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] lat: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "LocateOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let lng = number_arg(&lng, "locate(lng, lat): lng")?;
        let lat = number_arg(&lat, "locate(lng, lat): lat")?;
        check_options(&options, &["datum", "maxDistanceM"])?;
        let options: LocateOptions = from_js(options, "options")?.unwrap_or_default();
        let max_m = options.max_distance_m.unwrap_or(0.0);
        if !(lng.is_finite() && lat.is_finite()) || lng.abs() > 180.0 || lat.abs() > 90.0 {
            return Err(js_error(
                "GEOCODE_INVALID_POSITION",
                &format!("position [{lng}, {lat}] is not a finite [lng, lat] in range"),
            ));
        }
        if !(max_m.is_finite() && max_m >= 0.0) {
            return Err(js_error(
                "OPTIONS_INVALID",
                &format!(
                    "maxDistanceM must be a finite number ≥ 0, got {}",
                    crate::text::js_number(max_m)
                ),
            ));
        }
        let datum = options.datum.unwrap_or(self.grid.datum);
        match self.index().locate(lng, lat, datum, max_m) {
            Some((c, distance_m)) => to_js_value(&self.located(c, distance_m)),
            None => Ok(JsValue::NULL),
        }
    }

    fn located(&self, c: u32, distance_m: f64) -> Located {
        let cells = &self.grid.cells;
        let mut path: Vec<u32> = self.grid.ancestors(c);
        path.reverse();
        path.push(c);
        let worker = std::iter::once(c)
            .chain(self.grid.ancestors(c))
            .find_map(|i| cells[i as usize].worker.clone());
        let cell = &cells[c as usize];
        Located {
            cell_index: c,
            cell_id: cell.id.clone(),
            name: cell.name.clone(),
            worker,
            distance_m,
            path: path
                .into_iter()
                .map(|i| {
                    let p = &cells[i as usize];
                    PathEntry {
                        id: p.id.clone(),
                        name: p.name.clone(),
                        level: p.level,
                    }
                })
                .collect(),
        }
    }
}

/// Converts interleaved `[lng, lat, …]` positions from one datum to another (WGS-84, GCJ-02,
/// BD-09). Positions outside China pass through unchanged. Returns a new `Float64Array`.
/// Throws `CRS_ODD_LENGTH` for an odd length, `CRS_INVALID_POSITION` naming the first position
/// that is not a `[lng, lat]` in `[-180, 180] × [-90, 90]` (NaN, ±Infinity, out of range),
/// `CRS_UNKNOWN_DATUM` for a datum name that is not one of the three.
#[wasm_bindgen(js_name = convert)]
pub fn convert(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] positions: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Datum")] from: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Datum")] to: JsValue,
) -> Result<Float64Array, JsValue> {
    let from = datum_from_js(from, "from")?;
    let to = datum_from_js(to, "to")?;
    let mut coords = positions_from_js(&positions)?;
    crs::check_positions(&coords).map_err(to_js)?;
    crs::convert_in_place(&mut coords, from, to).map_err(to_js)?;
    Ok(Float64Array::from(&coords[..]))
}

fn datum_from_js(value: JsValue, name: &str) -> Result<Datum, JsValue> {
    let Some(text) = value.as_string() else {
        // not a string (`convert(118, 24, …)`: positions come first, as one array)
        let what = match value.as_f64() {
            Some(x) => format!("the number {}", crate::text::js_number(x)),
            None => format!(
                "a value of type {}",
                value.js_typeof().as_string().unwrap_or_default()
            ),
        };
        return Err(js_error(
            "CRS_UNKNOWN_DATUM",
            &format!("{name}: expected a datum name, \"wgs84\", \"gcj02\" or \"bd09\", got {what}"),
        ));
    };
    serde_json::from_value(serde_json::Value::String(text.clone())).map_err(|_| {
        js_error(
            "CRS_UNKNOWN_DATUM",
            &format!("{name}: unknown datum {text:?}; expected \"wgs84\", \"gcj02\" or \"bd09\""),
        )
    })
}

/// The `length` of an array or array-like (0 for anything else), read without copying.
fn length_of(value: &JsValue) -> usize {
    if let Some(a) = value.dyn_ref::<Float64Array>() {
        return a.length() as usize;
    }
    Reflect::get(value, &"length".into())
        .ok()
        .and_then(|v| v.as_f64())
        .filter(|n| n.is_finite() && *n >= 0.0)
        .map_or(0, |n| n as usize)
}

/// Positions as `GEOCODE_INVALID_POSITIONS` names them: a `Float64Array`, another typed array
/// of numbers or an `Array` of numbers (not numeric strings, not a BigInt array).
fn positions_from_js(value: &JsValue) -> Result<Vec<f64>, JsValue> {
    numbers_from_js(value, "positions", "GEOCODE_INVALID_POSITIONS")?.ok_or_else(|| {
        js_error(
            "GEOCODE_INVALID_POSITIONS",
            "positions must be a Float64Array or an array of numbers [lng0, lat0, lng1, lat1, …]",
        )
    })
}

/// Counts such as persons per household: integers in `0 ..= 4294967295`, `OPTIONS_INVALID`
/// naming `name[i]`, the value and the range otherwise.
fn u32s_from_js(value: &JsValue, name: &str) -> Result<Vec<u32>, JsValue> {
    let numbers = integers_from_js(value, name, "OPTIONS_INVALID", 0.0, f64::from(u32::MAX))?;
    Ok(numbers.into_iter().map(|v| v as u32).collect())
}

fn bbox_of(polygons: &[geo::Polygon<f64>]) -> [f64; 4] {
    use geo::BoundingRect;
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for r in polygons.iter().filter_map(|p| p.bounding_rect()) {
        b = [
            b[0].min(r.min().x),
            b[1].min(r.min().y),
            b[2].max(r.max().x),
            b[3].max(r.max().y),
        ];
    }
    b
}

fn set(target: &Object, key: &str, value: &JsValue) -> Result<(), JsValue> {
    Reflect::set(target, &JsValue::from_str(key), value).map(|_| ())
}

fn to_js_value<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error("INTERNAL", &e.to_string()))
}

impl Coded for crate::crs::CrsError {
    fn code(&self) -> &'static str {
        self.code()
    }
}
impl Coded for crate::geocode::GeocodeError {
    fn code(&self) -> &'static str {
        self.code()
    }
}
