//! Households and persons per cell, rolled up the cell hierarchy.

use super::GeocodeError;

/// Households and persons per cell, each cell also counting its descendants' positions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CellCounts {
    /// Positions (households) per cell index, including those of descendant cells.
    pub households: Vec<u32>,
    /// Persons per cell index, including descendants; `None` when no persons were given.
    ///
    /// # Units
    /// Persons. `u64` in the core; the JS edge carries it as a number (exact below 2⁵³).
    pub persons: Option<Vec<u64>>,
}

/// Counts households and persons per cell and rolls them up to every ancestor.
///
/// `cell_of[i]` is the cell index of position i (as written by [`super::CellIndex::assign`]),
/// −1 for none (not counted). `persons[i]`, if given, is the number of persons of household i.
/// `parent[c]` is the parent cell index of cell c (`None` at the top); there are
/// `parent.len()` cells. Each cell counts its own positions plus those of all its descendants.
///
/// # Units
/// Cell indices are the grid's indices `0..parent.len()`; counts are households and persons.
///
/// # Errors
/// - [`GeocodeError::PersonsLength`] when `persons` is given with a length other than
///   `cell_of.len()`;
/// - [`GeocodeError::CellOutOfRange`] when some `cell_of[i]` is below −1 or not below
///   `parent.len()`;
/// - [`GeocodeError::ParentOutOfRange`] when a parent index is not below `parent.len()`;
/// - [`GeocodeError::ParentCycle`] when following parents from some cell comes back to it;
/// - [`GeocodeError::TooManyPositions`] when there are more than `u32::MAX` positions.
///
/// # Complexity
/// O(p + c) for p positions and c cells.
///
/// # Examples
/// ```
/// use jinlin::geocode::count_per_cell;
/// // Cell 0 is a street with communities 1 and 2.
/// let parent = [None, Some(0), Some(0)];
/// let counts = count_per_cell(&[1, 2, 2, -1], Some(&[3, 1, 2, 5]), &parent).unwrap();
/// assert_eq!(counts.households, vec![3, 1, 2]);
/// assert_eq!(counts.persons, Some(vec![6, 3, 3]));
/// ```
pub fn count_per_cell(
    cell_of: &[i32],
    persons: Option<&[u32]>,
    parent: &[Option<u32>],
) -> Result<CellCounts, GeocodeError> {
    let n = parent.len();
    if let Some(p) = persons {
        if p.len() != cell_of.len() {
            return Err(GeocodeError::PersonsLength {
                positions: cell_of.len(),
                persons: p.len(),
            });
        }
    }
    if u32::try_from(cell_of.len()).is_err() {
        return Err(GeocodeError::TooManyPositions {
            len: cell_of.len(),
            limit: u32::MAX as usize,
        });
    }
    for (cell, p) in parent.iter().enumerate() {
        if let Some(p) = *p {
            if p as usize >= n {
                return Err(GeocodeError::ParentOutOfRange { cell, parent: p });
            }
        }
    }
    let mut households = vec![0u32; n];
    let mut persons_out = persons.map(|_| vec![0u64; n]);
    for (i, &c) in cell_of.iter().enumerate() {
        if c == -1 {
            continue;
        }
        let Some(ci) = usize::try_from(c).ok().filter(|&ci| ci < n) else {
            return Err(GeocodeError::CellOutOfRange {
                position: i,
                cell: c,
            });
        };
        households[ci] += 1;
        if let (Some(out), Some(p)) = (persons_out.as_mut(), persons) {
            out[ci] += u64::from(p[i]);
        }
    }
    // Children before parents (Kahn's algorithm on the child → parent edges).
    let mut pending_children = vec![0u32; n];
    for p in parent.iter().flatten() {
        pending_children[*p as usize] += 1;
    }
    let mut ready: Vec<usize> = (0..n).filter(|&c| pending_children[c] == 0).collect();
    let mut done = 0usize;
    while let Some(c) = ready.pop() {
        done += 1;
        if let Some(p) = parent[c] {
            let p = p as usize;
            households[p] += households[c];
            if let Some(out) = persons_out.as_mut() {
                out[p] += out[c];
            }
            pending_children[p] -= 1;
            if pending_children[p] == 0 {
                ready.push(p);
            }
        }
    }
    if done != n {
        let cell = (0..n).find(|&c| pending_children[c] > 0).unwrap_or(0);
        return Err(GeocodeError::ParentCycle { cell });
    }
    Ok(CellCounts {
        households,
        persons: persons_out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// District 0 › streets 1, 2 › communities 3, 4 (under 1) and 5 (under 2).
    const PARENT: [Option<u32>; 6] = [None, Some(0), Some(0), Some(1), Some(1), Some(2)];

    #[test]
    fn rolls_up_households_and_persons() {
        let cell_of = [3, 3, 4, 5, 5, 5, 1, -1, 0];
        let persons = [2, 3, 1, 4, 1, 1, 7, 100, 10];
        let counts = count_per_cell(&cell_of, Some(&persons), &PARENT).unwrap();
        // own: 0:1, 1:1, 2:0, 3:2, 4:1, 5:3 → street 1 = 1 + 2 + 1 = 4, street 2 = 3, all = 8.
        assert_eq!(counts.households, vec![8, 4, 3, 2, 1, 3]);
        // own persons: 0:10, 1:7, 3:5, 4:1, 5:6 → 1: 13, 2: 6, 0: 10 + 13 + 6 = 29.
        assert_eq!(counts.persons, Some(vec![29, 13, 6, 5, 1, 6]));
        let counts = count_per_cell(&cell_of, None, &PARENT).unwrap();
        assert_eq!(counts.persons, None);
        assert_eq!(counts.households[0], 8);
    }

    #[test]
    fn rejects_bad_input_with_codes() {
        let e = count_per_cell(&[0, 1], Some(&[1]), &PARENT).unwrap_err();
        assert_eq!(e.code(), "GEOCODE_PERSONS_LENGTH");
        let e = count_per_cell(&[0, 6], None, &PARENT).unwrap_err();
        assert_eq!(
            e,
            GeocodeError::CellOutOfRange {
                position: 1,
                cell: 6
            }
        );
        let e = count_per_cell(&[-2], None, &PARENT).unwrap_err();
        assert_eq!(e.code(), "GEOCODE_CELL_OUT_OF_RANGE");
        let e = count_per_cell(&[], None, &[None, Some(5)]).unwrap_err();
        assert_eq!(e.code(), "GEOCODE_PARENT_OUT_OF_RANGE");
        let e = count_per_cell(&[], None, &[Some(1), Some(2), Some(0), None]).unwrap_err();
        assert_eq!(e.code(), "GEOCODE_PARENT_CYCLE");
        let e = count_per_cell(&[], None, &[Some(0)]).unwrap_err();
        assert_eq!(e, GeocodeError::ParentCycle { cell: 0 });
    }
}
