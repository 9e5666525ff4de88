//! Partitioning a set of triangles into k connected, balanced regions (power diagrams).

use crate::geom::{d2, SplitMix64};
use crate::mesh::{Mesh, NONE};
use std::collections::BTreeMap;

/// Balanced power-diagram partition of `tris` (a subset of the mesh) into `seeds.len()` parts.
///
/// Each triangle goes to the region minimising |centroid − seed|² − ψ (a power diagram, whose
/// cells are convex, so boundaries are straight-ish like streets). The offsets ψ are adjusted
/// until each region's weight approaches its share of `targets`; with `move_seeds`, the seeds
/// also move to their regions' weighted centroids now and then (a capacity-constrained Lloyd
/// iteration). Fragments that the non-convex parent cuts off a region are then merged into the
/// neighbour with the longest shared boundary ([`fix_fragments`]); components of the subset that
/// touch no other region (an islet) join, whole, the region of the nearest triangle of the
/// largest component.
/// Returns the region of each triangle of `tris`, in the order of `tris`.
pub fn power_partition(
    mesh: &Mesh,
    w: &[f64],
    tris: &[u32],
    seeds: &mut [[f64; 2]],
    targets: &[f64],
    move_seeds: bool,
    local: &mut [u32],
) -> Vec<u32> {
    // Detached components of the subset (an islet) take no part in the balancing: they join,
    // whole, the region of the nearest triangle of the largest component afterwards.
    let comps = components(mesh, tris, local);
    if comps.len() > 1 {
        let main_c = (0..comps.len())
            .max_by(|&a, &b| comps[a].len().cmp(&comps[b].len()).then(b.cmp(&a)))
            .unwrap_or(0);
        let main: Vec<u32> = comps[main_c].iter().map(|&i| tris[i]).collect();
        let main_lab = power_partition(mesh, w, &main, seeds, targets, move_seeds, local);
        let mut lab = vec![NONE; tris.len()];
        for (j, &i) in comps[main_c].iter().enumerate() {
            lab[i] = main_lab[j];
        }
        for (c, members) in comps.iter().enumerate() {
            if c == main_c {
                continue;
            }
            let mut best = (f64::INFINITY, 0u32);
            for &i in members {
                for (j, &t) in main.iter().enumerate() {
                    let d = d2(mesh.cen[tris[i] as usize], mesh.cen[t as usize]);
                    if d < best.0 {
                        best = (d, main_lab[j]);
                    }
                }
            }
            for &i in members {
                lab[i] = best.1;
            }
        }
        return lab;
    }
    let k = seeds.len();
    let n = tris.len();
    assert!(k >= 1 && n >= k, "{k} regions for {n} triangles");
    let total_w: f64 = tris.iter().map(|&t| w[t as usize]).sum();
    let tsum: f64 = targets.iter().sum();
    let tgt: Vec<f64> = targets.iter().map(|&x| x / tsum * total_w).collect();
    let area: f64 = tris.iter().map(|&t| mesh.area_m2[t as usize]).sum();
    let r2 = area / (std::f64::consts::PI * k as f64);
    let mut psi = vec![0.0f64; k];
    let mut lab = vec![0u32; n];
    let assign = |seeds: &[[f64; 2]], psi: &[f64], lab: &mut [u32]| {
        for (i, &t) in tris.iter().enumerate() {
            let c = mesh.cen[t as usize];
            let mut best = (f64::INFINITY, 0u32);
            for r in 0..k {
                let v = d2(c, seeds[r]) - psi[r];
                if v < best.0 {
                    best = (v, r as u32);
                }
            }
            lab[i] = best.1;
        }
    };
    const ITERS: usize = 120;
    for it in 0..ITERS {
        assign(seeds, &psi, &mut lab);
        let mut acc = vec![[0.0f64; 3]; k];
        for (i, &t) in tris.iter().enumerate() {
            let r = lab[i] as usize;
            let wt = w[t as usize] + 1e-15;
            let c = mesh.cen[t as usize];
            acc[r][0] += wt * c[0];
            acc[r][1] += wt * c[1];
            acc[r][2] += wt;
        }
        let step = 0.5 * r2 / (1.0 + it as f64 / 15.0);
        for r in 0..k {
            psi[r] += step * (1.0 - acc[r][2] / tgt[r]).clamp(-1.0, 1.0);
        }
        if move_seeds && it % 5 == 4 && it < ITERS - 30 {
            for r in 0..k {
                if acc[r][2] > 0.0 {
                    seeds[r] = [acc[r][0] / acc[r][2], acc[r][1] / acc[r][2]];
                }
            }
        }
    }
    assign(seeds, &psi, &mut lab);
    smooth(mesh, tris, &mut lab, k, local);
    // No empty region: give an empty one the free-most triangle nearest its seed.
    for r in 0..k {
        if lab.contains(&(r as u32)) {
            continue;
        }
        let mut count = vec![0usize; k];
        for &l in &lab {
            count[l as usize] += 1;
        }
        let best = (0..n)
            .filter(|&i| count[lab[i] as usize] > 1)
            .min_by(|&a, &b| {
                d2(mesh.cen[tris[a] as usize], seeds[r])
                    .total_cmp(&d2(mesh.cen[tris[b] as usize], seeds[r]))
            })
            .expect("a triangle to spare");
        lab[best] = r as u32;
    }
    fix_fragments(mesh, tris, &mut lab, local);
    lab
}

/// Edge-connected components of a subset, as lists of positions in `tris` (ascending by first).
fn components(mesh: &Mesh, tris: &[u32], local: &mut [u32]) -> Vec<Vec<usize>> {
    let n = tris.len();
    for (i, &t) in tris.iter().enumerate() {
        local[t as usize] = i as u32;
    }
    let mut seen = vec![false; n];
    let mut comps = Vec::new();
    for s in 0..n {
        if seen[s] {
            continue;
        }
        seen[s] = true;
        let mut members = vec![s];
        let mut q = 0;
        while q < members.len() {
            let i = members[q];
            q += 1;
            for &nb in &mesh.nbr[tris[i] as usize] {
                if nb == NONE {
                    continue;
                }
                let j = local[nb as usize];
                if j != NONE && !seen[j as usize] {
                    seen[j as usize] = true;
                    members.push(j as usize);
                }
            }
        }
        comps.push(members);
    }
    for &t in tris {
        local[t as usize] = NONE;
    }
    comps
}

/// Remove the saw-teeth a straight power-diagram boundary leaves on a triangle mesh: a
/// triangle whose neighbours (within the subset) are mostly of one other region joins it.
/// Gauss–Seidel sweeps in triangle order; never shrinks a region below 4 triangles.
fn smooth(mesh: &Mesh, tris: &[u32], lab: &mut [u32], k: usize, local: &mut [u32]) {
    let n = tris.len();
    for (i, &t) in tris.iter().enumerate() {
        local[t as usize] = i as u32;
    }
    let mut count = vec![0usize; k];
    for &l in lab.iter() {
        count[l as usize] += 1;
    }
    for _pass in 0..4 {
        let mut changed = false;
        for i in 0..n {
            let r = lab[i];
            let mut nl = [NONE; 3];
            for (q, &nb) in mesh.nbr[tris[i] as usize].iter().enumerate() {
                if nb != NONE && local[nb as usize] != NONE {
                    nl[q] = lab[local[nb as usize] as usize];
                }
            }
            let same = nl.iter().filter(|&&l| l == r).count();
            if same > 1 || count[r as usize] <= 4 {
                continue;
            }
            for q in 0..3 {
                let l = nl[q];
                if l != NONE && l != r && nl.iter().filter(|&&x| x == l).count() >= 2 {
                    lab[i] = l;
                    count[r as usize] -= 1;
                    count[l as usize] += 1;
                    changed = true;
                    break;
                }
            }
        }
        if !changed {
            break;
        }
    }
    for &t in tris {
        local[t as usize] = NONE;
    }
}

/// Merge every component of a region other than its largest (by triangle count; ties: lowest
/// first triangle) into the adjacent region sharing most edges with it; repeat until stable.
pub fn fix_fragments(mesh: &Mesh, tris: &[u32], lab: &mut [u32], local: &mut [u32]) {
    let n = tris.len();
    for (i, &t) in tris.iter().enumerate() {
        local[t as usize] = i as u32;
    }
    for _round in 0..50 {
        let mut comp = vec![NONE; n];
        let mut comps: Vec<Vec<usize>> = Vec::new();
        for s in 0..n {
            if comp[s] != NONE {
                continue;
            }
            let id = comps.len() as u32;
            comp[s] = id;
            let mut members = vec![s];
            let mut q = 0;
            while q < members.len() {
                let i = members[q];
                q += 1;
                for &nb in &mesh.nbr[tris[i] as usize] {
                    if nb == NONE {
                        continue;
                    }
                    let j = local[nb as usize];
                    if j != NONE && comp[j as usize] == NONE && lab[j as usize] == lab[i] {
                        comp[j as usize] = id;
                        members.push(j as usize);
                    }
                }
            }
            comps.push(members);
        }
        // Largest component of each region.
        let mut main: BTreeMap<u32, usize> = BTreeMap::new();
        for (ci, m) in comps.iter().enumerate() {
            let r = lab[m[0]];
            match main.get(&r) {
                Some(&cj) if comps[cj].len() >= m.len() => {}
                _ => {
                    main.insert(r, ci);
                }
            }
        }
        let mut changed = false;
        // Smallest fragments first.
        let mut order: Vec<usize> = (0..comps.len()).collect();
        order.sort_by_key(|&ci| (comps[ci].len(), ci));
        for ci in order {
            let m = &comps[ci];
            let r = lab[m[0]];
            if main[&r] == ci {
                continue;
            }
            let mut shared: BTreeMap<u32, usize> = BTreeMap::new();
            for &i in m {
                for &nb in &mesh.nbr[tris[i] as usize] {
                    if nb == NONE {
                        continue;
                    }
                    let j = local[nb as usize];
                    if j != NONE && lab[j as usize] != r {
                        *shared.entry(lab[j as usize]).or_default() += 1;
                    }
                }
            }
            let best = shared
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(&l, _)| l);
            if let Some(l) = best {
                for &i in m {
                    lab[i] = l;
                }
                changed = true;
                break; // components changed: recompute
            }
        }
        if !changed {
            break;
        }
    }
    for &t in tris {
        local[t as usize] = NONE;
    }
}

/// k seed points (metres) for a subset: weighted farthest-point sampling, then weighted Lloyd
/// iterations. Sorted north to south (then west to east) so codes run across the map.
pub fn lloyd_seeds(
    mesh: &Mesh,
    w: &[f64],
    tris: &[u32],
    k: usize,
    rng: &mut SplitMix64,
) -> Vec<[f64; 2]> {
    let total: f64 = tris.iter().map(|&t| w[t as usize]).sum();
    let mut x = rng.f64() * total;
    let mut first = tris[0];
    for &t in tris {
        x -= w[t as usize];
        if x <= 0.0 {
            first = t;
            break;
        }
    }
    let mut seeds = vec![mesh.cen[first as usize]];
    let mut mind: Vec<f64> = tris
        .iter()
        .map(|&t| d2(mesh.cen[t as usize], seeds[0]))
        .collect();
    while seeds.len() < k {
        let (i, _) = mind.iter().enumerate().fold(
            (0, -1.0),
            |acc, (i, &d)| if d > acc.1 { (i, d) } else { acc },
        );
        let s = mesh.cen[tris[i] as usize];
        seeds.push(s);
        for (j, &t) in tris.iter().enumerate() {
            mind[j] = mind[j].min(d2(mesh.cen[t as usize], s));
        }
    }
    for _ in 0..12 {
        let mut acc = vec![[0.0f64; 3]; k];
        for &t in tris {
            let c = mesh.cen[t as usize];
            let r = (0..k)
                .min_by(|&a, &b| d2(c, seeds[a]).total_cmp(&d2(c, seeds[b])))
                .unwrap_or(0);
            let wt = w[t as usize] + 1e-12;
            acc[r][0] += wt * c[0];
            acc[r][1] += wt * c[1];
            acc[r][2] += wt;
        }
        for r in 0..k {
            if acc[r][2] > 0.0 {
                seeds[r] = [acc[r][0] / acc[r][2], acc[r][1] / acc[r][2]];
            }
        }
    }
    // North to south in bands of ~600 m, west to east within a band.
    seeds.sort_by(|a, b| {
        let ba = (-a[1] / 600.0).floor();
        let bb = (-b[1] / 600.0).floor();
        ba.total_cmp(&bb).then(a[0].total_cmp(&b[0]))
    });
    seeds
}
