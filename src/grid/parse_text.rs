//! Reading a grid map from GeoJSON text straight into typed features, without building a
//! `serde_json::Value` tree: the fast path of [`GridMap::from_geojson`](super::GridMap).
//!
//! serde_json still tokenises the text and parses every number (correctly rounded, with
//! `float_roundtrip` in the `grid` feature); what is saved is the tree: an allocation per
//! string, array and object, a `Value` per coordinate, and freeing it all again. Positions go
//! straight into each ring's `Vec<Coord<f64>>`; strings are borrowed from the text where they
//! have no escapes.
//!
//! The fast path reads only the shape a valid grid map has. Anything else — a syntax error, a
//! member of an unexpected type, a duplicate member, an empty array, a `null` geometry, too many
//! features — makes it give up ([`read`] returns `None`), and the caller reads the text again
//! into a `Value` and walks that ([`super::parse::parse_collection`]), which names the
//! problem. So every error, and its message, is the one the `Value` path gives:
//!
//! - when [`read`] returns `Some`, serde_json has accepted the whole text, with the same checks
//!   the `Value` path makes (members the map does not use are read by [`Skip`], which, like
//!   `Value`, decodes every string and parses every number), and every feature has a valid
//!   shape;
//! - features are then built in input order with the checks the `Value` path makes on the same
//!   numbers ([`check_position`], [`build_polygon`], [`check_hierarchy`]); a feature that the
//!   `Value` path would reject for its id or properties makes [`read`] give up there, after the
//!   features before it passed, as that path would have reached it too.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use geo::Coord;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Number;

use super::parse::{assemble, build_polygon, check_position, u32_of, RawCell};
use super::validate::check_hierarchy;
use super::{GridError, GridMap, GridOptions, Level};

/// Reads `text` (without a byte order mark) into a validated map, or `None` when it is not in
/// the shape of a valid grid map's features (then the `Value` path must read it).
pub(crate) fn read(text: &str, options: &GridOptions) -> Option<Result<GridMap, GridError>> {
    let ctx = Ctx {
        id_property: &options.id_property,
        max_cells: options.max_cells,
        max_positions: options.max_vertices,
        positions: Cell::new(0),
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let features = CollectionSeed(&ctx).deserialize(&mut de).ok()?;
    de.end().ok()?;
    let mut raw = Vec::with_capacity(features.len());
    for (i, feature) in features.into_iter().enumerate() {
        match raw_cell(u32_of(i), feature) {
            Ok(cell) => raw.push(cell),
            Err(Some(e)) => return Some(Err(e)),
            Err(None) => return None,
        }
    }
    Some(check_hierarchy(&raw).map(|parents| assemble(raw, parents, options)))
}

/// What every seed needs: the options, and the count of positions so far.
struct Ctx<'o> {
    id_property: &'o str,
    max_cells: usize,
    max_positions: usize,
    /// Arrays starting with a number read so far, anywhere (as
    /// [`positions_in_text`](super::limits::positions_in_text) counts them in the text: in
    /// valid JSON, a `[` followed by a number opens exactly such an array).
    positions: Cell<usize>,
}

impl Ctx<'_> {
    /// Counts one array starting with a number; gives up past the cap (the `Value` path then
    /// counts the text and reports `TooManyVertices`), so no more than the cap is ever read.
    fn count_position<E: de::Error>(&self) -> Result<(), E> {
        let n = self.positions.get() + 1;
        if n > self.max_positions {
            return Err(give_up());
        }
        self.positions.set(n);
        Ok(())
    }
}

/// A property (or the Feature's `id`) as far as a grid map uses it.
#[derive(Clone, Debug)]
enum Scalar<'de> {
    Null,
    Str(Cow<'de, str>),
    /// An integer, as serde_json's `Value` keeps it (so it prints the same).
    Int(Number),
    /// Anything else (a float, a boolean, an array, an object): read, not kept.
    Other,
}

/// One Feature in the shape of a valid grid map's.
struct Feature<'de> {
    /// The Feature's own `id` member.
    id: Option<Scalar<'de>>,
    /// `properties[id_property]`.
    id_property: Option<Scalar<'de>>,
    level: Option<Scalar<'de>>,
    name: Option<Scalar<'de>>,
    worker: Option<Scalar<'de>>,
    parent: Option<Scalar<'de>>,
    /// Per polygon, its rings.
    polygons: Vec<Vec<Vec<Coord<f64>>>>,
}

/// Builds the raw cell of a feature read by the fast path, with the `Value` path's checks:
/// `Err(Some(_))` for the error that path reports, `Err(None)` where it would report an error
/// about the id or the properties (the caller then gives up).
fn raw_cell(index: u32, f: Feature<'_>) -> Result<RawCell, Option<GridError>> {
    let id_value = match f.id_property {
        None | Some(Scalar::Null) => f.id.filter(|v| !matches!(v, Scalar::Null)),
        v => v,
    };
    let id = match id_value {
        Some(Scalar::Str(s)) if !s.is_empty() => s.into_owned(),
        Some(Scalar::Int(n)) => n.to_string(),
        _ => return Err(None),
    };
    let level = match f.level {
        Some(Scalar::Str(s)) => match s.as_ref() {
            "street" => Level::Street,
            "community" => Level::Community,
            "grid" => Level::Grid,
            _ => return Err(None),
        },
        _ => return Err(None),
    };
    let name = match f.name {
        None | Some(Scalar::Null) => id.clone(),
        Some(Scalar::Str(s)) => s.into_owned(),
        _ => return Err(None),
    };
    let worker = match f.worker {
        None | Some(Scalar::Null) => None,
        Some(Scalar::Str(s)) => Some(s.into_owned()),
        _ => return Err(None),
    };
    let parent = match f.parent {
        None | Some(Scalar::Null) => None,
        // an empty parent is an error: the `Value` path words it
        Some(Scalar::Str(s)) if s.is_empty() => return Err(None),
        Some(Scalar::Str(s)) => Some(s.into_owned()),
        Some(Scalar::Int(n)) => Some(n.to_string()),
        Some(Scalar::Other) => return Err(None),
    };
    let mut polygons = Vec::with_capacity(f.polygons.len());
    for (p, rings) in f.polygons.iter().enumerate() {
        let p = u32_of(p);
        for (r, ring) in rings.iter().enumerate() {
            for (k, c) in ring.iter().enumerate() {
                check_position(index, &id, p, u32_of(r), u32_of(k), c.x, c.y)?;
            }
        }
        polygons.push(build_polygon(index, &id, p, rings)?);
    }
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

/// The error that makes the fast path give up (its text is never shown).
fn give_up<E: de::Error>() -> E {
    E::custom("not in the shape of a grid map")
}

/// A string, borrowed from the text when it has no escapes.
struct Str<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

/// Any JSON value, read and checked as `serde_json::Value` reads it (every string decoded,
/// every number parsed) and dropped; within a `coordinates` member (the flag), arrays starting
/// with a number are counted as positions, as
/// [`positions_in_text`](super::limits::positions_in_text) counts them. Its value: whether it
/// was a number.
#[derive(Clone, Copy)]
struct Skip<'c>(&'c Ctx<'c>, bool);

impl<'c> Skip<'c> {
    /// The value of an unused member named `key`.
    fn member(ctx: &'c Ctx<'c>, key: &str) -> Skip<'c> {
        Skip(ctx, key == "coordinates")
    }
}

/// A member name: whether it is `coordinates`.
struct CoordinatesKey;

impl<'de> DeserializeSeed<'de> for CoordinatesKey {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for CoordinatesKey {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        Ok(v == "coordinates")
    }
}

impl<'de> DeserializeSeed<'de> for Skip<'_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skip<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<bool, E> {
        Ok(true)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        if seq.next_element_seed(self)? == Some(true) && self.1 {
            self.0.count_position()?;
        }
        while seq.next_element_seed(self)?.is_some() {}
        Ok(false)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while let Some(coordinates) = map.next_key_seed(CoordinatesKey)? {
            map.next_value_seed(Skip(self.0, self.1 || coordinates))?;
        }
        Ok(false)
    }
}

/// A property (or the Feature's `id`): a [`Scalar`].
#[derive(Clone, Copy)]
struct ScalarSeed<'c>(&'c Ctx<'c>);

impl<'de> DeserializeSeed<'de> for ScalarSeed<'_> {
    type Value = Scalar<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Scalar<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ScalarSeed<'_> {
    type Value = Scalar<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Scalar::Other)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Scalar::Int(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Scalar::Int(v.into()))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Scalar::Other)
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Scalar::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Scalar::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Skip(self.0, false).visit_seq(seq).map(|_| Scalar::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Skip(self.0, false).visit_map(map).map(|_| Scalar::Other)
    }
}

/// Stores `value` in an empty slot; a second value for one member makes the fast path give up
/// (`Value` keeps the last; the `Value` path then reads it).
fn put<T, E: de::Error>(slot: &mut Option<T>, value: T) -> Result<(), E> {
    if slot.is_some() {
        return Err(give_up());
    }
    *slot = Some(value);
    Ok(())
}

/// The top-level FeatureCollection: its features.
struct CollectionSeed<'c>(&'c Ctx<'c>);

impl<'de> DeserializeSeed<'de> for CollectionSeed<'_> {
    type Value = Vec<Feature<'de>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for CollectionSeed<'_> {
    type Value = Vec<Feature<'de>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a FeatureCollection")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut kind: Option<Str<'de>> = None;
        let mut features = None;
        while let Some(key) = map.next_key::<Str<'de>>()? {
            match key.0.as_ref() {
                "type" => put(&mut kind, map.next_value()?)?,
                "features" => put(&mut features, map.next_value_seed(FeaturesSeed(self.0))?)?,
                _ => {
                    map.next_value_seed(Skip::member(self.0, key.0.as_ref()))?;
                }
            }
        }
        match (kind, features) {
            (Some(Str(k)), Some(f)) if k == "FeatureCollection" && !f.is_empty() => Ok(f),
            _ => Err(give_up()),
        }
    }
}

/// The `features` array: at most `max_cells` features.
struct FeaturesSeed<'c>(&'c Ctx<'c>);

impl<'de> DeserializeSeed<'de> for FeaturesSeed<'_> {
    type Value = Vec<Feature<'de>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for FeaturesSeed<'_> {
    type Value = Vec<Feature<'de>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of features")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(feature) = seq.next_element_seed(FeatureSeed(self.0))? {
            if out.len() == self.0.max_cells {
                return Err(give_up());
            }
            out.push(feature);
        }
        Ok(out)
    }
}

/// One Feature.
struct FeatureSeed<'c>(&'c Ctx<'c>);

impl<'de> DeserializeSeed<'de> for FeatureSeed<'_> {
    type Value = Feature<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

/// The members of `properties` a grid map uses.
#[derive(Default)]
struct Properties<'de> {
    id: Option<Scalar<'de>>,
    level: Option<Scalar<'de>>,
    name: Option<Scalar<'de>>,
    worker: Option<Scalar<'de>>,
    parent: Option<Scalar<'de>>,
}

impl<'de> Visitor<'de> for FeatureSeed<'_> {
    type Value = Feature<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Feature")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut kind: Option<Str<'de>> = None;
        let mut id = None;
        let mut properties = None;
        let mut geometry = None;
        while let Some(key) = map.next_key::<Str<'de>>()? {
            match key.0.as_ref() {
                "type" => put(&mut kind, map.next_value()?)?,
                "id" => put(&mut id, map.next_value_seed(ScalarSeed(self.0))?)?,
                "properties" => put(
                    &mut properties,
                    map.next_value_seed(PropertiesSeed(self.0))?,
                )?,
                "geometry" => put(&mut geometry, map.next_value_seed(GeometrySeed(self.0))?)?,
                _ => {
                    map.next_value_seed(Skip::member(self.0, key.0.as_ref()))?;
                }
            }
        }
        match (kind, properties, geometry) {
            (Some(Str(k)), Some(p), Some(polygons)) if k == "Feature" => {
                let p: Properties<'de> = p;
                Ok(Feature {
                    id,
                    id_property: p.id,
                    level: p.level,
                    name: p.name,
                    worker: p.worker,
                    parent: p.parent,
                    polygons,
                })
            }
            _ => Err(give_up()),
        }
    }
}

/// A Feature's `properties` (an object; `null` makes the fast path give up).
struct PropertiesSeed<'c>(&'c Ctx<'c>);

impl<'de> DeserializeSeed<'de> for PropertiesSeed<'_> {
    type Value = Properties<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PropertiesSeed<'_> {
    type Value = Properties<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of properties")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut p = Properties::default();
        let scalar = ScalarSeed(self.0);
        while let Some(key) = map.next_key::<Str<'de>>()? {
            let key = key.0.as_ref();
            let slot = match key {
                "level" => Some(&mut p.level),
                "name" => Some(&mut p.name),
                "worker" => Some(&mut p.worker),
                "parent" => Some(&mut p.parent),
                _ => None,
            };
            let is_id = key == self.0.id_property;
            match (slot, is_id) {
                (None, false) => {
                    map.next_value_seed(Skip::member(self.0, key))?;
                }
                (None, true) => put(&mut p.id, map.next_value_seed(scalar)?)?,
                (Some(slot), false) => put(slot, map.next_value_seed(scalar)?)?,
                (Some(slot), true) => {
                    let v = map.next_value_seed(scalar)?;
                    put(slot, v.clone())?;
                    put(&mut p.id, v)?;
                }
            }
        }
        Ok(p)
    }
}

/// The geometry: a Polygon or MultiPolygon whose arrays are all non-empty and whose positions
/// are arrays starting with two numbers. Returns the rings per polygon.
struct GeometrySeed<'c>(&'c Ctx<'c>);

impl<'de> DeserializeSeed<'de> for GeometrySeed<'_> {
    type Value = Vec<Vec<Vec<Coord<f64>>>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for GeometrySeed<'_> {
    type Value = Vec<Vec<Vec<Coord<f64>>>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Polygon or MultiPolygon")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut kind: Option<Str<'de>> = None;
        let mut coordinates: Option<Nest> = None;
        while let Some(key) = map.next_key::<Str<'de>>()? {
            match key.0.as_ref() {
                "type" => put(&mut kind, map.next_value()?)?,
                "coordinates" => {
                    let mut nest = Nest::default();
                    map.next_value_seed(ArraySeed {
                        ctx: self.0,
                        nest: &mut nest,
                        depth: 1,
                    })?;
                    put(&mut coordinates, nest)?;
                }
                _ => {
                    map.next_value_seed(Skip::member(self.0, key.0.as_ref()))?;
                }
            }
        }
        let (Some(Str(kind)), Some(nest)) = (kind, coordinates) else {
            return Err(give_up());
        };
        // A Polygon's positions are 3 arrays deep, a MultiPolygon's 4.
        match (kind.as_ref(), nest.position_depth) {
            ("Polygon", 3) | ("MultiPolygon", 4) => {}
            _ => return Err(give_up()),
        }
        let mut rings = nest.rings.into_iter();
        let mut start = 0;
        Ok(nest
            .polygon_ends
            .iter()
            .map(|&end| {
                let polygon = rings.by_ref().take(end - start).collect();
                start = end;
                polygon
            })
            .collect())
    }
}

/// Nested coordinate arrays being read, of a depth not known until the first position (the
/// geometry's `type` may come after its `coordinates`).
#[derive(Default)]
struct Nest {
    /// How many arrays deep the positions are (the coordinates array is depth 1); 0 until the
    /// first position.
    position_depth: u32,
    /// The ring being read.
    ring: Vec<Coord<f64>>,
    /// Rings read.
    rings: Vec<Vec<Coord<f64>>>,
    /// Per polygon read, the number of rings read by its end.
    polygon_ends: Vec<usize>,
}

/// A non-empty array at `depth`: a position (first element a number), or an array of arrays.
struct ArraySeed<'c, 'n> {
    ctx: &'c Ctx<'c>,
    nest: &'n mut Nest,
    depth: u32,
}

impl<'de> DeserializeSeed<'de> for ArraySeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ArraySeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of coordinates")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let ArraySeed { ctx, nest, depth } = self;
        if depth > 4 {
            return Err(give_up());
        }
        let first = seq.next_element_seed(FirstSeed {
            ctx,
            nest: &mut *nest,
            depth,
        })?;
        match first {
            None => Err(give_up()),
            Some(First::Number(x)) => {
                if nest.position_depth != depth && nest.position_depth != 0 {
                    return Err(give_up());
                }
                nest.position_depth = depth;
                ctx.count_position()?;
                let Some(Number2(y)) = seq.next_element()? else {
                    return Err(give_up());
                };
                // Altitude and anything after it: read (as `Value` would), not kept.
                while seq.next_element_seed(Skip(ctx, true))?.is_some() {}
                nest.ring.push(Coord { x, y });
                Ok(())
            }
            Some(First::Array) => {
                while seq
                    .next_element_seed(ArraySeed {
                        ctx,
                        nest: &mut *nest,
                        depth: depth + 1,
                    })?
                    .is_some()
                {}
                // Every array here holds arrays, so a position has been read below it.
                let p = nest.position_depth;
                if depth + 1 == p {
                    let ring = std::mem::take(&mut nest.ring);
                    nest.rings.push(ring);
                } else if depth + 2 == p {
                    nest.polygon_ends.push(nest.rings.len());
                } else if !(depth + 3 == p && depth == 1) {
                    return Err(give_up());
                }
                Ok(())
            }
        }
    }
}

/// What the first element of a coordinate array was.
enum First {
    /// A number: the array is a position.
    Number(f64),
    /// An array, already read into the nest.
    Array,
}

/// The first element of an array at `depth`.
struct FirstSeed<'c, 'n> {
    ctx: &'c Ctx<'c>,
    nest: &'n mut Nest,
    depth: u32,
}

impl<'de> DeserializeSeed<'de> for FirstSeed<'_, '_> {
    type Value = First;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<First, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FirstSeed<'_, '_> {
    type Value = First;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or an array")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<First, E> {
        Ok(First::Number(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<First, E> {
        Ok(First::Number(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<First, E> {
        Ok(First::Number(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<First, A::Error> {
        ArraySeed {
            ctx: self.ctx,
            nest: self.nest,
            depth: self.depth + 1,
        }
        .visit_seq(seq)?;
        Ok(First::Array)
    }
}

/// A number, as `serde_json::Value::as_f64` gives it (an integer converted with `as`).
struct Number2(f64);

impl<'de> Deserialize<'de> for Number2 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Number2;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number2, E> {
                Ok(Number2(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number2, E> {
                Ok(Number2(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number2, E> {
                Ok(Number2(v))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `Value` path's answer (the reference).
    fn by_value(text: &str, options: &GridOptions) -> Result<GridMap, GridError> {
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(v) => GridMap::from_geojson_value(&v, options),
            Err(_) => panic!("not JSON: {text}"),
        }
    }

    fn same(a: &Result<GridMap, GridError>, b: &Result<GridMap, GridError>) -> bool {
        match (a, b) {
            (Ok(a), Ok(b)) => a.cells == b.cells && a.datum == b.datum,
            (Err(a), Err(b)) => a == b && a.to_string() == b.to_string(),
            _ => false,
        }
    }

    const MAP: &str = r#"{"bbox":[118,24,118.1,24.1],"type":"FeatureCollection","name":"x\u00e9",
      "features":[
      {"geometry":{"coordinates":[[[[118,24,5],[118.1,24],[118.1,24.1],[118,24.1],[118,24]],
          [[118.02,24.02],[118.02,24.05],[118.05,24.05],[118.05,24.02],[118.02,24.02]]],
          [[[118.2,24],[118.3,24],[118.3,24.1],[118.2,24]]]],"type":"MultiPolygon","bbox":[1,2,3,4]},
       "type":"Feature","id":350203,"properties":{"level":"street","name":"\u601d\u660e","extra":{"a":[1,2,{"b":null}]},"n":1e300}},
      {"type":"Feature","properties":{"id":"c1","level":"community","parent":350203,"worker":null,"name":""},
       "geometry":{"type":"Polygon","coordinates":[[[118.01,24.01],[118.09,24.01],[118.01,24.09],[118.01,24.01]]]}},
      {"type":"Feature","id":{"x":1},"properties":{"id":-7,"level":"grid","parent":"c1","worker":"W\"1"},
       "geometry":{"type":"Polygon","coordinates":[[[118.011,24.011],[118.02,24.011],[118.011,24.02],[118.011,24.011]]]}}
    ]}"#;

    #[test]
    fn a_valid_map_is_read_by_the_fast_path_exactly_as_by_value() {
        let o = GridOptions::default();
        let fast = read(MAP, &o).expect("the fast path reads a valid map");
        assert!(fast.as_ref().is_ok_and(|m| m.cells.len() == 3));
        assert!(same(&fast, &by_value(MAP, &o)));
        // The id property may be one of the properties the map uses.
        let o = GridOptions {
            id_property: "name".into(),
            ..GridOptions::default()
        };
        let text = MAP
            .replace(r#""name":"""#, r#""name":"c1""#)
            .replace(r#""parent":350203"#, r#""parent":"\u601d\u660e""#)
            .replace(r#""worker":"W\"1""#, r#""worker":"W\"1","name":"g7""#);
        assert_ne!(text.matches("g7").count(), 0);
        let fast = read(&text, &o).expect("fast path");
        assert!(fast.as_ref().is_ok_and(|m| m.cells[0].id == "c1"));
        assert!(same(&fast, &by_value(&text, &o)));
    }

    #[test]
    fn errors_of_valid_shapes_are_the_value_paths() {
        let o = GridOptions::default();
        for (from, to) in [
            // out of range
            ("[118.1,24.1],[118,24.1]", "[118.1,24.1],[218,24.1]"),
            // not closed
            (
                "[118.02,24.05],[118.05,24.05],[118.05,24.02],[118.02,24.02]]",
                "[118.02,24.05],[118.05,24.05],[118.05,24.02],[118.02,24.03]]",
            ),
            // unknown parent, duplicate id, parent level
            (r#""parent":"c1""#, r#""parent":"c2""#),
            (r#""id":-7"#, r#""id":"c1""#),
            (r#""parent":350203,"#, r#""parent":"-7","#),
        ] {
            let text = MAP.replacen(from, to, 1);
            assert_ne!(text, MAP, "{from}");
            let fast = read(&text, &o).expect("a valid shape stays on the fast path");
            assert!(fast.is_err(), "{to}");
            assert!(same(&fast, &by_value(&text, &o)), "{to}");
        }
    }

    #[test]
    fn other_shapes_are_left_to_the_value_path() {
        let o = GridOptions::default();
        for (from, to) in [
            (r#""level":"grid""#, r#""level":"grid","level":"grid""#),
            (r#""level":"grid""#, r#""level":"cell""#),
            (r#""id":-7"#, r#""id":-7.5"#),
            (r#""id":-7"#, r#""id":"""#),
            (r#""worker":null"#, r#""worker":5"#),
            ("[118,24,5]", "[118]"),
            ("[118,24,5]", "[118,\"24\"]"),
            ("[118,24,5]", "[]"),
            (r#""type":"Polygon""#, r#""type":"MultiPolygon""#),
            (r#""type":"Polygon""#, r#""type":"Point""#),
            (r#""type":"FeatureCollection""#, r#""type":"Feature""#),
            ("\n    ]}", "\n    ],\"features\":[]}"),
            ("\n    ]}", "\n    ]}x"),
            ("\n    ]}", "\n    ]"),
            (r#""n":1e300"#, r#""n":1e400"#),
            (r#""n":1e300"#, r#""n":"\ud800""#),
        ] {
            let text = MAP.replacen(from, to, 1);
            assert_ne!(text, MAP, "{from}");
            assert!(read(&text, &o).is_none(), "{to}");
        }
        let few = GridOptions {
            max_cells: 2,
            ..GridOptions::default()
        };
        assert!(read(MAP, &few).is_none());
    }

    #[test]
    fn positions_are_counted_as_the_text_pre_scan_counts_them_and_the_cap_holds() {
        // 22 positions and a nested array after an altitude, inside `coordinates`: 23 (the
        // two bboxes and the numeric array in "extra" are not counted)
        let text = MAP.replacen("[118,24,5]", "[118,24,5,[1]]", 1);
        let n = super::super::limits::positions_in_text(&text);
        assert_eq!(n, 23);
        // a foreign member named `coordinates` counts, as in the text pre-scan
        let foreign = text.replacen(
            "\"bbox\":[118,24,118.1,24.1]",
            "\"coordinates\":[[1,2],[3,4]]",
            1,
        );
        assert_ne!(foreign, text);
        assert_eq!(super::super::limits::positions_in_text(&foreign), 25);
        let at = |cap| GridOptions {
            max_vertices: cap,
            ..GridOptions::default()
        };
        assert!(read(&foreign, &at(25)).is_some());
        assert!(read(&foreign, &at(24)).is_none());
        for (cap, fast) in [(n, true), (n - 1, false)] {
            let o = GridOptions {
                max_vertices: cap,
                ..GridOptions::default()
            };
            assert_eq!(read(&text, &o).is_some(), fast, "cap {cap}");
            let e = GridMap::from_geojson(&text, &o).err();
            assert_eq!(
                e.map(|e| e.code()),
                (!fast).then_some("GEOJSON_TOO_MANY_VERTICES")
            );
        }
    }
}
