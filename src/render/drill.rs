//! Drill-down through the hierarchy street (街道) › community (社区) › grid (网格): which cells
//! a map shows, and the breadcrumb back up.

use super::RenderError;
use crate::grid::Level;

/// Reads a cell hierarchy from its flat form (as `GridMap.toFlat()` writes it): one level code
/// per cell (0 street, 1 community, 2 grid) and one parent index per cell (−1 at the top).
///
/// # Errors
/// [`RenderError::ValuesLength`] when the two slices differ in length;
/// [`RenderError::InvalidHierarchy`] for a level code above 2, a parent index out of range, or a
/// parent whose level is not strictly higher than its child's (so there are no cycles).
pub fn hierarchy_from_flat(
    level_codes: &[u8],
    parents: &[i32],
) -> Result<(Vec<Level>, Vec<Option<usize>>), RenderError> {
    if parents.len() != level_codes.len() {
        return Err(RenderError::ValuesLength {
            what: "parents",
            expected: level_codes.len(),
            actual: parents.len(),
        });
    }
    let levels = level_codes
        .iter()
        .enumerate()
        .map(|(cell, &c)| match c {
            0 => Ok(Level::Street),
            1 => Ok(Level::Community),
            2 => Ok(Level::Grid),
            _ => Err(RenderError::InvalidHierarchy {
                cell,
                reason: "level code must be 0 (street), 1 (community) or 2 (grid)",
            }),
        })
        .collect::<Result<Vec<Level>, RenderError>>()?;
    let parents = parents
        .iter()
        .enumerate()
        .map(|(cell, &p)| {
            if p == -1 {
                return Ok(None);
            }
            match usize::try_from(p).ok().filter(|&p| p < levels.len()) {
                // street < community < grid in the enum's order: a parent is "less"
                Some(p) if levels[p] < levels[cell] => Ok(Some(p)),
                Some(_) => Err(RenderError::InvalidHierarchy {
                    cell,
                    reason: "the parent's level must be strictly higher than the cell's",
                }),
                None => Err(RenderError::InvalidHierarchy {
                    cell,
                    reason: "parent index out of range (−1 at the top)",
                }),
            }
        })
        .collect::<Result<Vec<Option<usize>>, RenderError>>()?;
    Ok((levels, parents))
}

/// Drill-down state over a cell hierarchy: at the top, every cell of the top level is shown;
/// focused on a cell, its children are.
///
/// # Guarantees
/// `focus`, when set, is a cell with at least one child.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drill {
    parents: Vec<Option<usize>>,
    levels: Vec<Level>,
    top: Level,
    focus: Option<usize>,
}

impl Drill {
    /// A drill-down over cells with these parents (indices, `None` at the top) and levels,
    /// showing the `top` level first. Parents out of range are treated as none.
    ///
    /// # Errors
    /// None. Lengths are taken from the shorter of the two slices.
    pub fn new(parents: &[Option<usize>], levels: &[Level], top: Level) -> Self {
        let n = parents.len().min(levels.len());
        let parents = parents[..n].iter().map(|p| p.filter(|&p| p < n)).collect();
        Drill {
            parents,
            levels: levels[..n].to_vec(),
            top,
            focus: None,
        }
    }

    /// The focused cell (whose children are shown), `None` at the top.
    pub fn focus(&self) -> Option<usize> {
        self.focus
    }

    /// The level shown at the top.
    pub fn top(&self) -> Level {
        self.top
    }

    /// The highest level (street › community › grid) any cell has: the default top of a map
    /// (a community's own map has no street). `None` when there are no cells.
    pub fn highest_level(levels: &[Level]) -> Option<Level> {
        // street < community < grid in the enum's order
        levels.iter().copied().min()
    }

    /// Whether any cell has `level`.
    pub fn has_level(&self, level: Level) -> bool {
        self.levels.contains(&level)
    }

    /// Shows every cell of `level` (and leaves any focus). A level no cell has shows nothing:
    /// check [`Drill::has_level`] first.
    pub fn show_level(&mut self, level: Level) {
        self.top = level;
        self.focus = None;
    }

    fn has_children(&self, cell: usize) -> bool {
        self.parents.contains(&Some(cell))
    }

    /// One flag per cell: whether it is shown now.
    ///
    /// # Complexity
    /// O(n).
    pub fn visible(&self) -> Vec<bool> {
        match self.focus {
            None => self.levels.iter().map(|&l| l == self.top).collect(),
            Some(f) => self.parents.iter().map(|&p| p == Some(f)).collect(),
        }
    }

    /// Focuses on `cell` so that its children are shown; returns false (and changes nothing)
    /// when it has none or is out of range.
    pub fn down(&mut self, cell: usize) -> bool {
        if cell >= self.parents.len() || !self.has_children(cell) {
            return false;
        }
        self.focus = Some(cell);
        true
    }

    /// Changes the drill-down so that `cell` is shown, as a "find this cell" would: focused on
    /// its parent (its siblings shown, as [`Drill::down`] of the parent) when the parent is at
    /// or below the top level; at the top when `cell` is of the top level and has no such
    /// parent; else the top becomes `cell`'s level ([`Drill::show_level`]). Returns whether the
    /// state changed (false when `cell` is shown already or out of range).
    ///
    /// # Complexity
    /// O(n).
    pub fn reveal(&mut self, cell: usize) -> bool {
        if cell >= self.parents.len() || self.visible()[cell] {
            return false;
        }
        match self.parents[cell] {
            // levels order street < community < grid
            Some(p) if self.levels[p] >= self.top => self.focus = Some(p),
            _ if self.levels[cell] == self.top => self.focus = None,
            _ => self.show_level(self.levels[cell]),
        }
        true
    }

    /// Goes one level up: to the focus's parent, or to the top; returns false at the top.
    /// A parent above the top level's cells leads to the top.
    pub fn up(&mut self) -> bool {
        let Some(f) = self.focus else { return false };
        // levels order street < community < grid
        self.focus = self.parents[f].filter(|&p| self.levels[p] >= self.top);
        true
    }

    /// The cells from the top down to the focus (empty at the top): the breadcrumb.
    pub fn path(&self) -> Vec<usize> {
        let mut out = Vec::new();
        let mut c = self.focus;
        while let Some(i) = c {
            if out.len() > self.parents.len() {
                break; // a cycle in bad input
            }
            out.push(i);
            c = self.parents[i];
        }
        out.reverse();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // 0 street › 1, 2 communities › 3, 4 (of 1), 5 (of 2) grids
    fn tree() -> Drill {
        let parents = [None, Some(0), Some(0), Some(1), Some(1), Some(2)];
        let levels = [
            Level::Street,
            Level::Community,
            Level::Community,
            Level::Grid,
            Level::Grid,
            Level::Grid,
        ];
        Drill::new(&parents, &levels, Level::Street)
    }

    #[test]
    fn down_and_up_with_breadcrumb() {
        let mut d = tree();
        assert_eq!(d.visible(), [true, false, false, false, false, false]);
        assert!(d.down(0));
        assert_eq!(d.visible(), [false, true, true, false, false, false]);
        assert!(d.down(1));
        assert_eq!(d.visible(), [false, false, false, true, true, false]);
        assert_eq!(d.path(), [0, 1]);
        assert!(!d.down(3), "a grid has no children");
        assert_eq!(d.focus(), Some(1));
        assert!(d.up());
        assert_eq!(d.path(), [0]);
        assert!(d.up());
        assert_eq!(d.focus(), None);
        assert!(!d.up());
        assert!(!d.down(99));
    }

    #[test]
    fn reveal_shows_a_hidden_cell_with_its_siblings() {
        let mut d = tree();
        assert!(!d.reveal(0), "shown already");
        assert!(!d.reveal(99));
        assert!(d.reveal(4));
        assert_eq!(d.focus(), Some(1));
        assert_eq!(d.visible(), [false, false, false, true, true, false]);
        assert_eq!(d.path(), [0, 1], "the breadcrumb follows");
        assert!(d.reveal(2));
        assert_eq!(d.focus(), Some(0));
        assert!(d.reveal(0), "back to the top for a top-level cell");
        assert_eq!(d.focus(), None);
        // a top below the cell: the top becomes its level
        d.show_level(Level::Community);
        assert!(d.reveal(0));
        assert_eq!(d.top(), Level::Street);
        assert_eq!(d.visible(), [true, false, false, false, false, false]);
        // a grid whose parent is above the top level: the grids' level is shown
        let mut d = Drill::new(
            &[None, Some(0), Some(0)],
            &[Level::Street, Level::Grid, Level::Grid],
            Level::Community,
        );
        assert!(d.reveal(2));
        assert_eq!(d.top(), Level::Grid);
        assert_eq!(d.visible(), [false, true, true]);
    }

    #[test]
    fn flat_hierarchy_is_checked() {
        let (levels, parents) = hierarchy_from_flat(&[0, 1, 2], &[-1, 0, 1]).unwrap();
        assert_eq!(levels, [Level::Street, Level::Community, Level::Grid]);
        assert_eq!(parents, [None, Some(0), Some(1)]);
        let code = |l: &[u8], p: &[i32]| hierarchy_from_flat(l, p).unwrap_err().code();
        assert_eq!(code(&[0, 3], &[-1, 0]), "RENDER_INVALID_HIERARCHY");
        assert_eq!(code(&[0, 1], &[-1, 2]), "RENDER_INVALID_HIERARCHY");
        assert_eq!(code(&[0, 1], &[-1, -2]), "RENDER_INVALID_HIERARCHY");
        // a cycle needs a parent of the same or a lower level
        assert_eq!(code(&[1, 1], &[1, 0]), "RENDER_INVALID_HIERARCHY");
        assert_eq!(code(&[1, 2], &[1, -1]), "RENDER_INVALID_HIERARCHY");
        assert_eq!(code(&[0], &[]), "RENDER_VALUES_LENGTH");
    }

    #[test]
    fn the_highest_level_present_is_the_default_top() {
        let levels = [Level::Grid, Level::Community, Level::Grid];
        assert_eq!(Drill::highest_level(&levels), Some(Level::Community));
        assert_eq!(Drill::highest_level(&[]), None);
        let d = Drill::new(&[None, None, None], &levels, Level::Community);
        assert!(d.has_level(Level::Grid));
        assert!(!d.has_level(Level::Street));
    }

    #[test]
    fn a_lower_top_level_goes_back_to_it() {
        let mut d = tree();
        d.show_level(Level::Community);
        assert_eq!(d.visible(), [false, true, true, false, false, false]);
        assert!(d.down(2));
        assert_eq!(d.visible(), [false, false, false, false, false, true]);
        assert!(d.up());
        assert_eq!(
            d.focus(),
            None,
            "back to all communities, not to the street"
        );
        assert_eq!(d.visible(), [false, true, true, false, false, false]);
    }
}
