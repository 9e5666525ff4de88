//! The announcement (公示): figures, status, and XML escaping of every text from data.

use jinlin::tally::{
    announcement_char_em, announcement_svg, announcement_svg_width, tally, Announcement,
    AnnouncementStatus, MatterClass, MatterItem, Outcome, TallyInput,
};

fn input(case: &str) -> TallyInput {
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/tally/{case}/input.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

const HOSTILE: [&str; 4] = [
    "<script>alert(1)</script>",
    "\"><img onerror=x>",
    "</text>",
    "A & B",
];

#[test]
fn announcement_carries_the_required_figures() {
    let r = tally(&input("w6")).unwrap();
    let a = Announcement::from_result(&r, "M1", AnnouncementStatus::Final).unwrap();
    assert_eq!(a.totals.heads, 6);
    assert_eq!(a.totals.area, "1500.0000");
    assert_eq!(a.participating.heads, 5);
    assert_eq!(
        a.participating
            .area_share
            .as_ref()
            .unwrap()
            .percent
            .as_deref(),
        Some("93.33")
    );
    let labels: Vec<&str> = a.choices.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["同意", "反对", "弃权", "无效"]);
    assert_eq!(a.choices[0].heads_share.as_ref().unwrap().numerator, "2");
    assert_eq!(a.choices[0].heads_share.as_ref().unwrap().denominator, "5");
    assert_eq!(a.outcome, Outcome::NotPassed);
    assert_eq!(a.roster_hash, r.roster_hash);
    assert_eq!(Some(&a.log_head), r.log_head.as_ref());
    assert!(a
        .configuration
        .iter()
        .any(|c| c == "重复投票 revote: 以首次投票为准 the first ballot counts"));
    // the rule in the statute's words, not the result's inequalities nor enum names
    let rule = a
        .configuration
        .iter()
        .find(|c| c.starts_with("表决规则 threshold: "))
        .unwrap();
    assert!(rule.contains("经参与表决专有部分面积过半数且参与表决人数过半数的业主同意"));
    assert!(rule.contains("第二百七十八条第二款"));
    for leak in ["A_P", "first_final", "LATE", "ordinary:"] {
        assert!(!a.configuration.iter().any(|c| c.contains(leak)), "{leak}");
    }
    let svg = announcement_svg(&a);
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    assert!(
        svg.contains("最终结果公示")
            && svg.contains(r.log_head.as_deref().unwrap())
            && svg.contains("NOT_PASSED")
    );
}

#[test]
fn preliminary_status_and_rejections_are_shown() {
    let r = tally(&input("w7")).unwrap();
    let status = AnnouncementStatus::Preliminary {
        objection_period_ends: "2024-07-10".into(),
    };
    let a = Announcement::from_result(&r, "M1", status).unwrap();
    let svg = announcement_svg(&a);
    assert!(svg.contains("初步结果公示（异议期至 2024-07-10）"));
    assert!(svg.contains("逾期 late 1"), "{svg}");
    assert_eq!(
        Announcement::from_result(&r, "nope", AnnouncementStatus::Final)
            .unwrap_err()
            .code(),
        "TALLY_UNKNOWN_MATTER"
    );
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let mut inp = input("election_tie");
    let e = inp.snapshot.matters[0].election.as_mut().unwrap();
    for (c, name) in e.candidates.iter_mut().zip(HOSTILE) {
        c.name = name.into();
    }
    inp.snapshot.matters[0].title = HOSTILE.join(" ");
    let r = tally(&inp).unwrap();
    // the objection date must be a date or an RFC 3339 instant: markup there is refused
    let hostile = AnnouncementStatus::Preliminary {
        objection_period_ends: "</text><script>x</script>".into(),
    };
    let err = Announcement::from_result(&r, "E", hostile).unwrap_err();
    assert_eq!(err.code(), "TALLY_INVALID_TIME");
    let status = AnnouncementStatus::Preliminary {
        objection_period_ends: "2024-07-15".into(),
    };
    let svg = announcement_svg(&Announcement::from_result(&r, "E", status).unwrap());
    for bad in ["<script", "<img", "\"><img", "onerror=x>", "& B"] {
        assert!(!svg.contains(bad), "unescaped {bad:?} in SVG");
    }
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(svg.contains("&quot;&gt;&lt;img onerror=x&gt;"));
    assert!(svg.contains("A &amp; B"));
    // The only `</text>` tags are the renderer's own: one per <text> element.
    assert_eq!(
        svg.matches("</text>").count(),
        svg.matches("<text ").count()
    );
    // Ties and the election are shown.
    assert!(svg.contains("末位票数相同"));
}

#[test]
fn silent_owner_view_is_labelled_as_not_statutory() {
    let r = tally(&input("silent_owner")).unwrap();
    let a = Announcement::from_result(&r, "M1", AnnouncementStatus::Final).unwrap();
    assert_eq!(a.outcome, Outcome::NoQuorum);
    let svg = announcement_svg(&a);
    assert!(svg.contains("【参考，非法定结果】"));
    assert!(svg.contains("NOT the statutory result"));
}

/// A `<text>`: its font size and its visual lines (baseline y, text).
type SvgText = (f64, Vec<(f64, String)>);

/// Each `<text>` of an announcement SVG as (font size, its visual lines: the `<tspan>`s, or
/// the text itself), unescaped; and the SVG's width and height.
fn svg_lines(svg: &str) -> (f64, f64, Vec<SvgText>) {
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
    };
    let unescape = |t: &str| {
        assert!(!t.contains('<'), "markup inside a line: {t:?}");
        t.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
    };
    let head = &svg[..svg.find('>').unwrap()];
    let (width, height) = (attr(head, "width"), attr(head, "height"));
    let mut texts = Vec::new();
    for chunk in svg.split("<text ").skip(1) {
        let open = &chunk[..chunk.find('>').unwrap()];
        let inner = &chunk[open.len() + 1..chunk.find("</text>").unwrap()];
        let lines = if inner.starts_with("<tspan ") {
            inner
                .split("<tspan ")
                .skip(1)
                .map(|t| {
                    let tag = &t[..t.find('>').unwrap()];
                    let text = &t[tag.len() + 1..t.find("</tspan>").unwrap()];
                    (attr(tag, "y"), unescape(text))
                })
                .collect()
        } else {
            vec![(attr(open, "y"), unescape(inner))]
        };
        texts.push((attr(open, "font-size"), lines));
    }
    (width, height, texts)
}

/// Long lines wrap within the page (a long title, the threshold rule were cut off at 900 px);
/// nothing is lost, Latin words and numbers are not split, and the page grows to hold them.
#[test]
fn long_lines_wrap_within_the_width_and_lose_nothing() {
    let mut inp = input("w6");
    let title =
        "关于小区地下车库改造及加装电梯、新能源汽车充电桩和无障碍通道的实施方案（第二次表决）\
                 Renovation of the underground garage, lifts and EV chargers, phase 2024-2025"
            .to_string();
    inp.snapshot.matters[0].title = title.clone();
    let r = tally(&inp).unwrap();
    let a = Announcement::from_result(&r, "M1", AnnouncementStatus::Final).unwrap();
    let threshold = a
        .configuration
        .iter()
        .find(|c| c.starts_with("表决规则 threshold: "))
        .unwrap()
        .clone();
    let svg = announcement_svg(&a);
    let (width, height, texts) = svg_lines(&svg);
    assert_eq!(width, 900.0);
    let max = width - 2.0 * 20.0;
    let mut wrapped = 0;
    let mut last_y = 0.0;
    for (size, lines) in &texts {
        for (y, line) in lines {
            let labels = jinlin::render::text_width_em(line) * size;
            let strict = line.chars().map(announcement_char_em).sum::<f64>() * size;
            assert!(
                labels <= strict && strict <= max,
                "{strict} px > {max}: {line:?}"
            );
            assert!(*y > last_y, "lines in order, none on another");
            last_y = *y;
        }
        for w in lines.windows(2) {
            let (a, b) = (w[0].1.chars().last(), w[1].1.chars().next());
            let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            assert!(
                !(word(a) && word(b)),
                "a word split: {:?} | {:?}",
                w[0].1,
                w[1].1
            );
        }
        wrapped += usize::from(lines.len() > 1);
    }
    assert!(last_y + 20.0 <= height, "the page holds the last line");
    let whole: Vec<String> = texts
        .iter()
        .map(|(_, l)| l.iter().map(|(_, t)| t.as_str()).collect())
        .collect();
    assert!(
        whole.contains(&format!("业主大会表决结果公示 — {title}")),
        "{whole:#?}"
    );
    assert!(whole.contains(&threshold), "{whole:#?}");
    let title_lines = &texts[whole.iter().position(|t| t.ends_with(&title)).unwrap()].1;
    let threshold_lines = &texts[whole.iter().position(|t| *t == threshold).unwrap()].1;
    assert!(title_lines.len() >= 2 && threshold_lines.len() >= 2);
    assert!(wrapped >= 2);
    // a line of one long "word" (a hash, hostile text without spaces) is cut, not overflowing
    inp.snapshot.matters[0].title = "A".repeat(300);
    let r = tally(&inp).unwrap();
    let svg =
        announcement_svg(&Announcement::from_result(&r, "M1", AnnouncementStatus::Final).unwrap());
    let (_, _, texts) = svg_lines(&svg);
    let (size, lines) = &texts[0];
    assert_eq!(
        lines.iter().map(|(_, t)| t.as_str()).collect::<String>(),
        format!("业主大会表决结果公示 — {}", "A".repeat(300))
    );
    for (_, line) in lines {
        assert!(line.chars().map(announcement_char_em).sum::<f64>() * size <= max);
    }
}

/// The configuration reads as text, not Rust or JSON: the Art. 278 item with its number and
/// subject, the property kinds in Chinese and English (it was `事项 item: {"article278":6}`
/// and `[Residential, Commercial]`).
#[test]
fn item_and_property_kinds_are_written_for_residents() {
    let r = tally(&input("kinds")).unwrap();
    let a = Announcement::from_result(&r, "M2", AnnouncementStatus::Final).unwrap();
    assert_eq!(
        a.configuration[0],
        "事项 item: 《民法典》第二百七十八条第一款第（九）项 有关共有和共同管理权利的其他重大事项（Civil Code Art. 278 ¶1 item 9: other major matters of common ownership and management）"
    );
    assert_eq!(
        a.configuration[3],
        "计入面积 area kinds: 住宅 residential、车位 parking；计入人数 head kinds: 住宅 residential（由本事项规定 declared by the matter）"
    );
    let a1 = Announcement::from_result(&r, "M1", AnnouncementStatus::Final).unwrap();
    assert!(a1.configuration[3]
        .ends_with("住宅 residential、商业 commercial（由业主大会规定 declared by the assembly）"));
    let mut inp = input("w6");
    for (n, want) in [
        (6, "第（六）项 筹集建筑物及其附属设施的维修资金（Civil Code Art. 278 ¶1 item 6: raise maintenance funds）"),
        (7, "第（七）项 改建、重建建筑物及其附属设施（Civil Code Art. 278 ¶1 item 7: renovate or rebuild）"),
        (1, "第（一）项 制定和修改业主大会议事规则（"),
    ] {
        inp.snapshot.matters[0].item = MatterItem::Article278(n);
        let r = tally(&inp).unwrap();
        let a = Announcement::from_result(&r, "M1", AnnouncementStatus::Final).unwrap();
        assert!(a.configuration[0].contains(want), "{}", a.configuration[0]);
    }
    inp.snapshot.matters[0].item = MatterItem::Local {
        label: "杭州 第十项".into(),
        class: MatterClass::Special,
    };
    let r = tally(&inp).unwrap();
    let a = Announcement::from_result(&r, "M1", AnnouncementStatus::Final).unwrap();
    assert_eq!(
        a.configuration[0],
        "事项 item: 地方规定事项 local item: 杭州 第十项（特别事项（四分之三以上））"
    );
    for case in ["kinds", "w6", "election_tie", "scope", "silent_owner"] {
        let r = tally(&input(case)).unwrap();
        for m in &r.matters {
            let a = Announcement::from_result(&r, &m.matter_id, AnnouncementStatus::Final).unwrap();
            let svg = announcement_svg(&a);
            for text in a
                .configuration
                .iter()
                .map(String::as_str)
                .chain([svg.as_str()])
            {
                for leak in [
                    "{",
                    "}",
                    "[",
                    "]",
                    "article278",
                    "Residential",
                    "Commercial",
                    "Parking",
                ] {
                    assert!(
                        !text.contains(leak),
                        "{case}/{}: {leak:?} in {text}",
                        m.matter_id
                    );
                }
            }
        }
    }
}

/// At a phone's width the 公示 wraps within it, at full text size, and loses nothing; widths
/// beyond the range are clamped.
#[test]
fn a_phone_width_announcement_wraps_within_it() {
    let r = tally(&input("w6")).unwrap();
    let a = Announcement::from_result(&r, "M1", AnnouncementStatus::Final).unwrap();
    let whole = |svg: &str| -> Vec<String> {
        svg_lines(svg)
            .2
            .iter()
            .map(|(_, l)| l.iter().map(|(_, t)| t.as_str()).collect())
            .collect()
    };
    let wide = announcement_svg(&a);
    let svg = announcement_svg_width(&a, 343);
    let (width, height, texts) = svg_lines(&svg);
    assert_eq!(width, 343.0);
    for (size, lines) in &texts {
        for (_, line) in lines {
            let px = line.chars().map(announcement_char_em).sum::<f64>() * size;
            assert!(px <= 343.0 - 40.0, "{px} px: {line:?}");
        }
    }
    // the same text as at 900 px, in more visual lines on a taller page
    assert_eq!(whole(&svg), whole(&wide));
    let (_, wide_height, wide_texts) = svg_lines(&wide);
    let visual = |t: &[(f64, Vec<(f64, String)>)]| t.iter().map(|(_, l)| l.len()).sum::<usize>();
    assert!(visual(&texts) > visual(&wide_texts) && height > wide_height);
    assert_eq!(svg_lines(&announcement_svg_width(&a, 100)).0, 240.0);
    assert_eq!(svg_lines(&announcement_svg_width(&a, 100_000)).0, 4000.0);
    assert_eq!(announcement_svg_width(&a, 900), wide);
}

/// The wrap estimate over-estimates what overflowed in the trial: bold capitals (a title of
/// capitals ran to 938 px on the 900 px page) and emoji (1098 px).
#[test]
fn wrap_estimates_cover_capitals_and_emoji() {
    assert_eq!(announcement_char_em('中'), 1.0);
    assert_eq!(announcement_char_em('≥'), 1.0);
    assert_eq!(announcement_char_em('W'), 0.75);
    assert_eq!(announcement_char_em('w'), 0.6);
    assert_eq!(announcement_char_em('7'), 0.6);
    assert_eq!(announcement_char_em('🏠'), 1.25);
    assert_eq!(announcement_char_em('𠀀'), 1.0); // CJK Extension B: an ideograph
}

#[test]
fn an_election_notice_says_who_is_elected_by_name_not_passed() {
    // 3 seats: 陈阿明 (ca) and 林必达 (cb) elected, 黄灿灿 (cc) and 郑冬冬 (cd) tied for the last
    let r = tally(&input("election_tie")).unwrap();
    let a = Announcement::from_result(&r, "E", AnnouncementStatus::Final).unwrap();
    assert_eq!(
        a.outcome,
        Outcome::Passed,
        "the result JSON keeps its outcome"
    );
    assert_eq!(
        a.election_result.as_deref(),
        Some("选举结果：当选 2 人 / 应选 3 席 elected 2 of 3；末位 1 席票数相同，依议事规则决定 tie for the last 1 seat(s): 黄灿灿、郑冬冬")
    );
    assert!(a
        .candidates
        .iter()
        .any(|l| l == "应选 seats 3; 当选 elected: 陈阿明、林必达"));
    assert!(a.candidates.iter().any(|l| l.ends_with("黄灿灿、郑冬冬")));
    let svg = announcement_svg(&a);
    let text = svg_lines(&svg)
        .2
        .into_iter()
        .flat_map(|(_, lines)| lines.into_iter().map(|(_, t)| t + "\n"))
        .collect::<String>();
    assert!(text.contains("选举结果：当选 2 人"), "{text}");
    assert!(
        !text.contains("结果：通过"),
        "an election is not 'passed': {text}"
    );
    // the matter-level consent rows are zero by construction: left out; 无效 stays
    assert!(!text.contains("同意：") && !text.contains("反对：") && text.contains("无效："));
    // candidates by name; no line starts 候选人 but theirs
    assert!(!text.contains("候选人 应选") && !text.contains("候选人 末位"));
    assert!(!text.contains("ca, cb") && !text.contains("cc, cd"));
}
