//! The roster snapshot: units, their areas and owners, frozen when the vote opens.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::decimal::{format_area_e4, parse_area_e4};
use super::{nfc, TallyError};

/// The kind of an exclusive part. Whether parking spaces, storage rooms and other kinds count
/// toward area and heads is configurable per assembly (Interpretation 法释〔2009〕7号 Art. 8;
/// MOHURD 建房〔2009〕274号 Art. 23).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// A dwelling (住宅).
    Residential,
    /// A shop or office (商业/商铺).
    Commercial,
    /// A parking space (车位/车库).
    Parking,
    /// A storage room (储藏室).
    Storage,
    /// Anything else (stalls 摊位, …).
    Other,
}

/// Where a unit's area comes from, in order of precedence (Interpretation Art. 8): the real
/// estate registry; if not registered, the surveyed area; if not surveyed, the sales contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "snake_case")]
pub enum AreaSource {
    /// 不动产登记簿.
    Registry,
    /// 测绘 (surveyed, not yet registered).
    Surveyed,
    /// 买卖合同 (neither registered nor surveyed).
    Contract,
}

/// One exclusive part (专有部分) of the roster.
///
/// # Units
/// `area` is in m², a decimal string with at most 4 decimals (never rounded).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Unique unit id, e.g. `"3-1201"`.
    pub id: String,
    /// The building the unit is in (used for a matter's scope).
    pub building: String,
    /// The unit's kind.
    pub kind: UnitKind,
    /// Exclusive-part area in m², e.g. `"89.5400"`.
    pub area: String,
    /// Where `area` comes from.
    pub area_source: AreaSource,
    /// Pseudonymous owner key. Several units with one key are one owner with the sum of
    /// their areas (Interpretation Art. 9). Never an ID-card number, name or phone number.
    pub owner: String,
    /// True for a unit the developer has not sold or delivered; all such units count as one
    /// owner (Interpretation Art. 9) and must share one owner key.
    #[serde(default)]
    pub developer_held: bool,
    /// Person keys of the co-owners of this unit, if co-owned (共有); they count as one owner
    /// and vote through `representative`.
    #[serde(default)]
    pub co_owners: Vec<String>,
    /// The co-owner designated to vote; required when `co_owners` is not empty.
    #[serde(default)]
    pub representative: Option<String>,
}

/// The voting entity behind one owner key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct OwnerRec {
    pub key: String,
    pub developer: bool,
    /// The designated representative when the owner's units are co-owned.
    pub representative: Option<String>,
    pub co_owners: BTreeSet<String>,
}

/// A unit after validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UnitRec {
    pub building: String,
    pub kind: UnitKind,
    pub area_e4: u64,
    pub owner: usize,
}

/// The validated roster: units with integer areas, grouped into owners.
#[derive(Clone, Debug, Default)]
pub(crate) struct RosterIndex {
    pub units: Vec<UnitRec>,
    pub owners: Vec<OwnerRec>,
    pub owner_by_key: BTreeMap<String, usize>,
    pub buildings: BTreeSet<String>,
}

impl RosterIndex {
    /// Validates `units` and groups them into owners (heads rules of Interpretation Art. 9).
    pub fn build(units: &[Unit]) -> Result<RosterIndex, TallyError> {
        let mut idx = RosterIndex::default();
        let mut seen = BTreeSet::new();
        let mut developer_key: Option<String> = None;
        for u in units {
            let id = nfc(&u.id);
            if id.is_empty() {
                return Err(TallyError::InvalidUnit {
                    unit: id,
                    reason: "empty unit id".into(),
                });
            }
            if !seen.insert(id.clone()) {
                return Err(TallyError::DuplicateUnit { unit: id });
            }
            // The error context is formatted only on error (this runs once per unit).
            let area_e4 = parse_area_e4("", &u.area)
                .or_else(|_| parse_area_e4(&format!("unit {id:?} area"), &u.area))?;
            let key = nfc(&u.owner);
            if key.is_empty() {
                return Err(TallyError::InvalidUnit {
                    unit: id,
                    reason: "empty owner key".into(),
                });
            }
            let co_owners: BTreeSet<String> = u.co_owners.iter().map(|c| nfc(c)).collect();
            let representative = u.representative.as_deref().map(nfc);
            match (&representative, co_owners.is_empty()) {
                (None, false) => {
                    return Err(TallyError::InvalidUnit {
                        unit: id,
                        reason: "co-owned unit without a designated representative".into(),
                    })
                }
                (Some(r), _) if !co_owners.contains(r) => {
                    return Err(TallyError::InvalidUnit {
                        unit: id,
                        reason: format!("representative {r:?} is not one of the co-owners"),
                    })
                }
                _ => {}
            }
            if u.developer_held {
                match &developer_key {
                    None => developer_key = Some(key.clone()),
                    Some(d) if *d != key => {
                        return Err(TallyError::InconsistentOwner {
                            owner: key,
                            reason: format!(
                                "unit {id:?} is developer-held but all developer-held units must share one owner key ({d:?})"
                            ),
                        })
                    }
                    Some(_) => {}
                }
            }
            let owner = match idx.owner_by_key.get(&key) {
                Some(&o) => {
                    let rec = &mut idx.owners[o];
                    rec.developer |= u.developer_held;
                    if rec.representative != representative {
                        return Err(TallyError::InconsistentOwner {
                            owner: key,
                            reason: format!("unit {id:?} names a different representative (or co-ownership) than the owner's other units"),
                        });
                    }
                    rec.co_owners.extend(co_owners);
                    o
                }
                None => {
                    idx.owners.push(OwnerRec {
                        key: key.clone(),
                        developer: u.developer_held,
                        representative,
                        co_owners,
                    });
                    idx.owner_by_key.insert(key, idx.owners.len() - 1);
                    idx.owners.len() - 1
                }
            };
            let building = nfc(&u.building);
            if !idx.buildings.contains(&building) {
                idx.buildings.insert(building.clone());
            }
            idx.units.push(UnitRec {
                building,
                kind: u.kind,
                area_e4,
                owner,
            });
        }
        Ok(idx)
    }
}

/// Returns `units` in canonical form: NFC text, areas rewritten with exactly 4 decimals,
/// co-owners sorted, units sorted by id. This is what the roster hash covers.
///
/// # Errors
/// [`TallyError::InvalidDecimal`] for a malformed area.
pub fn canonical_units(units: &[Unit]) -> Result<Vec<Unit>, TallyError> {
    let mut out = Vec::with_capacity(units.len());
    for u in units {
        let id = nfc(&u.id);
        let area_e4 = parse_area_e4("", &u.area)
            .or_else(|_| parse_area_e4(&format!("unit {id:?} area"), &u.area))?;
        let area = format_area_e4(u128::from(area_e4));
        let mut co_owners: Vec<String> = u.co_owners.iter().map(|c| nfc(c)).collect();
        co_owners.sort();
        co_owners.dedup();
        out.push(Unit {
            id,
            building: nfc(&u.building),
            kind: u.kind,
            area,
            area_source: u.area_source,
            owner: nfc(&u.owner),
            developer_held: u.developer_held,
            co_owners,
            representative: u.representative.as_deref().map(nfc),
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}
