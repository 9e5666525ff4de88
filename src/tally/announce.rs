//! The announcement (公示) of a matter's result: a data model and an SVG rendering.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::decimal::Fraction;
use super::result::{Figures, LogHashes, MatterResult, Outcome, Share};
use super::{
    MatterClass, MatterItem, RejectReason, RevotePolicy, TallyError, TallyResult, UnitKind,
};

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
    /// For an election: one line per candidate (`候选人` name, consenting heads/area, outcome,
    /// rank), then the seats and who is elected (by name), then any tie for the last seats.
    pub candidates: Vec<String>,
    /// For an election whose participation met the quorum: its result in words (elected of
    /// seats, a tie for the last seats by name), shown instead of the matter's `outcome`,
    /// whose `PASSED` only says that the election produced a result (LEGAL-TALLY.md,
    /// "Elections": each candidate is decided on their own).
    pub election_result: Option<String>,
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

/// The subjects of Civil Code Art. 278 ¶1 items 1–9, in the statute's words.
const ARTICLE_278_ITEMS: [(&str, &str); 9] = [
    ("制定和修改业主大会议事规则", "rules of procedure"),
    ("制定和修改管理规约", "management statute"),
    (
        "选举业主委员会或者更换业主委员会成员",
        "elect or replace the owners' committee",
    ),
    (
        "选聘和解聘物业服务企业或者其他管理人",
        "hire or dismiss the property manager",
    ),
    (
        "使用建筑物及其附属设施的维修资金",
        "use the maintenance funds",
    ),
    (
        "筹集建筑物及其附属设施的维修资金",
        "raise maintenance funds",
    ),
    ("改建、重建建筑物及其附属设施", "renovate or rebuild"),
    (
        "改变共有部分的用途或者利用共有部分从事经营活动",
        "change the use of common parts or run a business on them",
    ),
    (
        "有关共有和共同管理权利的其他重大事项",
        "other major matters of common ownership and management",
    ),
];

/// The matter's item as a resident reads it: `《民法典》第二百七十八条第一款第（六）项
/// 筹集建筑物及其附属设施的维修资金 (Civil Code Art. 278 ¶1 item 6: raise maintenance funds)`,
/// or a local item's label with its class.
fn item_text(item: &MatterItem) -> String {
    match item {
        MatterItem::Article278(n) => {
            let i = usize::from(*n);
            match ARTICLE_278_ITEMS.get(i.wrapping_sub(1)) {
                Some((zh, en)) => format!(
                    "《民法典》第二百七十八条第一款第（{}）项 {zh}（Civil Code Art. 278 ¶1 item {n}: {en}）",
                    &"一二三四五六七八九"[3 * (i - 1)..3 * i]
                ),
                // not counted (MatterItem::class refuses it), but never a panic
                None => format!("Civil Code Art. 278 ¶1 item {n}"),
            }
        }
        MatterItem::Local { label, class } => {
            format!("地方规定事项 local item: {label}（{}）", class_text(*class))
        }
    }
}

/// The voting rule of a matter's class in the words of Civil Code Art. 278 ¶2, for residents
/// (the result's `threshold` keeps the rule as inequalities, for auditors).
fn threshold_text(class: MatterClass) -> &'static str {
    match class {
        MatterClass::Ordinary => {
            "专有部分面积占比三分之二以上且人数占比三分之二以上的业主参与表决，经参与表决专有部分面积过半数且参与表决人数过半数的业主同意（《民法典》第二百七十八条第二款）。Owners of two thirds or more of the area and two thirds or more of the owners vote; owners of more than half the voting area and more than half the voters consent (Civil Code Art. 278 ¶2)."
        }
        MatterClass::Special => {
            "专有部分面积占比三分之二以上且人数占比三分之二以上的业主参与表决，经参与表决专有部分面积四分之三以上且参与表决人数四分之三以上的业主同意（《民法典》第二百七十八条第二款）。Owners of two thirds or more of the area and two thirds or more of the owners vote; owners of three quarters or more of the voting area and three quarters or more of the voters consent (Civil Code Art. 278 ¶2)."
        }
    }
}

/// Why ballots were not counted, in words: `逾期 late`.
fn reason_text(r: RejectReason) -> &'static str {
    match r {
        RejectReason::UnknownOwner => "非名册业主 unknown owner",
        RejectReason::NotEligible => "不在表决范围 not eligible",
        RejectReason::Late => "逾期 late",
        RejectReason::NotRepresentative => "非共有人代表 not the co-owners' representative",
        RejectReason::NotAuthorised => "无权代投 not authorised",
        RejectReason::ProxyMissingDocument => {
            "委托无书面授权 proxy without a written authorisation"
        }
        RejectReason::ProxyLimit => "超出受托上限 over the proxy limit",
        RejectReason::Superseded => "被后票取代 superseded by a later ballot",
        RejectReason::Duplicate => "重复投票 duplicate",
    }
}

fn class_text(class: MatterClass) -> &'static str {
    match class {
        MatterClass::Ordinary => "一般事项（过半数）",
        MatterClass::Special => "特别事项（四分之三以上）",
    }
}

/// Property kinds in words, `住宅 residential、商业 commercial`; `无 none` for none.
fn kinds_text(kinds: &[UnitKind]) -> String {
    if kinds.is_empty() {
        return "无 none".into();
    }
    let words: Vec<&str> = kinds
        .iter()
        .map(|k| match k {
            UnitKind::Residential => "住宅 residential",
            UnitKind::Commercial => "商业 commercial",
            UnitKind::Parking => "车位 parking",
            UnitKind::Storage => "储藏室 storage",
            UnitKind::Other => "其他 other",
        })
        .collect();
    words.join("、")
}

impl Announcement {
    /// Builds the announcement of `matter_id` from a tally result.
    ///
    /// # Errors
    /// [`TallyError::UnknownMatter`] when the result has no such matter;
    /// [`TallyError::InvalidTime`] when a preliminary status's `objection_period_ends` is not a
    /// date `YYYY-MM-DD` or an RFC 3339 instant (the notice would print it as given: "异议期至
    /// soon").
    pub fn from_result(
        result: &TallyResult,
        matter_id: &str,
        status: AnnouncementStatus,
    ) -> Result<Announcement, TallyError> {
        if let AnnouncementStatus::Preliminary {
            objection_period_ends,
        } = &status
        {
            super::parse_deadline("objection_period_ends", objection_period_ends)?;
        }
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
            format!("事项 item: {}", item_text(&c.item)),
            format!("表决规则 threshold: {}", threshold_text(c.class)),
            format!(
                "范围 scope: {}",
                c.scope_buildings
                    .as_ref()
                    .map_or("全部 all buildings".to_string(), |b| b.join(", "))
            ),
            format!(
                "计入面积 area kinds: {}；计入人数 head kinds: {}（{}）",
                kinds_text(&c.area_kinds),
                kinds_text(&c.head_kinds),
                match c.kinds_declared_by.as_str() {
                    "assembly" => "由业主大会规定 declared by the assembly",
                    "matter" => "由本事项规定 declared by the matter",
                    other => other,
                }
            ),
            format!(
                "重复投票 revote: {}",
                match c.revote {
                    RevotePolicy::FirstFinal => "以首次投票为准 the first ballot counts",
                    RevotePolicy::LastBeforeClose => {
                        "以截止前最后一次投票为准 the last ballot before the close counts"
                    }
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
        // candidates by name, not by their owner keys (pseudonymous in a published log)
        let name_of = |key: &String| {
            m.election
                .as_ref()
                .and_then(|e| e.candidates.iter().find(|c| &c.key == key))
                .map_or_else(|| key.clone(), |c| c.name.clone())
        };
        let names = |keys: &[String]| {
            if keys.is_empty() {
                "无 none".to_string()
            } else {
                keys.iter().map(name_of).collect::<Vec<_>>().join("、")
            }
        };
        let election_result = m.election.as_ref().filter(|_| f.quorum.met).map(|e| {
            let mut t = if e.elected.is_empty() && e.tied_for_last_seats.is_empty() {
                format!("选举结果：无人当选 nobody elected（应选 {} 席）", e.seats)
            } else {
                format!(
                    "选举结果：当选 {} 人 / 应选 {} 席 elected {} of {}",
                    e.elected.len(),
                    e.seats,
                    e.elected.len(),
                    e.seats
                )
            };
            if !e.tied_for_last_seats.is_empty() {
                t.push_str(&format!(
                    "；末位 {} 席票数相同，依议事规则决定 tie for the last {} seat(s): {}",
                    e.seats_in_tie,
                    e.seats_in_tie,
                    names(&e.tied_for_last_seats)
                ));
            }
            t
        });
        let candidates = m
            .election
            .as_ref()
            .map(|e| {
                let mut v: Vec<String> = e
                    .candidates
                    .iter()
                    .map(|cr| {
                        format!(
                            "候选人 {} 同意 {} 人 / {} m² — {}{}",
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
                    names(&e.elected)
                ));
                if !e.tied_for_last_seats.is_empty() {
                    v.push(format!(
                        "末位票数相同 tie for the last {} seat(s): {}",
                        e.seats_in_tie,
                        names(&e.tied_for_last_seats)
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
            election_result,
            silent_owner_view,
        })
    }
}

/// Escapes text for XML character data and attribute values (`& < > " '`); control
/// characters XML 1.0 forbids become U+FFFD, and the Unicode bidirectional controls are left
/// out (embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, the marks U+200E,
/// U+200F, U+061C: Unicode TR 9, §2): a name holding a right-to-left override would otherwise
/// lay the rest of its line out mirrored, so that a notice's `527.8734 m²` read `4378.725`
/// (the "Trojan Source" class of spoof, CVE-2021-42574). They are invisible; nothing a
/// reader sees is removed.
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
            '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{061C}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Width of the announcement SVG, in px.
pub const ANNOUNCEMENT_WIDTH_PX: u32 = 900;
/// Left and right margin of the announcement's text, in px: lines wrap within
/// [`ANNOUNCEMENT_WIDTH_PX`] − 2 × this.
pub const ANNOUNCEMENT_MARGIN_PX: u32 = 20;

/// Estimated advance of `c` in em, as the announcement wraps by it: 1 em for a full-width
/// character (CJK, as the map labels measure them) and for general punctuation and symbols
/// (U+2000–U+2BFF: `—`, `≈`, `≥`, `→`, full width in CJK fonts); 1.25 em for emoji and other
/// characters beyond U+1F000 (drawn from a fallback font, wider than an ideograph); 0.75 em
/// for capital letters (a bold `W` or `M` of Noto Sans is ≈ 0.9 em, most capitals ≈ 0.65–0.75);
/// 0.6 em for anything else (small letters, digits, spaces; a little over the labels' 0.55 em,
/// for bold text). The core reads no font: this over-estimates rather than overflows.
pub fn announcement_char_em(c: char) -> f64 {
    if u32::from(c) >= 0x1F000 && !crate::text::is_wide(c) {
        1.25
    } else if crate::text::is_wide(c) || ('\u{2000}'..='\u{2BFF}').contains(&c) {
        1.0
    } else if c.is_ascii_uppercase() {
        0.75
    } else {
        0.6
    }
}

/// Whether no line may start with `c` (closing punctuation: `，。、）》” %`…).
fn closes(c: char) -> bool {
    "，。、；：？！）》」』】〉”’％,.;:!?)]}%".contains(c)
}

/// Whether no line may end with `c` (opening punctuation: `（《“`…).
fn opens(c: char) -> bool {
    "（《「『【〈“‘([{".contains(c)
}

/// Splits `text` into lines no wider than `max_em` (by [`announcement_char_em`]); the lines
/// concatenated are `text`. Breaks after spaces and between two characters either of which
/// is full width (CJK text breaks between any two ideographs), never inside a run of Latin
/// letters and digits (a word, a number, a hash) unless that run alone is wider than a line,
/// nor before closing or after opening punctuation. Spaces stay at the end of their line.
///
/// # Complexity
/// O(n) for n characters.
fn wrap(text: &str, max_em: f64) -> Vec<&str> {
    let mut lines = Vec::new();
    let (mut line_start, mut line_em) = (0, 0.0);
    // the current unbreakable piece: start byte and width
    let (mut piece_start, mut piece_em) = (0, 0.0);
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let em = announcement_char_em(c);
        if let Some(p) = prev {
            let breakable = !c.is_whitespace()
                && (p.is_whitespace() || crate::text::is_wide(c) || crate::text::is_wide(p))
                && !closes(c)
                && !opens(p);
            if breakable {
                // the piece ends before `c`: it joins the line, or starts the next
                if line_em + piece_em > max_em && i > line_start && piece_start > line_start {
                    lines.push(&text[line_start..piece_start]);
                    line_start = piece_start;
                    line_em = 0.0;
                }
                line_em += piece_em;
                piece_start = i;
                piece_em = 0.0;
            }
        }
        // a piece wider than a line on its own is cut where it must
        if piece_em + em > max_em && i > piece_start {
            if piece_start > line_start {
                lines.push(&text[line_start..piece_start]);
            }
            lines.push(&text[piece_start..i]);
            line_start = i;
            line_em = 0.0;
            piece_start = i;
            piece_em = 0.0;
        }
        piece_em += em;
        prev = Some(c);
    }
    if line_em + piece_em > max_em && piece_start > line_start {
        lines.push(&text[line_start..piece_start]);
        line_start = piece_start;
    }
    if line_start < text.len() || lines.is_empty() {
        lines.push(&text[line_start..]);
    }
    lines
}

/// Renders an announcement as a standalone SVG document (Chinese labels; every piece of text
/// from data is XML-escaped).
///
/// Each line of the announcement is one `<text>`; a line wider than the page (a long title,
/// the threshold rule) wraps within the margins into `<tspan>`s, one per visual line, whose
/// texts concatenated are the line (see [`announcement_char_em`] for how widths are
/// estimated). The page grows to hold them.
///
/// # Units
/// [`ANNOUNCEMENT_WIDTH_PX`] (900) px wide, text within [`ANNOUNCEMENT_MARGIN_PX`] (20) px of
/// either side; 26 px from one line's baseline to the next, 1.35 × the font size between the
/// visual lines of a wrapped one; the height is the last baseline + 30 px.
pub fn announcement_svg(a: &Announcement) -> String {
    announcement_svg_width(a, ANNOUNCEMENT_WIDTH_PX)
}

/// The narrowest and widest announcement SVG, px ([`announcement_svg_width`]).
pub const ANNOUNCEMENT_WIDTH_RANGE_PX: (u32, u32) = (240, 4000);

/// [`announcement_svg`] at another width: a phone shows the 公示 at its own width (about 340
/// CSS px) with its text at full size, instead of a 900 px page scaled to a third. Lines wrap
/// within `width_px − 40` px; the height grows to hold them.
///
/// # Units
/// px; `width_px` is clamped to [`ANNOUNCEMENT_WIDTH_RANGE_PX`] (240–4000; the JS edge
/// refuses a width outside it with `OPTIONS_INVALID`).
///
/// # Errors
/// None: every announcement has an SVG at every width.
pub fn announcement_svg_width(a: &Announcement, width_px: u32) -> String {
    let width_px = width_px.clamp(ANNOUNCEMENT_WIDTH_RANGE_PX.0, ANNOUNCEMENT_WIDTH_RANGE_PX.1);
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
        format!("{status} · 事项 {} · {}", a.matter_id, class_text(a.class)),
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
    // (an election's consent is per candidate, below: its matter-level 同意/反对/弃权 are
    // zero by construction and would read as nobody consenting; 无效 stays)
    let election = !a.candidates.is_empty();
    for r in &a.choices {
        if !election || r.label == "无效" {
            lines.push((row(r, "参与"), 16, false));
        }
    }
    if a.rejected_by_reason.is_empty() {
        lines.push(("未计入票：无".into(), 15, false));
    } else {
        let parts: Vec<String> = a
            .rejected_by_reason
            .iter()
            .map(|(k, v)| format!("{} {v}", reason_text(*k)))
            .collect();
        lines.push((format!("未计入票：{}", parts.join("，")), 15, false));
    }
    match &a.election_result {
        Some(r) => lines.push((r.clone(), 20, true)),
        None => lines.push((format!("结果：{}", outcome_zh(a.outcome)), 20, true)),
    }
    for c in &a.candidates {
        lines.push((c.clone(), 15, false));
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
    let (width, margin) = (width_px, ANNOUNCEMENT_MARGIN_PX);
    let max_px = f64::from(width - 2 * margin);
    let mut body = String::new();
    let mut y = 10;
    for (text, size, bold) in &lines {
        y += 26;
        let weight = if *bold { " font-weight=\"bold\"" } else { "" };
        let parts = wrap(text, max_px / f64::from(*size));
        let _ = write!(
            body,
            r##"<text x="{margin}" y="{y}" font-size="{size}"{weight} fill="#111111">"##
        );
        if let [one] = parts[..] {
            body.push_str(&xml_escape(one));
        } else {
            let step = (f64::from(*size) * 1.35).round() as usize;
            for (k, part) in parts.iter().enumerate() {
                if k > 0 {
                    y += step;
                }
                let _ = write!(
                    body,
                    r##"<tspan x="{margin}" y="{y}">{}</tspan>"##,
                    xml_escape(part)
                );
            }
        }
        body.push_str("</text>");
    }
    let height = y + 30;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif"><rect width="{width}" height="{height}" fill="#ffffff"/>"##
    );
    svg.push_str(&body);
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

    #[test]
    fn leaves_out_bidi_controls_so_no_name_can_mirror_its_line() {
        // a right-to-left override in a candidate's name, never closed
        let name = "\u{202E}evil\u{2066}x\u{2069}\u{200F}y\u{0}";
        assert_eq!(
            xml_escape(&format!("候选人 {name} 同意 4 人 / 527.8734 m²")),
            "候选人 evilxy\u{FFFD} 同意 4 人 / 527.8734 m²"
        );
    }
}
