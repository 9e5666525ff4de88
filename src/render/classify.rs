//! Choropleth classification: class breaks (quantile, equal interval, natural breaks, manual),
//! the class of a value, and the legend.

use super::order::{f64_from_key, f64_key, sort_pairs};
use super::palette::{colorbrewer, Color, MAX_PALETTE_CLASSES, NO_DATA_COLOR};
use super::RenderError;

/// How class breaks are chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ClassMethod {
    /// Equal counts per class: the i-th break is the value of rank ⌊i·n/k⌋ in sorted order.
    Quantile,
    /// Classes of equal width between the minimum and the maximum.
    EqualInterval,
    /// Natural breaks: the partition of the sorted values into k classes with the least total
    /// within-class sum of squared deviations, found exactly by dynamic programming
    /// (Fisher 1958; Jenks 1967).
    NaturalBreaks,
    /// Breaks given by the caller ([`ClassBreaks::manual`]).
    Manual,
}

/// Class breaks: ascending edges `e0 ≤ … ≤ ek` for k classes; class i is `[e_i, e_{i+1})`,
/// the last class is closed `[e_{k-1}, e_k]`. ([`ClassBreaks::class_of`] puts a value below
/// `e0` in the first class and one above `ek` in the last: for manual breaks the end classes
/// are open-ended, and their legend entries say so.)
///
/// # Guarantees
/// All edges finite; inner edges strictly ascending (`e0 < e1 < … < e_{k-1} ≤ e_k`); no edges
/// (zero classes) only when there was no value to classify.
///
/// # Units
/// The units of the values (households, events…).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ClassBreaks {
    edges: Vec<f64>,
}

impl ClassBreaks {
    /// Breaks given by the caller: `edges.len() - 1` classes.
    ///
    /// The end classes are open-ended: values below `edges[1]` (also below `edges[0]`) fall in
    /// the first class and values from `edges[k-1]` up (also above the last edge) in the last
    /// class; [`Choropleth::legend`] marks them `open_below` / `open_above`.
    ///
    /// # Units
    /// Value units.
    ///
    /// # Errors
    /// [`RenderError::InvalidBreaks`] when fewer than 2 edges, an edge is not finite or not
    /// strictly greater than the one before; [`RenderError::InvalidClassCount`] when more than
    /// 9 classes.
    pub fn manual(edges: &[f64]) -> Result<Self, RenderError> {
        if edges.len() < 2 {
            return Err(RenderError::InvalidBreaks {
                index: edges.len(),
                reason: "at least two edges (one class) are needed",
            });
        }
        if edges.len() - 1 > MAX_PALETTE_CLASSES {
            return Err(RenderError::InvalidClassCount {
                classes: edges.len() - 1,
                min: 1,
                max: MAX_PALETTE_CLASSES,
            });
        }
        for (i, &e) in edges.iter().enumerate() {
            if !e.is_finite() {
                return Err(RenderError::InvalidBreaks {
                    index: i,
                    reason: "not a finite number",
                });
            }
            if i > 0 && e <= edges[i - 1] {
                return Err(RenderError::InvalidBreaks {
                    index: i,
                    reason: "not greater than the previous break",
                });
            }
        }
        Ok(ClassBreaks {
            edges: edges.to_vec(),
        })
    }

    /// The edges `[e0, …, ek]`.
    ///
    /// # Units
    /// Value units.
    ///
    /// # Errors
    /// None.
    pub fn edges(&self) -> &[f64] {
        &self.edges
    }

    /// Number of classes (0 when there was no data).
    ///
    /// # Errors
    /// None.
    pub fn classes(&self) -> usize {
        self.edges.len().saturating_sub(1)
    }

    /// The class of `value`; `None` for no data (NaN, ±∞) or when there are no classes.
    ///
    /// # Units
    /// Value units in; class index out.
    ///
    /// # Errors
    /// None.
    ///
    /// # Complexity
    /// O(log k).
    pub fn class_of(&self, value: f64) -> Option<usize> {
        let k = self.classes();
        if k == 0 || !value.is_finite() {
            return None;
        }
        let inner = &self.edges[1..k];
        Some(inner.partition_point(|&t| t <= value))
    }
}

fn sorted_finite(values: &[f64]) -> Vec<f64> {
    let mut keys: Vec<(u64, u32)> = values
        .iter()
        .filter(|x| x.is_finite())
        .map(|&x| (f64_key(x), 0))
        .collect();
    sort_pairs(&mut keys);
    keys.into_iter().map(|(k, _)| f64_from_key(k)).collect()
}

/// Keeps strictly ascending thresholds above `min`, then closes with `max`.
fn edges_from(min: f64, max: f64, thresholds: impl IntoIterator<Item = f64>) -> ClassBreaks {
    let mut edges = vec![min];
    for t in thresholds {
        if t.is_finite() && t > *edges.last().unwrap_or(&min) && t <= max {
            edges.push(t);
        }
    }
    edges.push(max);
    ClassBreaks { edges }
}

/// Computes class breaks for `values` with `method`.
///
/// Non-finite values (NaN as "no data", ±∞) are ignored. When the values have fewer distinct
/// values than `classes`, fewer classes result; with no finite value, zero classes.
///
/// # Units
/// Value units.
///
/// # Errors
/// [`RenderError::InvalidClassCount`] when `classes` is 0 or more than 9;
/// [`RenderError::InvalidBreaks`] for [`ClassMethod::Manual`] (use [`ClassBreaks::manual`]).
///
/// # Complexity
/// O(n log n) for quantile and equal interval; O(k·m²) for natural breaks over m distinct
/// values (fine for m ≤ a few thousand).
///
/// # Examples
/// ```
/// use jinlin::render::{class_breaks, ClassMethod};
/// let households = [1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 20.0, 21.0, f64::NAN];
/// let b = class_breaks(&households, ClassMethod::NaturalBreaks, 3)?;
/// assert_eq!(b.edges(), &[1.0, 10.0, 20.0, 21.0]);
/// assert_eq!(b.class_of(11.0), Some(1));
/// assert_eq!(b.class_of(f64::NAN), None); // no data
/// # Ok::<(), jinlin::render::RenderError>(())
/// ```
///
/// Source: natural breaks are Fisher's exact optimal grouping (W. D. Fisher, "On grouping for
/// maximum homogeneity", JASA 53, 1958), popularised for choropleths by G. F. Jenks (1967).
pub fn class_breaks(
    values: &[f64],
    method: ClassMethod,
    classes: usize,
) -> Result<ClassBreaks, RenderError> {
    if classes == 0 || classes > MAX_PALETTE_CLASSES {
        return Err(RenderError::InvalidClassCount {
            classes,
            min: 1,
            max: MAX_PALETTE_CLASSES,
        });
    }
    let v = sorted_finite(values);
    let (Some(&min), Some(&max)) = (v.first(), v.last()) else {
        return Ok(ClassBreaks { edges: Vec::new() });
    };
    let k = classes;
    Ok(match method {
        ClassMethod::Quantile => {
            let n = v.len();
            edges_from(min, max, (1..k).map(|i| v[(i * n / k).min(n - 1)]))
        }
        ClassMethod::EqualInterval => edges_from(
            min,
            max,
            (1..k).map(|i| {
                let f = i as f64 / k as f64;
                min * (1.0 - f) + max * f
            }),
        ),
        ClassMethod::NaturalBreaks => natural_breaks(&v, k),
        ClassMethod::Manual => {
            return Err(RenderError::InvalidBreaks {
                index: 0,
                reason: "manual breaks must be given as edges",
            })
        }
    })
}

/// Fisher's exact optimal partition of sorted values into at most `k` classes.
fn natural_breaks(sorted: &[f64], k: usize) -> ClassBreaks {
    // distinct values with weights, so equal values never straddle a break
    let mut u: Vec<f64> = Vec::new();
    let mut w: Vec<f64> = Vec::new();
    for &x in sorted {
        if u.last() == Some(&x) {
            if let Some(last) = w.last_mut() {
                *last += 1.0;
            }
        } else {
            u.push(x);
            w.push(1.0);
        }
    }
    let m = u.len();
    let k = k.min(m);
    let (min, max) = (u[0], u[m - 1]);
    if k <= 1 {
        return ClassBreaks {
            edges: vec![min, max],
        };
    }
    // shift by the mean to keep the sums well conditioned
    let mean = sorted.iter().sum::<f64>() / sorted.len() as f64;
    let mut cw = vec![0.0; m + 1];
    let mut cs = vec![0.0; m + 1];
    let mut cq = vec![0.0; m + 1];
    for i in 0..m {
        let x = u[i] - mean;
        cw[i + 1] = cw[i] + w[i];
        cs[i + 1] = cs[i] + w[i] * x;
        cq[i + 1] = cq[i] + w[i] * x * x;
    }
    // sum of squared deviations of u[i..=j] from the prefix sums at i and j + 1, negative
    // rounding (or NaN) as 0: by comparison, as `f64::max(0.0)` rules, without its call to
    // `fmax` in wasm (the inner loop below runs O(k·m²) times)
    let ssd = |(wi, si, qi): (f64, f64, f64), (wj, sj, qj): (f64, f64, f64)| -> f64 {
        let ww = wj - wi;
        let s = sj - si;
        let q = qj - qi;
        let d = q - s * s / ww;
        if d > 0.0 {
            d
        } else {
            0.0
        }
    };
    let sums = |i: usize| (cw[i], cs[i], cq[i]);
    // cost[c][j]: best cost of u[0..=j] in c+1 classes; start[c][j]: first index of last class
    let mut cost = vec![vec![f64::INFINITY; m]; k];
    let mut start = vec![vec![0usize; m]; k];
    for (j, c) in cost[0].iter_mut().enumerate() {
        *c = ssd(sums(0), sums(j + 1));
    }
    for c in 1..k {
        let (done, rest) = cost.split_at_mut(c);
        let (prev, row) = (&done[c - 1], &mut rest[0]);
        for j in c..m {
            let to = sums(j + 1);
            let mut best = f64::INFINITY;
            let mut arg = c;
            // i = c..=j: the last class u[i..=j] after the best of u[0..i] in c classes
            let firsts = cw[c..=j].iter().zip(&cs[c..=j]).zip(&cq[c..=j]);
            for (i, ((&wi, &si), &qi), &before) in firsts
                .zip(&prev[c - 1..j])
                .enumerate()
                .map(|(n, (f, b))| (c + n, f, b))
            {
                let x = before + ssd((wi, si, qi), to);
                if x < best {
                    best = x;
                    arg = i;
                }
            }
            row[j] = best;
            start[c][j] = arg;
        }
    }
    let mut starts = Vec::with_capacity(k - 1);
    let mut j = m - 1;
    for c in (1..k).rev() {
        let s = start[c][j];
        starts.push(s);
        j = s.saturating_sub(1);
    }
    starts.reverse();
    edges_from(min, max, starts.into_iter().map(|s| u[s]))
}

/// One class of a legend.
///
/// # Units
/// `lo`, `hi` in value units. Class i covers `[lo, hi)`: `lo` included, `hi` not, except
/// where the fields say otherwise:
/// - `hi_included`: the last class of computed breaks (quantile, equal interval, natural
///   breaks) is closed, `[lo, hi]`, `hi` being the largest value;
/// - `open_below`, `open_above`: with manual breaks the first class also holds every value
///   below the first break and the last class every value from its `lo` up (values outside
///   the breaks are counted there, never dropped); computed breaks span the data, so they
///   are never open.
///
/// (The npm package's `legend()` adds a `label` written from these fields, `"[10, 20)"`,
/// `"≥ 60000"`, …: scripts/pkg/link.js.)
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LegendClass {
    /// Lower edge (included; for an `open_below` class the first break, not a bound).
    pub lo: f64,
    /// Upper edge (excluded unless `hi_included`; for an `open_above` class the last break,
    /// not a bound).
    pub hi: f64,
    /// Whether `hi` belongs to the class (the last class of computed breaks).
    pub hi_included: bool,
    /// Whether the class also holds every value below `lo` (the first of manual breaks).
    pub open_below: bool,
    /// Whether the class also holds every value above `hi` (the last of manual breaks).
    pub open_above: bool,
    /// Fill colour.
    pub color: Color,
    /// Number of cells in the class.
    pub count: u32,
}

/// The legend: classes with ranges, colours and counts, and the no-data entry.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Legend {
    /// The classes, low to high.
    pub classes: Vec<LegendClass>,
    /// Colour of cells without data.
    pub no_data_color: Color,
    /// Number of cells without data (NaN values).
    pub no_data_count: u32,
}

/// Class breaks with their colours: what a choropleth needs to fill a cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Choropleth {
    /// The breaks.
    pub breaks: ClassBreaks,
    /// One colour per class.
    pub colors: Vec<Color>,
    /// Colour of no data.
    pub no_data: Color,
    /// Whether the breaks were given by the caller ([`ClassMethod::Manual`]): then the first
    /// and last classes are open-ended (see [`LegendClass`]).
    pub manual: bool,
}

impl Choropleth {
    /// Classifies `values` and colours the classes from ColorBrewer palette `palette`.
    ///
    /// `manual_edges` is used (and required) when `method` is [`ClassMethod::Manual`].
    ///
    /// # Units
    /// Value units.
    ///
    /// # Errors
    /// As [`class_breaks`], [`ClassBreaks::manual`] and [`colorbrewer`].
    pub fn new(
        values: &[f64],
        method: ClassMethod,
        classes: usize,
        manual_edges: Option<&[f64]>,
        palette: &str,
    ) -> Result<Self, RenderError> {
        let breaks = match (method, manual_edges) {
            (ClassMethod::Manual, Some(e)) => ClassBreaks::manual(e)?,
            (ClassMethod::Manual, None) => ClassBreaks::manual(&[])?,
            (m, _) => class_breaks(values, m, classes)?,
        };
        let k = breaks.classes();
        // validate the palette name even when there is no data
        let colors = if k == 0 {
            colorbrewer(palette, 1)?;
            Vec::new()
        } else {
            colorbrewer(palette, k)?
        };
        Ok(Choropleth {
            breaks,
            colors,
            no_data: NO_DATA_COLOR,
            manual: method == ClassMethod::Manual,
        })
    }

    /// The fill of a value: its class colour, or the no-data colour.
    ///
    /// # Errors
    /// None.
    pub fn color_of(&self, value: f64) -> Color {
        self.breaks
            .class_of(value)
            .and_then(|c| self.colors.get(c).copied())
            .unwrap_or(self.no_data)
    }

    /// Number of class colours.
    ///
    /// # Errors
    /// None.
    pub fn palette_len(&self) -> usize {
        self.colors.len()
    }

    /// The class of a value (`None` for no data) and its fill, as [`Choropleth::color_of`].
    ///
    /// # Errors
    /// None.
    pub fn class_and_color(&self, value: f64) -> (Option<usize>, Color) {
        match self
            .breaks
            .class_of(value)
            .and_then(|c| self.colors.get(c).map(|&col| (c, col)))
        {
            Some((c, col)) => (Some(c), col),
            None => (None, self.no_data),
        }
    }

    /// The legend for `values` (counts per class and of no data).
    ///
    /// # Errors
    /// None.
    pub fn legend(&self, values: &[f64]) -> Legend {
        let e = self.breaks.edges();
        let k = self.breaks.classes();
        let mut classes: Vec<LegendClass> = (0..k)
            .map(|i| {
                let (lo, hi) = (e[i], e[i + 1]);
                let hi_included = !self.manual && i + 1 == k;
                let open_below = self.manual && i == 0;
                let open_above = self.manual && i + 1 == k;
                LegendClass {
                    lo,
                    hi,
                    hi_included,
                    open_below,
                    open_above,
                    color: self.colors.get(i).copied().unwrap_or(self.no_data),
                    count: 0,
                }
            })
            .collect();
        let mut no_data_count = 0u32;
        for &v in values {
            match self.breaks.class_of(v).and_then(|c| classes.get_mut(c)) {
                Some(c) => c.count = c.count.saturating_add(1),
                None => no_data_count = no_data_count.saturating_add(1),
            }
        }
        Legend {
            classes,
            no_data_color: self.no_data,
            no_data_count,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_by_hand() {
        let v = [8.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, f64::NAN];
        let b = class_breaks(&v, ClassMethod::Quantile, 4).unwrap();
        assert_eq!(b.edges(), &[1.0, 3.0, 5.0, 7.0, 8.0]);
        let counts: Vec<usize> = (0..4)
            .map(|c| v.iter().filter(|&&x| b.class_of(x) == Some(c)).count())
            .collect();
        assert_eq!(counts, vec![2, 2, 2, 2]);
        assert_eq!(b.class_of(f64::NAN), None);
        // ties collapse classes
        let b = class_breaks(&[1.0, 1.0, 1.0, 2.0], ClassMethod::Quantile, 4).unwrap();
        assert_eq!(b.edges(), &[1.0, 2.0, 2.0]);
        assert_eq!(b.class_of(2.0), Some(1));
    }

    #[test]
    fn equal_interval_by_hand() {
        let b = class_breaks(&[0.0, 10.0, 3.0], ClassMethod::EqualInterval, 5).unwrap();
        assert_eq!(b.edges(), &[0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(b.class_of(2.0), Some(1));
        assert_eq!(b.class_of(1.999), Some(0));
        assert_eq!(b.class_of(10.0), Some(4));
        let b = class_breaks(&[5.0, 5.0], ClassMethod::EqualInterval, 3).unwrap();
        assert_eq!(b.edges(), &[5.0, 5.0]);
        assert_eq!(b.class_of(5.0), Some(0));
        let b = class_breaks(&[-1e308, 1e308], ClassMethod::EqualInterval, 2).unwrap();
        assert_eq!(b.edges(), &[-1e308, 0.0, 1e308]);
    }

    #[test]
    fn natural_breaks_known_answer() {
        // simple-statistics' ckmeans example: [[-1,-1,-1,-1],[2,2,2],[4,5,6]]
        let v = [-1.0, 2.0, -1.0, 2.0, 4.0, 5.0, 6.0, -1.0, 2.0, -1.0];
        let b = class_breaks(&v, ClassMethod::NaturalBreaks, 3).unwrap();
        assert_eq!(b.edges(), &[-1.0, 2.0, 4.0, 6.0]);
        let v = [1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 20.0, 21.0, 22.0];
        let b = class_breaks(&v, ClassMethod::NaturalBreaks, 3).unwrap();
        assert_eq!(b.edges(), &[1.0, 10.0, 20.0, 22.0]);
    }

    fn ssd(v: &[f64]) -> f64 {
        let m = v.iter().sum::<f64>() / v.len() as f64;
        v.iter().map(|x| (x - m) * (x - m)).sum()
    }

    #[test]
    fn natural_breaks_match_exhaustive_search() {
        // fixed pseudo-random data (LCG, seed 7)
        let mut s: u64 = 7;
        let mut v: Vec<f64> = (0..12)
            .map(|_| {
                s = s
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((s >> 33) % 1000) as f64 / 10.0
            })
            .collect();
        v.sort_by(|a, b| a.total_cmp(b));
        let k = 4;
        // exhaustive: all ways to cut 12 sorted values into 4 non-empty runs
        let n = v.len();
        let mut best = f64::INFINITY;
        for a in 1..n {
            for b in a + 1..n {
                for c in b + 1..n {
                    let t = ssd(&v[..a]) + ssd(&v[a..b]) + ssd(&v[b..c]) + ssd(&v[c..]);
                    best = best.min(t);
                }
            }
        }
        let br = class_breaks(&v, ClassMethod::NaturalBreaks, k).unwrap();
        let mut groups = vec![Vec::new(); br.classes()];
        for &x in &v {
            groups[br.class_of(x).unwrap()].push(x);
        }
        let got: f64 = groups.iter().map(|g| ssd(g)).sum();
        assert!((got - best).abs() < 1e-9, "{got} vs {best}");
    }

    #[test]
    fn manual_breaks_are_validated() {
        let b = ClassBreaks::manual(&[0.0, 10.0, 100.0]).unwrap();
        assert_eq!(b.class_of(-5.0), Some(0));
        assert_eq!(b.class_of(10.0), Some(1));
        assert_eq!(b.class_of(1e9), Some(1));
        for bad in [
            &[][..],
            &[1.0][..],
            &[1.0, 1.0][..],
            &[2.0, 1.0][..],
            &[0.0, f64::NAN][..],
        ] {
            assert_eq!(
                ClassBreaks::manual(bad).unwrap_err().code(),
                "RENDER_INVALID_BREAKS"
            );
        }
        assert!(ClassBreaks::manual(&(0..11).map(f64::from).collect::<Vec<_>>()).is_err());
    }

    #[test]
    fn empty_and_nan_values() {
        for m in [
            ClassMethod::Quantile,
            ClassMethod::EqualInterval,
            ClassMethod::NaturalBreaks,
        ] {
            let b = class_breaks(&[f64::NAN, f64::INFINITY], m, 5).unwrap();
            assert_eq!(b.classes(), 0);
            assert_eq!(b.class_of(1.0), None);
            assert!(class_breaks(&[], m, 0).is_err());
        }
        let c = Choropleth::new(&[], ClassMethod::Quantile, 5, None, "Blues").unwrap();
        assert_eq!(c.color_of(1.0), NO_DATA_COLOR);
    }

    #[test]
    fn legend_counts() {
        let v = [1.0, 2.0, 3.0, 4.0, f64::NAN, 6.0];
        let c = Choropleth::new(&v, ClassMethod::EqualInterval, 3, None, "YlOrRd").unwrap();
        let l = c.legend(&v);
        assert_eq!(l.no_data_count, 1);
        let counts: Vec<u32> = l.classes.iter().map(|c| c.count).collect();
        assert_eq!(counts, vec![2, 2, 1]); // [1,2.67) [2.67,4.33) [4.33,6]
        assert_eq!(l.classes[0].color.to_css(), "#ffeda0");
        // half-open classes, the last closed
        assert!(l.classes.iter().all(|c| !c.open_below && !c.open_above));
        assert_eq!(
            l.classes.iter().map(|c| c.hi_included).collect::<Vec<_>>(),
            [false, false, true]
        );
    }

    #[test]
    fn manual_legend_end_classes_are_open_and_count_outliers() {
        let v = [-5.0, 100.0, 30_000.0, 59_999.0, 96_401.0, f64::NAN];
        let c = Choropleth::new(
            &v,
            ClassMethod::Manual,
            5,
            Some(&[0.0, 10_000.0, 30_000.0, 60_000.0]),
            "Blues",
        )
        .unwrap();
        let l = c.legend(&v);
        let counts: Vec<u32> = l.classes.iter().map(|c| c.count).collect();
        assert_eq!(
            counts,
            [2, 0, 3],
            "-5 and 96401 are counted in the open end classes"
        );
        assert!(l.classes[0].open_below && !l.classes[0].open_above);
        assert!(l.classes[2].open_above && !l.classes[2].hi_included);
        assert_eq!((l.classes[2].lo, l.classes[2].hi), (30_000.0, 60_000.0));
        assert!(!l.classes[1].open_below && !l.classes[1].open_above);
        let one = Choropleth::new(&v, ClassMethod::Manual, 1, Some(&[0.0, 1.0]), "Blues").unwrap();
        let only = &one.legend(&v).classes[0];
        assert!(only.open_below && only.open_above && only.count == 5);
    }

    #[test]
    fn a_class_of_one_value_reads_as_that_value() {
        let v = [1.0, 2.0, 3.0, 96_401.0];
        let c = Choropleth::new(&v, ClassMethod::Quantile, 4, None, "Blues").unwrap();
        let l = c.legend(&v);
        let last = l.classes.last().unwrap();
        assert_eq!((last.lo, last.hi), (96_401.0, 96_401.0));
        assert!(last.hi_included);
        assert_eq!(last.count, 1);
    }
}
