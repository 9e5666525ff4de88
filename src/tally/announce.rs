//! The announcement (公示) of a matter's result: a data model and an SVG rendering.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::decimal::Fraction;
use super::result::{Figures, LogHashes, MatterResult, Outcome, Share};
use super::{MatterClass, RejectReason, RevotePolicy, TallyError, TallyResult};

/// Whether the announcement is the preliminary result with an objection period (Dongguan
/// practice) or the final result.
///
/// JSON: `{"status": "preliminary", "objection_period_ends": "2024-07-10"}` or
/// `{"status": "final"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum AnnouncementStatus {
    /// 初步结果, open to objections until the given date or instant (text as given).
    Preliminary {
        /// End of the objection period.
        objection_period_ends: String,
    },
    /// 最终结果.
    Final,
}

/// One line of figures: heads and area, with shares where they apply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
pub struct CountRow {
    /// Chinese label, e.g. `"同意"`.
    pub label: String,
    /// Heads.
    pub heads: u32,
    /// Area in m², 4 decimals.
    pub area: String,
    /// Share by heads (of the total for participation, of the participants otherwise).
    pub heads_share: Option<Fraction>,
    /// Share by area.
    pub area_share: Option<Fraction>,
}

impl CountRow {
    fn share(label: &str, s: &Share) -> CountRow {
        CountRow {
            label: label.into(),
            heads: s.heads,
            area: s.area.clone(),
            heads_share: Some(s.heads_share.clone()),
            area_share: Some(s.area_share.clone()),
        }
    }
}

/// What the 公示 of one matter shows (LEGAL-TALLY.md "Audit and publication"; Civil Code
/// Art. 278; MOHURD 建房〔2009〕274号 Art. 26 for the labelled silent-owner view).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
pub struct Announcement {
    /// Assembly id.
    pub assembly_id: String,
    /// Matter id.
    pub matter_id: String,
    /// Matter title.
    pub title: String,
    /// Preliminary (with objection period) or final.
    pub status: AnnouncementStatus,
    /// 一般事项 or 特别事项.
    pub class: MatterClass,
    /// Total heads and area in scope (N_T, A_T).
    pub totals: CountRow,
    /// Participating, with share of the total.
    pub participating: CountRow,
    /// Consenting, opposing, abstaining, invalid, with share of the participants.
    pub choices: Vec<CountRow>,
    /// Rejected ballots by reason code.
    pub rejected_by_reason: BTreeMap<RejectReason, u32>,
    /// The outcome.
    pub outcome: Outcome,
    /// The configured choices, in words.
    pub configuration: Vec<String>,
    /// Roster (snapshot) hash, hex.
    pub roster_hash: String,
    /// Log head, hex.
    pub log_head: String,
    /// For an election: one line per candidate (name, consenting heads/area, outcome, rank).
    pub candidates: Vec<String>,
    /// The silent-owner view in words, labelled, if configured.
    pub silent_owner_view: Option<String>,
}

fn outcome_zh(o: Outcome) -> &'static str {
    match o {
        Outcome::Passed => "通过 PASSED",
        Outcome::NotPassed => "未通过（未形成有效决定）NOT_PASSED",
        Outcome::NoQuorum => "参与表决未达法定人数 NO_QUORUM",
    }
}

fn pct(f: &Option<Fraction>) -> String {
    match f {
        Some(Fraction {
            numerator,
            denominator,
            percent: Some(p),
        }) => format!("{numerator}/{denominator} ≈ {p}%"),
        Some(Fraction {
            numerator,
            denominator,
            percent: None,
        }) => format!("{numerator}/{denominator}"),
        None => String::new(),
    }
}

impl Announcement {
    /// Builds the announcement of `matter_id` from a tally result.
    ///
    /// # Errors
    /// [`TallyError::UnknownMatter`] when the result has no such matter.
    pub fn from_result(
        result: &TallyResult,
        matter_id: &str,
        status: AnnouncementStatus,
    ) -> Result<Announcement, TallyError> {
        let m: &MatterResult = result
            .matters
            .iter()
            .find(|m| m.matter_id == matter_id)
            .ok_or_else(|| TallyError::UnknownMatter {
                context: "announcement".into(),
                matter: matter_id.into(),
            })?;
        let f: &Figures = &m.figures;
        let c = &m.config;
        let mut configuration = vec![
            format!(
                "事项 item: {}",
                serde_json::to_string(&c.item).unwrap_or_default()
            ),
            format!("表决规则 threshold: {}", c.threshold),
            format!(
                "范围 scope: {}",
                c.scope_buildings
                    .as_ref()
                    .map_or("全部 all buildings".to_string(), |b| b.join(", "))
            ),
            format!(
                "计入面积 area kinds: {:?}; 计入人数 head kinds: {:?} (declared by {})",
                c.area_kinds, c.head_kinds, c.kinds_declared_by
            ),
            format!(
                "重复投票 revote: {}",
                match c.revote {
                    RevotePolicy::FirstFinal => "first_final 以首次为准",
                    RevotePolicy::LastBeforeClose => "last_before_close 以截止前最后一次为准",
                }
            ),
            format!(
                "无效票计入参与 invalid participates: {}",
                if c.invalid_participates {
                    "是 yes"
                } else {
                    "否 no"
                }
            ),
            format!(
                "代理上限 proxy limit: {}",
                c.proxy_limit
                    .map_or("无 none".to_string(), |l| l.to_string())
            ),
            format!("截止 deadline: {}", c.deadline),
        ];
        configuration.push(format!(
            "沉默业主视图 silent-owner view: {}",
            if c.silent_owner_view {
                "是 yes"
            } else {
                "否 no"
            }
        ));
        let candidates = m
            .election
            .as_ref()
            .map(|e| {
                let mut v: Vec<String> = e
                    .candidates
                    .iter()
                    .map(|cr| {
                        format!(
                            "{} 同意 {} 人 / {} m² — {}{}",
                            cr.name,
                            cr.figures.yes.heads,
                            cr.figures.yes.area,
                            outcome_zh(cr.figures.outcome),
                            cr.rank.map_or(String::new(), |r| format!("，排名 {r}"))
                        )
                    })
                    .collect();
                v.push(format!(
                    "应选 seats {}; 当选 elected: {}",
                    e.seats,
                    e.elected.join(", ")
                ));
                if !e.tied_for_last_seats.is_empty() {
                    v.push(format!(
                        "末位票数相同 tie for the last {} seat(s): {}",
                        e.seats_in_tie,
                        e.tied_for_last_seats.join(", ")
                    ));
                }
                v
            })
            .unwrap_or_default();
        let silent_owner_view = m.silent_owner_view.as_ref().map(|s| {
            format!(
                "{} — 同意 {} 人 / {} m²，参与 {} 人 / {} m² → {}",
                s.label,
                s.yes.heads,
                s.yes.area,
                s.participating.heads,
                s.participating.area,
                outcome_zh(s.outcome)
            )
        });
        Ok(Announcement {
            assembly_id: result.assembly_id.clone(),
            matter_id: m.matter_id.clone(),
            title: m.title.clone(),
            status,
            class: c.class,
            totals: CountRow {
                label: "总人数/总面积".into(),
                heads: f.totals.heads,
                area: f.totals.area.clone(),
                heads_share: None,
                area_share: None,
            },
            participating: CountRow::share("参与表决", &f.participating),
            choices: vec![
                CountRow::share("同意", &f.yes),
                CountRow::share("反对", &f.no),
                CountRow::share("弃权", &f.abstain),
                CountRow::share("无效", &f.invalid),
            ],
            rejected_by_reason: m.rejected_by_reason.clone(),
            outcome: f.outcome,
            configuration,
            roster_hash: result.roster_hash.clone(),
            log_head: match (&result.log_head, result.log_hashes) {
                (Some(h), LogHashes::Supplied) => format!("{h} (supplied, not verified)"),
                (Some(h), _) => h.clone(),
                (None, _) => "not computed (未计算)".into(),
            },
            candidates,
            silent_owner_view,
        })
    }
}

/// Escapes text for XML character data and attribute values (`& < > " '`).
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' && c != '\r' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Renders an announcement as a standalone SVG document (Chinese labels; every piece of text
/// from data is XML-escaped).
///
/// # Units
/// 900 px wide; 26 px per line.
pub fn announcement_svg(a: &Announcement) -> String {
    let mut lines: Vec<(String, u32, bool)> = Vec::new(); // text, font size, bold
    let status = match &a.status {
        AnnouncementStatus::Preliminary {
            objection_period_ends,
        } => {
            format!("初步结果公示（异议期至 {objection_period_ends}）PRELIMINARY")
        }
        AnnouncementStatus::Final => "最终结果公示 FINAL".to_string(),
    };
    lines.push((format!("业主大会表决结果公示 — {}", a.title), 22, true));
    lines.push((
        format!(
            "{status} · 事项 {} · {}",
            a.matter_id,
            match a.class {
                MatterClass::Ordinary => "一般事项（过半数）",
                MatterClass::Special => "特别事项（四分之三以上）",
            }
        ),
        15,
        false,
    ));
    lines.push((
        format!(
            "{}：{} 人，{} m²",
            a.totals.label, a.totals.heads, a.totals.area
        ),
        16,
        false,
    ));
    let row = |r: &CountRow, of: &str| {
        format!(
            "{}：{} 人（占{of} {}），{} m²（占{of} {}）",
            r.label,
            r.heads,
            pct(&r.heads_share),
            r.area,
            pct(&r.area_share)
        )
    };
    lines.push((row(&a.participating, "总数"), 16, false));
    for r in &a.choices {
        lines.push((row(r, "参与"), 16, false));
    }
    if a.rejected_by_reason.is_empty() {
        lines.push(("未计入票：无".into(), 15, false));
    } else {
        let parts: Vec<String> = a
            .rejected_by_reason
            .iter()
            .map(|(k, v)| format!("{} {v}", k.code()))
            .collect();
        lines.push((format!("未计入票：{}", parts.join("，")), 15, false));
    }
    lines.push((format!("结果：{}", outcome_zh(a.outcome)), 20, true));
    for c in &a.candidates {
        lines.push((format!("候选人 {c}"), 15, false));
    }
    if let Some(s) = &a.silent_owner_view {
        lines.push((format!("【参考，非法定结果】{s}"), 13, false));
    }
    for c in &a.configuration {
        lines.push((c.clone(), 13, false));
    }
    lines.push((
        format!("名册哈希 roster hash: {}", a.roster_hash),
        12,
        false,
    ));
    lines.push((format!("投票日志哈希 log head: {}", a.log_head), 12, false));
    let height = 40 + 26 * lines.len();
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="900" height="{height}" viewBox="0 0 900 {height}" font-family="'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif"><rect width="900" height="{height}" fill="#ffffff"/>"##
    );
    for (i, (text, size, bold)) in lines.iter().enumerate() {
        let y = 36 + 26 * i;
        let weight = if *bold { " font-weight=\"bold\"" } else { "" };
        let _ = write!(
            svg,
            r##"<text x="20" y="{y}" font-size="{size}"{weight} fill="#111111">{}</text>"##,
            xml_escape(text)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::xml_escape;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            xml_escape(r#"<script>"&'"#),
            "&lt;script&gt;&quot;&amp;&apos;"
        );
    }
}
