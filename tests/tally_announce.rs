//! The announcement (公示): figures, status, and XML escaping of every text from data.

use jinlin::tally::{
    announcement_svg, tally, Announcement, AnnouncementStatus, Outcome, TallyInput,
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
    assert!(a.configuration.iter().any(|c| c.contains("first_final")));
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
    assert!(svg.contains("LATE 1"));
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
    let status = AnnouncementStatus::Preliminary {
        objection_period_ends: "</text><script>x</script>".into(),
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
