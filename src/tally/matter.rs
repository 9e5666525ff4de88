//! Matters put to the vote (Civil Code Art. 278 ¶1) and the assembly's declared settings.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::roster::{canonical_units, Unit, UnitKind};
use super::time::{parse_deadline, Instant};
use super::{nfc, TallyError};

/// Whether a matter needs the ordinary or the special majority (Civil Code Art. 278 ¶2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "snake_case")]
pub enum MatterClass {
    /// More than half of the participating area and heads (items 1–5, 9).
    Ordinary,
    /// At least three quarters of the participating area and heads (items 6–8).
    Special,
}

/// Which matter of Civil Code Art. 278 ¶1 is decided, or a local item mapped explicitly.
///
/// JSON: `{"article278": 5}` or `{"local": {"label": "…", "class": "special"}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "snake_case")]
pub enum MatterItem {
    /// Item 1–9 of Art. 278 ¶1: 1 议事规则, 2 管理规约, 3 elect/replace the committee,
    /// 4 hire/dismiss the property manager, 5 use maintenance funds, 6 raise maintenance funds,
    /// 7 renovate or rebuild, 8 change the use of common parts, 9 other major matters.
    #[serde(rename = "article278")]
    Article278(u8),
    /// An item added by local regulation (e.g. Hangzhou 2021), mapped to a class explicitly.
    Local {
        /// The local item's name or reference.
        label: String,
        /// Ordinary or special, as the local regulation maps it.
        class: MatterClass,
    },
}

impl MatterItem {
    /// The class of the item: items 6–8 of Art. 278 ¶1 are special, 1–5 and 9 ordinary.
    ///
    /// # Errors
    /// [`TallyError::InvalidMatter`] for an item outside 1–9.
    pub fn class(&self, matter: &str) -> Result<MatterClass, TallyError> {
        match self {
            MatterItem::Article278(6..=8) => Ok(MatterClass::Special),
            MatterItem::Article278(1..=9) => Ok(MatterClass::Ordinary),
            MatterItem::Article278(n) => Err(TallyError::InvalidMatter {
                matter: matter.to_string(),
                reason: format!("Art. 278 item {n} does not exist (1–9)"),
            }),
            MatterItem::Local { class, .. } => Ok(*class),
        }
    }
}

/// Revote policy, announced before the vote (Civil Code Art. 141 for `first_final`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "snake_case")]
pub enum RevotePolicy {
    /// The first ballot received is final; later ones are rejected `DUPLICATE` (default).
    #[default]
    FirstFinal,
    /// The last ballot received before the close counts; earlier ones become `SUPERSEDED`.
    LastBeforeClose,
}

/// Which unit kinds count toward area and which toward heads (Interpretation
/// 法释〔2009〕7号 Arts. 8–9; configurable by the assembly's rules of procedure).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(deny_unknown_fields)]
pub struct CountingKinds {
    /// Kinds whose area counts toward A_T and the owners' weights.
    pub area: Vec<UnitKind>,
    /// Kinds that make their owner a head in N_T.
    pub heads: Vec<UnitKind>,
}

impl CountingKinds {
    fn canonical(&self) -> CountingKinds {
        let sort = |v: &[UnitKind]| {
            let s: BTreeSet<UnitKind> = v.iter().copied().collect();
            s.into_iter().collect()
        };
        CountingKinds {
            area: sort(&self.area),
            heads: sort(&self.heads),
        }
    }
}

/// A candidate for the owners' committee (Art. 278 item 3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    /// The candidate's owner key (a committee member must be an owner).
    pub key: String,
    /// The display name for the announcement (escaped wherever written).
    pub name: String,
}

/// An election of the owners' committee: each candidate is a separate yes/no decision
/// against the ordinary threshold (Civil Code Art. 278 item 3; MOHURD 建房〔2009〕274号).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(deny_unknown_fields)]
pub struct Election {
    /// Number of seats.
    pub seats: u32,
    /// The candidates.
    pub candidates: Vec<Candidate>,
}

/// One matter on the agenda.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(deny_unknown_fields)]
pub struct Matter {
    /// Unique matter id.
    pub id: String,
    /// Title shown in the announcement.
    pub title: String,
    /// Which Art. 278 item (or local item) this is; decides ordinary vs special.
    pub item: MatterItem,
    /// Buildings in scope; `None` = the whole roster.
    #[serde(default)]
    pub buildings: Option<Vec<String>>,
    /// Override of the assembly's counting kinds for this matter.
    #[serde(default)]
    pub counting: Option<CountingKinds>,
    /// Revote policy; default `first_final`.
    #[serde(default)]
    pub revote: RevotePolicy,
    /// Whether an invalid ballot counts as participating; default true.
    #[serde(default = "default_true")]
    pub invalid_participates: bool,
    /// The most owners one proxy may represent in this matter; `None` = no limit.
    #[serde(default)]
    pub proxy_limit: Option<u32>,
    /// The close: RFC 3339 with offset, or a date (runs to 24:00 UTC+8, Civil Code Art. 203).
    pub deadline: String,
    /// Also report the silent-owner view of MOHURD 建房〔2009〕274号 Art. 26 (off by default).
    #[serde(default)]
    pub silent_owner_view: bool,
    /// The committee election, for an item-3 matter that elects.
    #[serde(default)]
    pub election: Option<Election>,
}

fn default_true() -> bool {
    true
}

/// The assembly's declared settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(deny_unknown_fields)]
pub struct Assembly {
    /// Pseudonymous id of the assembly (e.g. the estate's code).
    pub id: String,
    /// Which kinds count toward area and heads unless a matter overrides it.
    pub counting: CountingKinds,
}

/// Everything frozen when the vote opens: the assembly's settings, the roster and the agenda.
/// Its canonical JSON hash is the genesis of the ballot log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// Assembly settings.
    pub assembly: Assembly,
    /// The roster (专有部分 with areas and owners).
    pub units: Vec<Unit>,
    /// The matters put to the vote.
    pub matters: Vec<Matter>,
}

impl Snapshot {
    /// The canonical form that is hashed: NFC text, areas with exactly 4 decimals, units and
    /// matters sorted by id, buildings, kinds and candidates sorted.
    ///
    /// # Errors
    /// [`TallyError::InvalidDecimal`] for a malformed area.
    pub fn canonical(&self) -> Result<Snapshot, TallyError> {
        let mut matters: Vec<Matter> = self
            .matters
            .iter()
            .map(|m| {
                let mut m = m.clone();
                m.id = nfc(&m.id);
                m.title = nfc(&m.title);
                if let MatterItem::Local { label, .. } = &mut m.item {
                    *label = nfc(label);
                }
                m.deadline = nfc(&m.deadline);
                if let Some(b) = &mut m.buildings {
                    let s: BTreeSet<String> = b.iter().map(|x| nfc(x)).collect();
                    *b = s.into_iter().collect();
                }
                m.counting = m.counting.as_ref().map(CountingKinds::canonical);
                if let Some(e) = &mut m.election {
                    for c in &mut e.candidates {
                        c.key = nfc(&c.key);
                        c.name = nfc(&c.name);
                    }
                    e.candidates.sort_by(|a, b| a.key.cmp(&b.key));
                }
                m
            })
            .collect();
        matters.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Snapshot {
            assembly: Assembly {
                id: nfc(&self.assembly.id),
                counting: self.assembly.counting.canonical(),
            },
            units: canonical_units(&self.units)?,
            matters,
        })
    }
}

/// A matter after validation.
#[derive(Clone, Debug)]
pub(crate) struct MatterRec {
    pub class: MatterClass,
    pub deadline: Instant,
    pub buildings: Option<BTreeSet<String>>,
    pub area_kinds: BTreeSet<UnitKind>,
    pub head_kinds: BTreeSet<UnitKind>,
    pub candidates: Vec<String>,
    pub is_election: bool,
}

impl MatterRec {
    /// Validates a (canonical) matter against the assembly and the roster's buildings.
    pub fn build(
        m: &Matter,
        assembly: &Assembly,
        buildings: &BTreeSet<String>,
        owner_known: &dyn Fn(&str) -> bool,
    ) -> Result<MatterRec, TallyError> {
        let invalid = |reason: String| TallyError::InvalidMatter {
            matter: m.id.clone(),
            reason,
        };
        if m.id.is_empty() {
            return Err(invalid("empty matter id".into()));
        }
        let class = m.item.class(&m.id)?;
        let deadline = parse_deadline(&format!("matter {:?} deadline", m.id), &m.deadline)?;
        if let Some(bs) = &m.buildings {
            if bs.is_empty() {
                return Err(invalid(
                    "empty building scope (omit it for the whole roster)".into(),
                ));
            }
            for b in bs {
                if !buildings.contains(b) {
                    return Err(TallyError::UnknownBuilding {
                        matter: m.id.clone(),
                        building: b.clone(),
                    });
                }
            }
        }
        let counting = m.counting.as_ref().unwrap_or(&assembly.counting);
        let mut candidates = Vec::new();
        if let Some(e) = &m.election {
            if m.item != MatterItem::Article278(3) {
                return Err(invalid("an election must be Art. 278 item 3".into()));
            }
            if e.seats == 0 {
                return Err(invalid("an election needs at least one seat".into()));
            }
            let mut seen = BTreeSet::new();
            for c in &e.candidates {
                if !seen.insert(c.key.clone()) {
                    return Err(invalid(format!("candidate {:?} listed twice", c.key)));
                }
                if !owner_known(&c.key) {
                    return Err(TallyError::UnknownOwner {
                        context: format!("matter {:?} candidate", m.id),
                        owner: c.key.clone(),
                    });
                }
                candidates.push(c.key.clone());
            }
        }
        Ok(MatterRec {
            class,
            deadline,
            buildings: m.buildings.as_ref().map(|b| b.iter().cloned().collect()),
            area_kinds: counting.area.iter().copied().collect(),
            head_kinds: counting.heads.iter().copied().collect(),
            candidates,
            is_election: m.election.is_some(),
        })
    }
}
