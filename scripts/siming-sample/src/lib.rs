//! Deterministic generator of the Siming sample: the real district outline and register of
//! streets and communities, partitioned into synthetic grid cells, with synthetic households.
//!
//! "grid geometry is synthetic; outline and names are real" (网格边界为合成数据；区界与名称为真实数据).

// Index loops over parallel per-triangle arrays read more plainly than zipped iterators.
#![allow(clippy::needless_range_loop)]

pub mod dense;
pub mod geom;
pub mod households;
pub mod mesh;
pub mod output;
pub mod partition;
pub mod rings;

use geom::{to_m, SplitMix64};
use mesh::{Mesh, Outline, NONE};
use rings::PolyIdx;

/// The default seed.
pub const DEFAULT_SEED: u64 = 20_260_203;

/// Target number of grid cells in the district.
pub const TARGET_GRIDS: usize = 600;

/// Level of a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// 街道
    Street,
    /// 社区
    Community,
    /// 网格
    Grid,
}

impl Level {
    /// The contract's string.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Street => "street",
            Level::Community => "community",
            Level::Grid => "grid",
        }
    }
}

/// One cell of the hierarchy.
#[derive(Clone, Debug)]
pub struct Cell {
    /// Unique id (statistical code for streets and communities; community code + 2 digits).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Full registered name.
    pub full_name: String,
    /// Level.
    pub level: Level,
    /// Index of the parent cell in `Sample::cells`.
    pub parent: Option<usize>,
    /// Real statistical code, where there is one.
    pub code: Option<String>,
    /// Synthetic, masked worker name (grids only).
    pub worker: Option<String>,
    /// Triangles of the mesh making up the cell, ascending.
    pub tris: Vec<u32>,
    /// Polygons as rings of mesh vertex indices.
    pub polys: Vec<PolyIdx>,
    /// Households inside.
    pub households: u64,
    /// Persons inside.
    pub persons: u64,
}

/// The whole generated sample, in memory.
#[derive(Clone, Debug)]
pub struct Sample {
    /// Seed.
    pub seed: u64,
    /// Cleaned real outline.
    pub outline: Outline,
    /// Triangle mesh.
    pub mesh: Mesh,
    /// All cells in ascending id order (the order of features in grid.geojson).
    pub cells: Vec<Cell>,
    /// Cell index of each triangle at each level: [street, community, grid].
    pub labels: [Vec<u32>; 3],
    /// Household positions (GCJ-02 degrees).
    pub households: Vec<[f64; 2]>,
    /// Persons per household.
    pub persons: Vec<u8>,
    /// Grid cell index (into `cells`) of each household.
    pub truth: Vec<i32>,
}

/// A street of the register.
#[derive(Clone, Debug)]
pub struct Street {
    /// 9-digit code.
    pub code: String,
    /// Name, e.g. 厦港街道.
    pub name: String,
    /// (12-digit code, registered name) of each community, ascending by code.
    pub communities: Vec<(String, String)>,
}

/// The register from `data/siming_communities.csv`, ascending by code.
pub fn register() -> Vec<Street> {
    let mut map: std::collections::BTreeMap<String, Street> = Default::default();
    for line in mesh::COMMUNITIES_CSV.lines().skip(1) {
        let f: Vec<&str> = line.trim().split(',').collect();
        if f.len() != 4 {
            continue;
        }
        let s = map.entry(f[0].to_string()).or_insert_with(|| Street {
            code: f[0].to_string(),
            name: f[1].to_string(),
            communities: Vec::new(),
        });
        s.communities.push((f[2].to_string(), f[3].to_string()));
    }
    let mut v: Vec<Street> = map.into_values().collect();
    for s in v.iter_mut() {
        s.communities.sort();
    }
    v
}

/// Rough real location (GCJ-02) and rough size of each street on Xiamen Island, used only as
/// power-diagram seeds and weight targets: (code, lng, lat, residents in thousands, km²).
/// 鼓浪屿街道 (350203012) takes Gulangyu island instead.
pub const STREET_SEEDS: &[(&str, f64, f64, f64, f64)] = &[
    ("350203001", 118.092, 24.446, 60.0, 3.0), // 厦港: south-west, 沙坡尾
    ("350203003", 118.082, 24.457, 45.0, 1.5), // 中华: old town, 中山路
    ("350203005", 118.140, 24.438, 70.0, 20.0), // 滨海: south-east coast
    ("350203006", 118.083, 24.467, 50.0, 2.4), // 鹭江: old-town waterfront, west
    ("350203007", 118.100, 24.471, 110.0, 5.6), // 开元: centre-west
    ("350203008", 118.121, 24.471, 110.0, 5.0), // 梧村: centre, railway station
    ("350203009", 118.102, 24.489, 130.0, 6.0), // 筼筜: north-west, 筼筜湖
    ("350203010", 118.168, 24.478, 270.0, 26.0), // 莲前: east
    ("350203011", 118.128, 24.490, 120.0, 6.0), // 嘉莲: north-centre
];

/// The Gulangyu street code.
pub const GULANGYU: &str = "350203012";

const SURNAMES: &[char] = &[
    '陈', '林', '黄', '张', '李', '王', '吴', '刘', '蔡', '杨', '郑', '许', '洪', '曾', '周', '苏',
    '庄', '叶', '谢', '郭', '柯', '施', '卢', '邱', '颜', '何', '方', '赖',
];
const GIVEN: &[char] = &[
    '华', '明', '丽', '芳', '伟', '强', '敏', '静', '燕', '军', '玲', '平', '辉', '萍', '婷', '斌',
    '霞', '勇', '红', '杰', '娟', '涛', '琴', '峰', '慧', '鑫', '珊', '彬', '雯', '琳',
];

/// A synthetic, masked worker display name like 陈*华.
fn worker_name(seed: u64, k: u64) -> String {
    let mut r = SplitMix64::keyed(seed, 7, k);
    let s = SURNAMES[r.below(SURNAMES.len() as u64) as usize];
    let g = GIVEN[r.below(GIVEN.len() as u64) as usize];
    format!("{s}*{g}")
}

/// Generate the sample for a seed.
pub fn generate(seed: u64) -> Sample {
    let outline = Outline::load();
    let mesh = Mesh::build(&outline, seed);
    let nt = mesh.len();
    let hh_tri = households::allocate(&mesh, seed);
    let total_hh: f64 = hh_tri.iter().map(|&x| x as f64).sum();
    let total_area: f64 = mesh.area_m2.iter().sum();
    // Partition weight: mostly households, partly area (so empty hills do not make huge cells).
    let w: Vec<f64> = (0..nt)
        .map(|t| 0.65 * hh_tri[t] as f64 / total_hh + 0.35 * mesh.area_m2[t] / total_area)
        .collect();
    let reg = register();
    let mut local = vec![NONE; nt];

    // --- Streets. The outline's parts, by area: [main island, Gulangyu, islet].
    let mut part_order: Vec<usize> = (0..outline.polys.len()).collect();
    let parea = |i: usize| -> f64 { outline.polys[i].iter().map(|r| geom::ring_area(r)).sum() };
    part_order.sort_by(|&a, &b| parea(b).total_cmp(&parea(a)));
    let gulangyu_part = part_order[1] as u32;
    let street_idx = |code: &str| reg.iter().position(|s| s.code == code).expect("street");
    let mut street_of = vec![NONE; nt];
    let island: Vec<u32> = (0..nt as u32)
        .filter(|&t| mesh.part[t as usize] != gulangyu_part)
        .collect();
    let mut seeds: Vec<[f64; 2]> = STREET_SEEDS.iter().map(|s| to_m([s.1, s.2])).collect();
    let (pop_sum, area_sum) = STREET_SEEDS
        .iter()
        .fold((0.0, 0.0), |a, s| (a.0 + s.3, a.1 + s.4));
    let targets: Vec<f64> = STREET_SEEDS
        .iter()
        .map(|s| 0.65 * s.3 / pop_sum + 0.35 * s.4 / area_sum)
        .collect();
    let lab =
        partition::power_partition(&mesh, &w, &island, &mut seeds, &targets, false, &mut local);
    for (i, &t) in island.iter().enumerate() {
        street_of[t as usize] = street_idx(STREET_SEEDS[lab[i] as usize].0) as u32;
    }
    let gi = street_idx(GULANGYU) as u32;
    for t in 0..nt {
        if mesh.part[t] == gulangyu_part {
            street_of[t] = gi;
        }
    }

    // --- Communities within each street.
    let mut comm_of = vec![NONE; nt];
    let mut comm_list: Vec<(usize, usize)> = Vec::new(); // (street, index within street)
    for (si, st) in reg.iter().enumerate() {
        let tris: Vec<u32> = (0..nt as u32)
            .filter(|&t| street_of[t as usize] == si as u32)
            .collect();
        let k = st.communities.len();
        let mut rng = SplitMix64::keyed(seed, 8, si as u64);
        let mut seeds = partition::lloyd_seeds(&mesh, &w, &tris, k, &mut rng);
        let targets: Vec<f64> = (0..k).map(|_| rng.range(0.75, 1.25)).collect();
        let lab =
            partition::power_partition(&mesh, &w, &tris, &mut seeds, &targets, true, &mut local);
        let base = comm_list.len() as u32;
        for (i, &t) in tris.iter().enumerate() {
            comm_of[t as usize] = base + lab[i];
        }
        comm_list.extend((0..k).map(|c| (si, c)));
    }

    // --- Grids: 3..=15 per community, about TARGET_GRIDS in all, by households.
    let nc = comm_list.len();
    let mut comm_hh = vec![0u64; nc];
    let mut comm_tris: Vec<Vec<u32>> = vec![Vec::new(); nc];
    for t in 0..nt {
        comm_hh[comm_of[t] as usize] += hh_tri[t] as u64;
        comm_tris[comm_of[t] as usize].push(t as u32);
    }
    let grids_for = |d: f64| -> Vec<usize> {
        comm_hh
            .iter()
            .map(|&h| ((h as f64 / d).round() as usize).clamp(3, 15))
            .collect()
    };
    let (mut lo, mut hi) = (10.0f64, 100_000.0f64);
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if grids_for(mid).iter().sum::<usize>() > TARGET_GRIDS {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let ngrid = grids_for(hi);
    let mut grid_of = vec![NONE; nt];
    let mut grid_list: Vec<(usize, usize)> = Vec::new(); // (community, number within it)
    for c in 0..nc {
        let k = ngrid[c];
        let mut rng = SplitMix64::keyed(seed, 9, c as u64);
        let tris = &comm_tris[c];
        let mut seeds = partition::lloyd_seeds(&mesh, &w, tris, k, &mut rng);
        let targets: Vec<f64> = (0..k).map(|_| rng.range(0.8, 1.2)).collect();
        let lab =
            partition::power_partition(&mesh, &w, tris, &mut seeds, &targets, true, &mut local);
        let base = grid_list.len() as u32;
        for (i, &t) in tris.iter().enumerate() {
            grid_of[t as usize] = base + lab[i];
        }
        grid_list.extend((0..k).map(|g| (c, g)));
    }

    // --- Cells, sorted by id.
    struct Proto {
        id: String,
        name: String,
        full_name: String,
        level: Level,
        parent_id: Option<String>,
        code: Option<String>,
        worker: Option<String>,
        level_label: (usize, u32),
    }
    let mut protos: Vec<Proto> = Vec::new();
    for (si, st) in reg.iter().enumerate() {
        protos.push(Proto {
            id: st.code.clone(),
            name: st.name.clone(),
            full_name: st.name.clone(),
            level: Level::Street,
            parent_id: None,
            code: Some(st.code.clone()),
            worker: None,
            level_label: (0, si as u32),
        });
    }
    let display = |full: &str| full.strip_suffix("居委会").unwrap_or(full).to_string();
    for (ci, &(si, k)) in comm_list.iter().enumerate() {
        let (code, full) = &reg[si].communities[k];
        protos.push(Proto {
            id: code.clone(),
            name: display(full),
            full_name: full.clone(),
            level: Level::Community,
            parent_id: Some(reg[si].code.clone()),
            code: Some(code.clone()),
            worker: None,
            level_label: (1, ci as u32),
        });
    }
    for (gi, &(c, g)) in grid_list.iter().enumerate() {
        let (si, k) = comm_list[c];
        let (code, full) = &reg[si].communities[k];
        let name = format!("{}第{}网格", display(full), g + 1);
        protos.push(Proto {
            id: format!("{code}{:02}", g + 1),
            full_name: format!("{full}第{}网格", g + 1),
            name,
            level: Level::Grid,
            parent_id: Some(code.clone()),
            code: None,
            worker: Some(worker_name(seed, gi as u64)),
            level_label: (2, gi as u32),
        });
    }
    protos.sort_by(|a, b| a.id.cmp(&b.id));
    let pos_of_id = |id: &str| protos.iter().position(|p| p.id == id).expect("parent id");
    let mut remap: [Vec<u32>; 3] = [
        vec![NONE; reg.len()],
        vec![NONE; nc],
        vec![NONE; grid_list.len()],
    ];
    for (i, p) in protos.iter().enumerate() {
        remap[p.level_label.0][p.level_label.1 as usize] = i as u32;
    }
    let labels: [Vec<u32>; 3] = [
        street_of.iter().map(|&x| remap[0][x as usize]).collect(),
        comm_of.iter().map(|&x| remap[1][x as usize]).collect(),
        grid_of.iter().map(|&x| remap[2][x as usize]).collect(),
    ];
    let mut cells: Vec<Cell> = protos
        .iter()
        .map(|p| Cell {
            id: p.id.clone(),
            name: p.name.clone(),
            full_name: p.full_name.clone(),
            level: p.level,
            parent: p.parent_id.as_deref().map(pos_of_id),
            code: p.code.clone(),
            worker: p.worker.clone(),
            tris: Vec::new(),
            polys: Vec::new(),
            households: 0,
            persons: 0,
        })
        .collect();
    for lab in labels.iter() {
        for (t, &c) in lab.iter().enumerate() {
            cells[c as usize].tris.push(t as u32);
        }
    }
    for (ci, cell) in cells.iter_mut().enumerate() {
        let lvl = match cell.level {
            Level::Street => 0,
            Level::Community => 1,
            Level::Grid => 2,
        };
        cell.polys = rings::cell_polygons(&mesh, &labels[lvl], ci as u32, &cell.tris);
    }

    // --- Households: placed per triangle, then shuffled (registers are not sorted by place).
    let mut hh: Vec<[f64; 2]> = Vec::with_capacity(total_hh as usize);
    let mut truth: Vec<i32> = Vec::with_capacity(total_hh as usize);
    for t in 0..nt {
        let before = hh.len();
        households::place(&mesh, t, hh_tri[t], seed, &mut hh);
        truth.extend(std::iter::repeat_n(labels[2][t] as i32, hh.len() - before));
    }
    let mut rng = SplitMix64::keyed(seed, 10, 0);
    for i in (1..hh.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        hh.swap(i, j);
        truth.swap(i, j);
    }
    let mut rng = SplitMix64::keyed(seed, 11, 0);
    let persons: Vec<u8> = (0..hh.len())
        .map(|_| households::persons(&mut rng))
        .collect();
    for (i, &g) in truth.iter().enumerate() {
        let mut c = Some(g as usize);
        while let Some(ci) = c {
            cells[ci].households += 1;
            cells[ci].persons += persons[i] as u64;
            c = cells[ci].parent;
        }
    }
    Sample {
        seed,
        outline,
        mesh,
        cells,
        labels,
        households: hh,
        persons,
        truth,
    }
}
