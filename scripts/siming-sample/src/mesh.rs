//! The real outline and its constrained Delaunay triangulation (spade) with Steiner points.

use crate::geom::{self, d2, parity, seg_dist, to_deg, to_m, SplitMix64};
use spade::{ConstrainedDelaunayTriangulation, Point2, Triangulation};
use std::collections::BTreeMap;

/// The district outline as read from `data/siming_boundary.geojson`, cleaned.
#[derive(Clone, Debug)]
pub struct Outline {
    /// Polygons of the MultiPolygon, in file order; each a list of rings (first vertex not
    /// repeated). Cleaning removes consecutive duplicate vertices and zero-width spikes
    /// (a, b, a), which changes no area and no point of the region's interior.
    pub polys: Vec<Vec<Vec<[f64; 2]>>>,
    /// Vertex count of each part as stored in the file (with closing vertex).
    pub raw_counts: Vec<usize>,
}

/// The boundary GeoJSON, compiled in.
pub const BOUNDARY_GEOJSON: &str = include_str!("../data/siming_boundary.geojson");
/// The register of streets and communities, compiled in.
pub const COMMUNITIES_CSV: &str = include_str!("../data/siming_communities.csv");

impl Outline {
    /// Parse and clean the compiled-in outline.
    pub fn load() -> Outline {
        let v: serde_json::Value = serde_json::from_str(BOUNDARY_GEOJSON).expect("boundary json");
        let geom = &v["features"][0]["geometry"];
        assert_eq!(geom["type"], "MultiPolygon");
        let mut polys = Vec::new();
        let mut raw_counts = Vec::new();
        for poly in geom["coordinates"].as_array().expect("coords") {
            let mut rings = Vec::new();
            for (ri, ring) in poly.as_array().expect("poly").iter().enumerate() {
                let pts: Vec<[f64; 2]> = ring
                    .as_array()
                    .expect("ring")
                    .iter()
                    .map(|c| [c[0].as_f64().expect("x"), c[1].as_f64().expect("y")])
                    .collect();
                if ri == 0 {
                    raw_counts.push(pts.len());
                }
                let mut r = clean_ring(pts);
                // RFC 7946: exterior counter-clockwise, holes clockwise.
                let a = geom::ring_area(&r);
                if (ri == 0) != (a > 0.0) {
                    r.reverse();
                }
                rings.push(r);
            }
            polys.push(rings);
        }
        Outline { polys, raw_counts }
    }

    /// All rings of all parts.
    pub fn rings(&self) -> impl Iterator<Item = &[[f64; 2]]> {
        self.polys.iter().flatten().map(|r| r.as_slice())
    }

    /// Area in square degrees (signed sums: exteriors minus holes).
    pub fn area(&self) -> f64 {
        self.rings().map(geom::ring_area).sum()
    }
}

/// Remove the closing vertex, consecutive duplicates and zero-width spikes, repeatedly.
pub fn clean_ring(mut pts: Vec<[f64; 2]>) -> Vec<[f64; 2]> {
    loop {
        let mut out: Vec<[f64; 2]> = Vec::with_capacity(pts.len());
        for p in pts.iter() {
            if out.last() != Some(p) {
                out.push(*p);
            }
        }
        while out.len() > 1 && out.first() == out.last() {
            out.pop();
        }
        let n = out.len();
        let spike = (0..n).find(|&i| n > 3 && out[(i + n - 1) % n] == out[(i + 1) % n]);
        match spike {
            Some(i) => {
                // Drop the tip and the repeated base vertex after it.
                let j = (i + 1) % n;
                pts = out
                    .iter()
                    .enumerate()
                    .filter(|&(k, _)| k != i && k != j)
                    .map(|(_, p)| *p)
                    .collect();
            }
            None => return out,
        }
    }
}

/// Sentinel for "no neighbour / no label".
pub const NONE: u32 = u32::MAX;

/// The triangle mesh of the district.
#[derive(Clone, Debug)]
pub struct Mesh {
    /// Vertices in degrees (GCJ-02); the first `n_outline` are the outline's own vertices.
    pub pts: Vec<[f64; 2]>,
    /// Number of outline vertices at the start of `pts`.
    pub n_outline: usize,
    /// Triangles, counter-clockwise, as vertex indices.
    pub tris: Vec<[u32; 3]>,
    /// Neighbour across edge i = (v[i], v[i+1]), or NONE on the outline.
    pub nbr: Vec<[u32; 3]>,
    /// Centroids in the local metric frame.
    pub cen: Vec<[f64; 2]>,
    /// Areas in m² (local frame).
    pub area_m2: Vec<f64>,
    /// Inradius in metres.
    pub inradius: Vec<f64>,
    /// Outline part (index into `Outline::polys`) of each triangle.
    pub part: Vec<u32>,
}

/// Target spacing of the Steiner lattice in metres.
pub const SPACING_M: f64 = 65.0;

impl Mesh {
    /// Triangulate the outline with a jittered triangular lattice of Steiner points inside.
    pub fn build(outline: &Outline, seed: u64) -> Mesh {
        let mut pts: Vec<[f64; 2]> = Vec::new();
        let mut index: BTreeMap<(u64, u64), usize> = BTreeMap::new();
        let mut edges: Vec<[usize; 2]> = Vec::new();
        let mut add = |p: [f64; 2], pts: &mut Vec<[f64; 2]>| -> usize {
            *index
                .entry((p[0].to_bits(), p[1].to_bits()))
                .or_insert_with(|| {
                    pts.push(p);
                    pts.len() - 1
                })
        };
        for ring in outline.rings() {
            let ids: Vec<usize> = ring.iter().map(|&p| add(p, &mut pts)).collect();
            for i in 0..ids.len() {
                edges.push([ids[i], ids[(i + 1) % ids.len()]]);
            }
        }
        let n_outline = pts.len();
        // Outline edges in metres, for the clearance test.
        let edges_m: Vec<([f64; 2], [f64; 2])> = edges
            .iter()
            .map(|e| (to_m(pts[e[0]]), to_m(pts[e[1]])))
            .collect();
        let mut rng = SplitMix64::keyed(seed, 1, 0);
        let s = SPACING_M;
        let row = s * 3f64.sqrt() / 2.0;
        let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
        for p in &pts {
            let m = to_m(*p);
            for k in 0..2 {
                lo[k] = lo[k].min(m[k]);
                hi[k] = hi[k].max(m[k]);
            }
        }
        let ny = ((hi[1] - lo[1]) / row).ceil() as i64 + 1;
        let nx = ((hi[0] - lo[0]) / s).ceil() as i64 + 2;
        for j in 0..ny {
            for i in 0..nx {
                let jx = rng.range(-0.25, 0.25) * s;
                let jy = rng.range(-0.25, 0.25) * s;
                let off = if j % 2 == 1 { 0.5 * s } else { 0.0 };
                let m = [lo[0] + i as f64 * s + off + jx, lo[1] + j as f64 * row + jy];
                let p = to_deg(m);
                if parity(p, outline.rings()) != Some(true) {
                    continue;
                }
                let clear = edges_m.iter().all(|(a, b)| seg_dist(m, *a, *b) >= 0.4 * s);
                if clear {
                    add(p, &mut pts);
                }
            }
        }
        let verts: Vec<Point2<f64>> = pts.iter().map(|p| Point2::new(p[0], p[1])).collect();
        let cdt: ConstrainedDelaunayTriangulation<Point2<f64>> =
            ConstrainedDelaunayTriangulation::bulk_load_cdt(verts, edges.clone())
                .expect("triangulation");
        assert_eq!(cdt.num_vertices(), pts.len(), "spade merged vertices");
        assert_eq!(cdt.num_constraints(), edges.len(), "outline edges split");
        let mut tris = Vec::new();
        for f in cdt.inner_faces() {
            let v = f.vertices();
            let mut t = [0u32; 3];
            for k in 0..3 {
                t[k] = v[k].fix().index() as u32;
                debug_assert_eq!(pts[t[k] as usize], [v[k].position().x, v[k].position().y]);
            }
            let (a, b, c) = (pts[t[0] as usize], pts[t[1] as usize], pts[t[2] as usize]);
            if geom::orient(a, b, c) < 0.0 {
                t.swap(1, 2);
            }
            let g = [(a[0] + b[0] + c[0]) / 3.0, (a[1] + b[1] + c[1]) / 3.0];
            if parity(g, outline.rings()) == Some(true) {
                tris.push(t);
            }
        }
        // A canonical order (independent of spade's internal face order): by first vertex etc.
        for t in tris.iter_mut() {
            let m = (0..3).min_by_key(|&k| t[k]).unwrap_or(0);
            t.rotate_left(m);
        }
        tris.sort_unstable();
        let nbr = neighbours(&tris);
        let mut cen = Vec::with_capacity(tris.len());
        let mut area_m2 = Vec::with_capacity(tris.len());
        let mut inradius = Vec::with_capacity(tris.len());
        for t in &tris {
            let [a, b, c] = t.map(|v| to_m(pts[v as usize]));
            cen.push([(a[0] + b[0] + c[0]) / 3.0, (a[1] + b[1] + c[1]) / 3.0]);
            let ar = 0.5 * ((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
            let per = d2(a, b).sqrt() + d2(b, c).sqrt() + d2(c, a).sqrt();
            area_m2.push(ar);
            inradius.push(2.0 * ar / per);
        }
        // Which outline part each triangle lies in.
        let part = cen
            .iter()
            .map(|c| {
                let p = to_deg(*c);
                outline
                    .polys
                    .iter()
                    .position(|poly| parity(p, poly.iter().map(|r| r.as_slice())) == Some(true))
                    .unwrap_or(0) as u32
            })
            .collect();
        Mesh {
            pts,
            n_outline,
            tris,
            nbr,
            cen,
            area_m2,
            inradius,
            part,
        }
    }

    /// Number of triangles.
    pub fn len(&self) -> usize {
        self.tris.len()
    }

    /// True when there are no triangles.
    pub fn is_empty(&self) -> bool {
        self.tris.is_empty()
    }
}

/// Neighbours across each edge, found by sorting undirected edge keys.
pub(crate) fn neighbours(tris: &[[u32; 3]]) -> Vec<[u32; 3]> {
    let mut keys: Vec<(u32, u32, u32, u8)> = Vec::with_capacity(tris.len() * 3);
    for (ti, t) in tris.iter().enumerate() {
        for k in 0..3 {
            let (a, b) = (t[k], t[(k + 1) % 3]);
            keys.push((a.min(b), a.max(b), ti as u32, k as u8));
        }
    }
    keys.sort_unstable();
    let mut nbr = vec![[NONE; 3]; tris.len()];
    let mut i = 0;
    while i < keys.len() {
        if i + 1 < keys.len() && keys[i].0 == keys[i + 1].0 && keys[i].1 == keys[i + 1].1 {
            let (x, y) = (keys[i], keys[i + 1]);
            nbr[x.2 as usize][x.3 as usize] = y.2;
            nbr[y.2 as usize][y.3 as usize] = x.2;
            assert!(
                i + 2 >= keys.len() || (keys[i + 2].0, keys[i + 2].1) != (x.0, x.1),
                "non-manifold edge"
            );
            i += 2;
        } else {
            i += 1;
        }
    }
    nbr
}
