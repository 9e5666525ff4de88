//! The points layer: events (网格事) and service sites (党群服务阵地), clustered per zoom.

use crate::math::SameBits;
use std::collections::HashMap;

use super::cache::LevelCache;
use super::order::{i64_key, order_by2, sort_pairs};

use super::viewport::{mercator_from_lnglat, TILE_SIZE_CSS};
use super::RenderError;

/// What a point is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PointKind {
    /// A reported event (网格事).
    Event,
    /// A party–mass service site (党群服务阵地).
    ServiceSite,
}

/// A cluster of points (or a single point, `count == 1`).
///
/// # Units
/// `center` in Web Mercator world units (y-down): the mean of the members.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// Mean position of the members, world units.
    pub center: [f64; 2],
    /// Number of members.
    pub count: u32,
    /// Id of the member with the lowest id.
    pub first_id: u32,
}

/// A layer of points of one kind with their ids; clustered per integer zoom on a screen grid.
#[derive(Clone, Debug)]
pub struct PointLayer {
    kind: PointKind,
    points: Vec<([f64; 2], u32)>,
    /// Which points are shown (all when `None`): see [`PointLayer::set_shown`].
    shown: Option<Vec<bool>>,
    cluster_px: f64,
    cache: LevelCache<Vec<Cluster>>,
}

impl PointLayer {
    /// Makes a layer from interleaved positions and one id per point.
    ///
    /// `cluster_px` is the clustering grid size in CSS px (0 turns clustering off).
    ///
    /// # Units
    /// `positions` interleaved `[lng0, lat0, …]` degrees, in the map's datum; `cluster_px` CSS
    /// px.
    ///
    /// # Errors
    /// [`RenderError::ValuesLength`] when `positions.len() != 2 * ids.len()`;
    /// [`RenderError::InvalidClusterPx`] when `cluster_px` is negative or not finite;
    /// [`RenderError::InvalidPosition`] for the first point whose longitude is not finite in
    /// −180..=180 or latitude not in −90..=90 (a point is never dropped silently).
    pub fn new(
        kind: PointKind,
        positions: &[f64],
        ids: &[u32],
        cluster_px: f64,
    ) -> Result<Self, RenderError> {
        if positions.len() != 2 * ids.len() {
            return Err(RenderError::ValuesLength {
                what: "positions (2 per id)",
                expected: 2 * ids.len(),
                actual: positions.len(),
            });
        }
        if !(cluster_px.is_finite() && cluster_px >= 0.0) {
            return Err(RenderError::InvalidClusterPx { value: cluster_px });
        }
        let mut points = Vec::with_capacity(ids.len());
        for (index, &id) in ids.iter().enumerate() {
            let (lng, lat) = (positions[2 * index], positions[2 * index + 1]);
            if !(lng.is_finite() && lat.is_finite() && lng.abs() <= 180.0 && lat.abs() <= 90.0) {
                return Err(RenderError::InvalidPosition {
                    what: "positions",
                    index,
                    lng,
                    lat,
                });
            }
            points.push((mercator_from_lnglat([lng, lat]), id));
        }
        Ok(PointLayer {
            kind,
            points,
            shown: None,
            cluster_px,
            cache: LevelCache::new(8),
        })
    }

    /// The kind of the points.
    ///
    /// # Errors
    /// None.
    pub fn kind(&self) -> PointKind {
        self.kind
    }

    /// The points' positions, world units (Web Mercator, y-down), in input order.
    ///
    /// # Errors
    /// None.
    pub fn positions(&self) -> impl Iterator<Item = [f64; 2]> + '_ {
        self.points.iter().map(|&(p, _)| p)
    }

    /// Shows only the points whose flag is set (`shown[i]` for the i-th point in input
    /// order), or all with `None`; clusters are made of the points shown (their counts too).
    /// A mask of another length shows all.
    ///
    /// # Errors
    /// None.
    pub fn set_shown(&mut self, shown: Option<Vec<bool>>) {
        let shown = shown.filter(|s| s.len() == self.points.len());
        if shown != self.shown {
            self.shown = shown;
            self.cache = LevelCache::new(8);
        }
    }

    /// The clusters at integer zoom `level` (cached): points are binned on a grid of
    /// `cluster_px` CSS px at that zoom; each non-empty bin is a cluster at its members' mean.
    /// Sorted by bin (row, then column) so output does not depend on input order.
    ///
    /// # Units
    /// `level` is a zoom level; output centres in world units.
    ///
    /// # Errors
    /// None.
    ///
    /// # Complexity
    /// O(n log n) the first time per level.
    pub fn clusters(&mut self, level: i32) -> &[Cluster] {
        let level = level.clamp(0, 34);
        let (points, shown, cluster_px) = (&self.points, &self.shown, self.cluster_px);
        self.cache
            .get_or_insert_with(level, || {
                let kept: Vec<([f64; 2], u32)> = match shown {
                    Some(m) => points
                        .iter()
                        .zip(m)
                        .filter_map(|(&p, &s)| s.then_some(p))
                        .collect(),
                    None => points.clone(),
                };
                compute(&kept, cluster_px, level)
            })
            .as_slice()
    }
}

fn compute(points: &[([f64; 2], u32)], cluster_px: f64, level: i32) -> Vec<Cluster> {
    if cluster_px == 0.0 {
        let v: Vec<Cluster> = points
            .iter()
            .map(|&(p, id)| Cluster {
                center: p,
                count: 1,
                first_id: id,
            })
            .collect();
        // by id, then input order
        let mut keys: Vec<(u64, u32)> = v
            .iter()
            .enumerate()
            .map(|(i, c)| (u64::from(c.first_id), i as u32))
            .collect();
        sort_pairs(&mut keys);
        return keys
            .into_iter()
            .map(|(_, i)| v[i as usize].clone())
            .collect();
    }
    let g = cluster_px / (TILE_SIZE_CSS * f64::from(level).exp2_());
    let mut bins: HashMap<(i64, i64), (f64, f64, u32, u32)> = HashMap::new();
    for &(p, id) in points {
        let k = ((p[1] / g).floor() as i64, (p[0] / g).floor() as i64);
        let e = bins.entry(k).or_insert((0.0, 0.0, 0, u32::MAX));
        e.0 += p[0];
        e.1 += p[1];
        e.2 += 1;
        e.3 = e.3.min(id);
    }
    let v: Vec<((i64, i64), Cluster)> = bins
        .into_iter()
        .map(|(k, (sx, sy, n, id))| {
            (
                k,
                Cluster {
                    center: [sx / f64::from(n), sy / f64::from(n)],
                    count: n,
                    first_id: id,
                },
            )
        })
        .collect();
    // by bin row, then column
    let rows: Vec<u64> = v.iter().map(|a| i64_key(a.0 .0)).collect();
    let cols: Vec<u64> = v.iter().map(|a| i64_key(a.0 .1)).collect();
    order_by2(&rows, &cols)
        .into_iter()
        .map(|i| v[i as usize].1.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clustering_merges_near_points_and_splits_when_zoomed_in() {
        // two points ~11 m apart and one ~1 km away
        let pos = [118.0800, 24.4600, 118.0801, 24.4600, 118.0900, 24.4600];
        let mut l = PointLayer::new(PointKind::Event, &pos, &[5, 3, 9], 40.0).unwrap();
        let c = l.clusters(14);
        assert_eq!(c.len(), 2);
        let big = c.iter().find(|c| c.count == 2).unwrap();
        assert_eq!(big.first_id, 3);
        assert_eq!(l.clusters(22).len(), 3);
        assert_eq!(l.clusters(0).len(), 1);
        assert!(PointLayer::new(PointKind::Event, &pos, &[1], 40.0).is_err());
        assert!(PointLayer::new(PointKind::Event, &[], &[], -1.0).is_err());
        // a bad position is an error naming the point, not a point skipped
        for (lng, lat) in [
            (f64::NAN, 0.0),
            (0.0, 95.0),
            (-180.5, 0.0),
            (0.0, f64::INFINITY),
        ] {
            let e = PointLayer::new(PointKind::Event, &[1.0, 2.0, lng, lat], &[1, 2], 40.0)
                .unwrap_err();
            assert_eq!(e.code(), "RENDER_INVALID_POSITION");
            assert!(
                matches!(e, RenderError::InvalidPosition { index: 1, .. }),
                "{e:?}"
            );
        }
    }
}
