//! Facts: the five rule texts (expectations written by reading them), real law sentences (a fixture of
//! frequency expressions with the values read off by hand), the whole laws corpus (never panics, plausible
//! rates), and the `compare` command (shape, spans, topics, table, determinism, bad input).

use govrules::facts::{self, cadence, CadenceKind, DocFacts, Meeting, TimeUnit};

use crate::util::*;

fn facts_of(id: &str) -> (DocFacts, govrules::ParsedDoc) {
    let doc = govrules::corpus::load_file(&corpus_file(id)).expect("corpus file loads");
    let parsed = govrules::structure::parse(&doc);
    (facts::extract(&parsed), parsed)
}

fn meeting<'a>(f: &'a DocFacts, meeting_type: &str) -> &'a Meeting {
    f.meetings
        .iter()
        .find(|m| m.meeting_type == meeting_type)
        .unwrap_or_else(|| panic!("{}: no {meeting_type} in {:#?}", f.id, f.meetings))
}

/// The article a fact cites: its number once the parser finds articles, null while it finds none.
fn assert_article(parsed: &govrules::ParsedDoc, got: Option<u32>, want: u32) {
    if parsed.articles.is_empty() {
        assert_eq!(
            got, None,
            "{}: no articles parsed, so no article cited",
            parsed.id
        );
    } else {
        assert_eq!(got, Some(want), "{}", parsed.id);
    }
}

/// Every span of every fact slices the document's text to the fact's `text`.
fn assert_spans(f: &DocFacts, parsed: &govrules::ParsedDoc) {
    let text = &parsed.text;
    let slice = |s: govrules::Span| govrules::span::slice_chars(text, s).to_string();
    for m in &f.meetings {
        assert_eq!(slice(m.span), m.text);
        if let (Some(s), Some(t)) = (m.cadence_span, &m.cadence_text) {
            assert_eq!(&slice(s), t);
        }
    }
    for c in &f.cadences {
        assert_eq!(slice(c.evidence.span), c.text);
        assert!(c.evidence.sentence.contains(&c.text));
    }
    for r in &f.signing {
        assert_eq!(slice(r.evidence.span), r.text);
        assert!(r.evidence.sentence.contains(&r.text));
    }
    for d in &f.deadlines {
        assert_eq!(slice(d.evidence.span), d.text);
    }
    for l in &f.leave {
        assert_eq!(slice(l.evidence.span), l.text);
    }
}

#[test]
fn weidong_meets_every_two_weeks_and_its_head_weekly() {
    let (f, parsed) = facts_of("pingdingshan-weidong-2022");
    assert_spans(&f, &parsed);
    let types: Vec<&str> = f.meetings.iter().map(|m| m.meeting_type.as_str()).collect();
    assert_eq!(types, ["全体会议", "常务会议", "区长办公会议", "专题会议"]);
    let exec = meeting(&f, "常务会议");
    assert_eq!(exec.per_year, Some(26.0));
    assert_eq!(exec.qualifier.as_deref(), Some("原则上"));
    assert_eq!(exec.cadence_text.as_deref(), Some("原则上每两周召开1次"));
    assert_eq!(exec.chair.as_deref(), Some("区长"));
    assert_eq!(exec.deputy_chair.as_deref(), Some("负责常务工作的副区长"));
    assert_eq!(
        exec.composition.as_deref(),
        Some("区长、副区长、区政府其他领导、区政府办公室主任")
    );
    assert!(exec
        .note
        .as_deref()
        .unwrap_or("")
        .contains("必要时随时召开"));
    assert!(exec
        .attendees
        .iter()
        .any(|a| a.contains("区司法局") && a.ends_with("列席")));
    assert_article(&parsed, exec.article, 44);
    let head = meeting(&f, "区长办公会议");
    assert_eq!(
        (head.per_year, head.qualifier.as_deref()),
        (Some(52.0), Some("一般"))
    );
    assert_eq!(head.kind, "head_office");
    // The plenary's article states no cadence: null, and the note says so.
    let plenary = meeting(&f, "全体会议");
    assert_eq!(plenary.per_year, None);
    assert_eq!(plenary.cadence_kind, None);
    assert!(plenary.note.as_deref().unwrap().contains("no cadence"));
    assert_eq!(
        meeting(&f, "专题会议").cadence_kind,
        Some(CadenceKind::Irregular)
    );

    // Signing: 57 (区长 签署或签发), 59 (office documents: usually the office director; if necessary others).
    let by_president = f.signing.iter().find(|r| r.act == "签署或签发").unwrap();
    assert_eq!(by_president.signer, "区长");
    assert!(by_president
        .document_kind
        .as_deref()
        .unwrap()
        .contains("人事任免文件"));
    let office: Vec<_> = f
        .signing
        .iter()
        .filter(|r| {
            r.document_kind
                .as_deref()
                .is_some_and(|k| k.ends_with("以区政府办公室名义制发的公文"))
        })
        .collect();
    assert_eq!(office.len(), 3, "{office:#?}");
    assert_eq!(
        (office[0].signer.as_str(), office[0].qualifier.as_deref()),
        ("区政府办公室主任", Some("一般"))
    );
    assert_eq!(
        (office[1].signer.as_str(), office[1].condition.as_deref()),
        ("区政府分管领导", Some("如有必要"))
    );
    assert_eq!(
        (office[2].signer.as_str(), office[2].condition.as_deref()),
        ("区长", Some("如有必要"))
    );
    // Minutes: reviewed by the office, signed by the convener.
    assert!(f
        .signing
        .iter()
        .any(|r| r.signer == "会议召集人" && r.act == "签发"));

    // Deadline: replies to requests for comments within 3 working days.
    assert_eq!(f.deadlines.len(), 1, "{:#?}", f.deadlines);
    let d = &f.deadlines[0];
    assert_eq!((d.number, d.unit), (3, TimeUnit::WorkingDay));
    assert_eq!(
        (d.action.as_deref(), d.qualifier.as_deref()),
        (Some("回复"), Some("一般"))
    );
    assert_article(&parsed, d.evidence.article, 54);

    // Leave: vice heads report to the head; a meeting absence needs the convener's consent, requester unnamed.
    assert!(f.leave.iter().any(|l| l.grantor.as_deref() == Some("区长")
        && l.requester.as_deref() == Some("副区长、区政府其他领导、区政府办公室主任")));
    // Art. 51: 确需请假的，需经会议召集人同意 names nobody; the sentence before binds the attendees.
    let convener = f
        .leave
        .iter()
        .find(|l| l.grantor.as_deref() == Some("会议召集人"))
        .unwrap();
    assert_eq!(
        convener.requester.as_deref(),
        Some("区政府领导同志和有关部门主要负责人")
    );
    assert_eq!(
        convener.evidence.note.as_deref(),
        Some("requester taken from the previous sentence")
    );
    assert_article(&parsed, convener.evidence.article, 51);

    // Invited guests of the executive meeting (特邀…出席) are listed with those who attend (列席).
    assert_eq!(exec.attendees[0], "特邀区人大、区政协分管领导出席");

    // Art. 58: other documents in the government's name, by the leaders each for their field; when
    // another leader's field is touched, by the head or the executive vice head.
    let other = signing_rule(&f, "区政府领导", "签发");
    assert_eq!(
        other.document_kind.as_deref(),
        Some("以区政府名义制发的其他公文")
    );
    let touching = signing_rule(&f, "区长、负责常务工作的副区长", "签发");
    assert_eq!(
        (
            touching.document_kind.as_deref(),
            touching.condition.as_deref()
        ),
        (
            Some("以区政府名义制发的其他公文"),
            Some("涉及其他区政府领导分管工作的")
        )
    );
    // Art. 54: requests touching other departments are co-signed by their heads; the condition is not part
    // of the kind of document, and the dissent clause inherits the kind.
    let cosign: Vec<_> = f.signing.iter().filter(|r| r.act == "会签").collect();
    assert_eq!(cosign.len(), 2, "{cosign:#?}");
    for r in &cosign {
        assert_eq!(r.signer, "相关部门主要负责人");
        assert_eq!(
            r.document_kind.as_deref(),
            Some("各街道办事处、区政府各部门报送区政府的请示性公文")
        );
        assert_article(&parsed, r.evidence.article, 54);
    }
    assert_eq!(cosign[0].condition.as_deref(), Some("凡涉及其他部门职权的"));
    assert_eq!(
        cosign[1].condition.as_deref(),
        Some("协商后仍不能取得一致意见的")
    );
    assert_eq!(d.subject.as_deref(), Some("部门之间征求意见或会签文件时"));
}

/// The signing rule with this signer and act.
fn signing_rule<'a>(f: &'a DocFacts, signer: &str, act: &str) -> &'a facts::SigningRule {
    f.signing
        .iter()
        .find(|r| r.signer == signer && r.act == act)
        .unwrap_or_else(|| panic!("{}: {signer} {act}: {:#?}", f.id, f.signing))
}

#[test]
fn qianjin_meets_monthly() {
    let (f, parsed) = facts_of("jiamusi-qianjin-2021");
    assert_spans(&f, &parsed);
    let exec = meeting(&f, "常务会议");
    assert_eq!(
        (exec.per_year, exec.qualifier.as_deref()),
        (Some(12.0), Some("原则上"))
    );
    assert_eq!(exec.deputy_chair.as_deref(), Some("常务副区长"));
    assert_article(&parsed, exec.article, 49);
    let weekly = meeting(&f, "区长工作例会");
    assert_eq!(
        (weekly.per_year, weekly.kind.as_str()),
        (Some(12.0), "regular_work")
    );
    assert_eq!(
        weekly.composition.as_deref(),
        Some("副区长、区政府党组其他成员等")
    );
    assert_eq!(
        meeting(&f, "全体会议").composition.as_deref(),
        Some("区政府组成人员")
    );
    // Coordination meetings are listed and assigned to the organising department; nobody is named to chair.
    let coord = meeting(&f, "协调会议");
    assert_eq!(coord.chair, None);
    assert!(coord.note.as_deref().unwrap().contains("chair not named"));

    // The department-wide meeting cap: at most once a year, in principle.
    let cap = f
        .cadences
        .iter()
        .find(|c| c.text == "原则上每年不超过１次")
        .unwrap();
    assert_eq!(
        (cap.per_year, cap.qualifier.as_deref()),
        (Some(1.0), Some("原则上不超过"))
    );
    assert_eq!(cap.subject.as_deref(), Some("部门召开的全区性会议"));

    let d = f
        .deadlines
        .iter()
        .find(|d| d.text == "会后3日内印发")
        .unwrap();
    assert_eq!(
        (d.number, d.unit, d.subject.as_deref()),
        (3, TimeUnit::CalendarDay, Some("会议纪要"))
    );
    assert_article(&parsed, d.evidence.article, 55);

    let routine = f
        .signing
        .iter()
        .find(|r| r.document_kind.as_deref() == Some("其他日常操作性公文") && r.condition.is_none())
        .unwrap();
    assert_eq!(
        (routine.act.as_str(), routine.signer.as_str()),
        ("签发", "分管副区长")
    );
    assert!(f
        .signing
        .iter()
        .any(|r| r.act == "审批签发" && r.signer == "区政府办公室主任"));
    assert!(f
        .signing
        .iter()
        .any(|r| r.act == "批印" && r.signer == "区长"));

    // Art. 61: the head signs decisions, orders, and what goes to the district committee, the congress and
    // the city. Art. 62: important documents in the government's name are reviewed by the vice head in charge,
    // then signed by the head; routine ones the vice head signs, the head if necessary.
    let head = signing_rule(&f, "区长", "签发");
    assert!(head
        .document_kind
        .as_deref()
        .unwrap()
        .starts_with("区政府发布的决定、命令等重要文件"));
    assert_article(&parsed, head.evidence.article, 61);
    let review = signing_rule(&f, "分管副区长", "审核");
    assert!(review
        .document_kind
        .as_deref()
        .unwrap()
        .ends_with("等重要公文"));
    let important = f
        .signing
        .iter()
        .filter(|r| r.act == "审签" && r.signer == "区长")
        .collect::<Vec<_>>();
    assert_eq!(important.len(), 2, "{important:#?}");
    assert_eq!(important[0].condition, None);
    assert_eq!(
        (
            important[1].document_kind.as_deref(),
            important[1].condition.as_deref()
        ),
        (Some("其他日常操作性公文"), Some("如有必要"))
    );
    // Art. 59: co-signing when departments still disagree, on the requests the article opens with.
    let cosign = signing_rule(&f, "相关部门负责同志", "会签");
    assert_eq!(
        (cosign.document_kind.as_deref(), cosign.condition.as_deref()),
        (
            Some("各部门报送区政府的请示性公文"),
            Some("协商后仍不能取得一致意见的")
        )
    );
    assert_eq!(f.deadlines.len(), 1, "{:#?}", f.deadlines);
    assert_eq!(d.action.as_deref(), Some("印发"));

    let away = f
        .leave
        .iter()
        .find(|l| l.requester.as_deref() == Some("区长"))
        .unwrap();
    assert_eq!(away.grantor, None);
    assert_eq!(away.act.as_deref(), Some("按佳木斯市政府有关规定进行报告"));
}

#[test]
fn gongshu_meets_as_needed_and_briefs_every_half_month() {
    let (f, parsed) = facts_of("hangzhou-gongshu-2021");
    assert_spans(&f, &parsed);
    let exec = meeting(&f, "常务会议");
    assert_eq!(exec.per_year, None);
    assert_eq!(exec.cadence_kind, Some(CadenceKind::Irregular));
    assert_eq!(exec.cadence_text.as_deref(), Some("根据需要不定期召开"));
    assert!(exec.attendees.len() >= 3, "{:?}", exec.attendees);
    assert_article(&parsed, exec.article, 36);
    let brief = meeting(&f, "区长碰头会");
    assert_eq!(
        (brief.per_year, brief.qualifier.as_deref()),
        (Some(24.0), Some("原则上"))
    );
    assert_eq!(brief.kind, "briefing");
    assert_eq!(brief.attendees, ["区政府办公室主任、副主任列席"]);
    let plenary = meeting(&f, "全体会议");
    assert_eq!(
        (plenary.per_year, plenary.qualifier.as_deref()),
        (Some(2.0), Some("一般"))
    );
    let study = meeting(&f, "学习会");
    assert_eq!(study.cadence_kind, Some(CadenceKind::Periodic));
    assert_eq!(study.per_year, None);
    let thematic = meeting(&f, "专题会议");
    assert_eq!(
        thematic.chair.as_deref(),
        Some("区长、副区长、区政府党组成员")
    );
    assert_eq!(
        thematic.deputy_chair.as_deref(),
        Some("区政府办公室主任、副主任")
    );

    let signs = |signer: &str, act: &str| {
        f.signing
            .iter()
            .find(|r| r.signer == signer && r.act == act)
            .unwrap_or_else(|| panic!("{signer} {act}: {:#?}", f.signing))
    };
    assert!(signs("区长", "签署")
        .document_kind
        .as_deref()
        .unwrap()
        .ends_with("区政府发布的决定、命令、行政措施，向区人大及其常委会提出的议案、人事任免"));
    assert!(signs("区长或主持工作的副区长", "签发")
        .document_kind
        .as_deref()
        .unwrap()
        .ends_with("以区政府名义制发的上行文"));
    assert_eq!(
        signs("区长或区长授权的区政府分管领导", "签发")
            .document_kind
            .as_deref(),
        Some("以区政府名义制发的下行文或平行文")
    );
    assert_eq!(
        signs("区政府办公室主任", "审签").condition.as_deref(),
        Some("特殊情况下")
    );

    let requests = signs("单位主要负责人", "签发");
    assert_eq!(
        requests.document_kind.as_deref(),
        Some("报送区政府的请示性公文")
    );
    assert_article(&parsed, requests.evidence.article, 44);

    let cosign = signs("主办单位主要负责人与相关单位负责人", "会签");
    assert_eq!(
        (cosign.document_kind.as_deref(), cosign.condition.as_deref()),
        (Some("报送区政府的请示性公文"), Some("涉及其他单位职权的"))
    );
    let office = signs("区长或区政府分管领导", "签发");
    assert!(office
        .document_kind
        .as_deref()
        .unwrap()
        .starts_with("以区政府办公室名义发文"));
    assert_eq!(f.signing.len(), 7, "{:#?}", f.signing);

    // Cadences of bodies other than meetings say what happens: 每年安排时间接访.
    let visits = f
        .cadences
        .iter()
        .find(|c| c.evidence.article == Some(32) || c.evidence.sentence.contains("接访"))
        .unwrap();
    assert_eq!(
        (visits.per_year, visits.subject.as_deref()),
        (Some(1.0), Some("安排时间接访"))
    );

    let via_office = f.leave.iter().find(|l| l.via.is_some()).unwrap();
    assert_eq!(via_office.via.as_deref(), Some("区政府办公室"));
    assert_eq!(via_office.grantor.as_deref(), Some("区政府办公室主任"));
    assert_eq!(via_office.requester.as_deref(), Some("区政府各部门负责人"));
    assert!(f.deadlines.is_empty(), "{:#?}", f.deadlines);
}

#[test]
fn quzhou_meets_every_half_month() {
    let (f, parsed) = facts_of("quzhou-2022");
    assert_spans(&f, &parsed);
    let types: Vec<&str> = f.meetings.iter().map(|m| m.meeting_type.as_str()).collect();
    assert_eq!(
        types,
        ["全体会议", "常务会议", "市长办公会议", "专题会议", "学习会"]
    );
    for t in ["常务会议", "市长办公会议"] {
        let m = meeting(&f, t);
        assert_eq!(
            (m.per_year, m.qualifier.as_deref()),
            (Some(24.0), Some("一般")),
            "{t}"
        );
        assert!(
            m.note.as_deref().unwrap().contains("如有需要可临时召开"),
            "{t}"
        );
        assert_eq!(m.composition.as_deref(), Some("市长、副市长、秘书长"));
    }
    assert_eq!(meeting(&f, "全体会议").per_year, Some(2.0));
    assert_eq!(
        meeting(&f, "专题会议").deputy_chair.as_deref(),
        Some("副秘书长、办公室副主任")
    );
    assert_eq!(meeting(&f, "学习会").chair.as_deref(), Some("市长或副市长"));

    let rule = f.signing.iter().find(|r| r.act == "签署").unwrap();
    assert_eq!(rule.signer, "市长");
    assert!(rule
        .document_kind
        .as_deref()
        .unwrap()
        .ends_with("市政府发布的规章和向市人大及其常委会提出的议案"));
    assert_article(&parsed, rule.evidence.article, 52);
    assert!(f
        .signing
        .iter()
        .any(|r| r.signer == "秘书长"
            && r.document_kind.as_deref() == Some("以市政府办公室名义发文")));
    let multi = f.signing.iter().find(|r| r.signer == "相关副市长").unwrap();
    assert_eq!(
        multi.condition.as_deref(),
        Some("内容涉及多个副市长分管工作的")
    );

    let d = &f.deadlines[0];
    assert_eq!(
        (d.number, d.unit, d.anchor.as_deref()),
        (7, TimeUnit::WorkingDay, Some("会议结束后"))
    );
    assert_eq!(d.qualifier.as_deref(), Some("原则上"));
    assert_eq!(f.deadlines.len(), 1, "{:#?}", f.deadlines);
    assert_eq!(
        (d.action.as_deref(), d.subject.as_deref()),
        (
            Some("印发"),
            Some("市政府全体会议和市政府常务会议讨论通过决定印发的文件")
        )
    );
    assert_article(&parsed, d.evidence.article, 47);

    // Art. 53: documents in the government's name: reviewed by the leader in charge, signed by the mayor;
    // documents in the office's name: the secretary-general, or if necessary the leader in charge or the mayor.
    let by_mayor: Vec<_> = f
        .signing
        .iter()
        .filter(|r| r.act == "签发" && r.signer == "市长")
        .map(|r| (r.document_kind.as_deref(), r.condition.as_deref()))
        .collect();
    assert_eq!(
        by_mayor,
        [
            (
                Some("市政府全体会议和市政府常务会议、市长办公会议的纪要"),
                None
            ),
            (Some("以市政府名义发文"), None),
            (
                Some("以市政府名义发文"),
                Some("内容涉及多个副市长分管工作的")
            ),
            (Some("以市政府办公室名义发文"), Some("如有必要")),
        ]
    );
    assert_eq!(
        signing_rule(&f, "分管副市长或市长", "签发")
            .document_kind
            .as_deref(),
        Some("市政府专题会议纪要")
    );
    let cosign = f.signing.iter().find(|r| r.act == "会签").unwrap();
    assert_eq!(
        (cosign.document_kind.as_deref(), cosign.condition.as_deref()),
        (Some("报送市政府的请示性公文"), Some("凡涉及其他部门职权的"))
    );
    // The study meeting's 定期 stands in a sentence without a subject: the article's meeting.
    let study = f
        .cadences
        .iter()
        .find(|c| c.evidence.sentence.starts_with("一般采取报告会"))
        .unwrap();
    assert_eq!(
        (study.kind, study.subject.as_deref()),
        (CadenceKind::Periodic, Some("市政府学习会"))
    );

    let secretary = f
        .leave
        .iter()
        .find(|l| l.grantor.as_deref() == Some("市政府秘书长"))
        .unwrap();
    assert_eq!(secretary.via.as_deref(), Some("市政府办公室"));
}

#[test]
fn shangcheng_stops_before_its_meeting_chapter() {
    let (f, parsed) = facts_of("hangzhou-shangcheng-2017");
    assert_spans(&f, &parsed);
    // The capture ends in chapter 7: no meeting system, no signing rules; never a guess.
    assert!(f.meetings.is_empty(), "{:#?}", f.meetings);
    assert!(f.signing.is_empty(), "{:#?}", f.signing);
    let d = &f.deadlines[0];
    assert_eq!((d.number, d.unit), (5, TimeUnit::CalendarDay));
    assert_eq!(d.anchor.as_deref(), Some("发布之日起"));
    assert_eq!(d.action.as_deref(), Some("由制定机关报送区法制办备案"));
}

/// One row of tests/fixtures/law_sentences.tsv.
struct Expected {
    file: String,
    sentence: String,
    phrase: String,
    kind: String,
    per_year: Option<f64>,
    per_year_max: Option<f64>,
    qualifier: Option<String>,
}

fn fixture() -> Vec<Expected> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/law_sentences.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            assert_eq!(c.len(), 7, "{l}");
            let num = |s: &str| (!s.is_empty()).then(|| s.parse::<f64>().expect("number"));
            Expected {
                file: c[0].into(),
                sentence: c[1].into(),
                phrase: c[2].into(),
                kind: c[3].into(),
                per_year: num(c[4]),
                per_year_max: num(c[5]),
                qualifier: (!c[6].is_empty()).then(|| c[6].to_string()),
            }
        })
        .collect()
}

/// (phrase, kind, per_year, per_year_max, qualifier).
type Brief<'a> = (&'a str, String, Option<f64>, Option<f64>, Option<&'a str>);

#[test]
fn law_sentences_normalise_as_read() {
    let rows = fixture();
    let mut sentences: Vec<&str> = rows.iter().map(|r| r.sentence.as_str()).collect();
    sentences.dedup();
    assert!(sentences.len() >= 30, "{} sentences", sentences.len());
    for s in sentences {
        let want: Vec<&Expected> = rows
            .iter()
            .filter(|r| r.sentence == s && r.phrase != "-")
            .collect();
        let got = cadence::find(s);
        let got_brief: Vec<Brief> = got
            .iter()
            .map(|p| {
                let kind = serde_json::to_value(p.kind)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string();
                (
                    p.text.as_str(),
                    kind,
                    p.per_year,
                    p.per_year_max,
                    p.qualifier.as_deref(),
                )
            })
            .collect();
        let want_brief: Vec<Brief> = want
            .iter()
            .map(|r| {
                (
                    r.phrase.as_str(),
                    r.kind.clone(),
                    r.per_year,
                    r.per_year_max,
                    r.qualifier.as_deref(),
                )
            })
            .collect();
        assert_eq!(got_brief, want_brief, "{s}");
    }
}

#[test]
fn fixture_sentences_come_from_the_laws() {
    let Some(laws) = laws() else {
        return skip(
            "fixture_sentences_come_from_the_laws",
            "../shared/corpora/laws not found",
        );
    };
    let loaded = govrules::corpus::load_paths(&[laws]);
    for r in fixture() {
        let found = loaded.documents.iter().any(|d| {
            d.path
                .file_name()
                .is_some_and(|n| n.to_string_lossy() == r.file)
                && d.text.contains(&r.sentence)
        });
        assert!(found, "{} not in {}", r.sentence, r.file);
    }
}

#[test]
fn laws_corpus_never_panics_and_rates_are_plausible() {
    let Some(laws) = laws() else {
        return skip(
            "laws_corpus_never_panics_and_rates_are_plausible",
            "../shared/corpora/laws not found",
        );
    };
    let loaded = govrules::corpus::load_paths(&[laws]);
    assert!(loaded.documents.len() > 1000);
    let mut by_kind = std::collections::BTreeMap::<String, usize>::new();
    let mut by_qualifier = std::collections::BTreeMap::<String, usize>::new();
    let (mut every_year, mut facts_total) = (0, 0);
    for doc in &loaded.documents {
        for p in cadence::find(&doc.text) {
            assert_eq!(&doc.text[p.bytes.clone()], p.text);
            *by_kind.entry(format!("{:?}", p.kind)).or_default() += 1;
            *by_qualifier
                .entry(p.qualifier.clone().unwrap_or_else(|| "-".into()))
                .or_default() += 1;
            if p.kind != CadenceKind::Regular {
                assert_eq!(p.per_year, None, "{}: {}", doc.id, p.text);
                continue;
            }
            let rate = p.per_year.expect("a regular phrase has a rate");
            assert!(
                rate > 0.0 && rate <= 3650.0,
                "{}: {} → {rate}",
                doc.id,
                p.text
            );
            if let Some(max) = p.per_year_max {
                assert!(max > rate, "{}: {}", doc.id, p.text);
            }
            // 每年 alone is once a year; 每年N次 is N times, and no law meets more than weekly by the year.
            if p.text.contains("每年") && !p.text.contains("每年度") {
                every_year += 1;
                assert!(
                    (1.0..=52.0).contains(&rate),
                    "{}: {} → {rate}",
                    doc.id,
                    p.text
                );
                if !p.text.contains('次') {
                    assert_eq!(rate, 1.0, "{}: {}", doc.id, p.text);
                }
            }
        }
        let parsed = govrules::structure::parse(doc);
        let f = facts::extract(&parsed);
        facts_total += f.meetings.len()
            + f.cadences.len()
            + f.signing.len()
            + f.deadlines.len()
            + f.leave.len();
    }
    println!(
        "laws: {} documents, {every_year} 每年 phrases, by kind {by_kind:?}, by qualifier {by_qualifier:?}, {facts_total} facts",
        loaded.documents.len()
    );
    // 326 occurrences of 每年 in the corpus; dates and quantities (每年每平方米三元) are not frequencies.
    assert!(every_year > 250, "{every_year}");
}

#[test]
fn compare_writes_every_topic_with_spans_into_the_text() {
    let json = run_json(&[
        "compare",
        corpus_file("pingdingshan-weidong-2022").to_str().unwrap(),
    ]);
    assert_eq!(json["schema_version"], govrules::SCHEMA_VERSION);
    let doc = &json["documents"][0];
    assert_eq!(doc["id"], "pingdingshan-weidong-2022");
    for topic in ["meetings", "cadences", "signing", "deadlines", "leave"] {
        assert!(!doc[topic].as_array().unwrap().is_empty(), "{topic}");
    }
    let text = std::fs::read_to_string(corpus_file("pingdingshan-weidong-2022")).unwrap();
    let exec = doc["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["type"] == "常务会议")
        .unwrap();
    assert_eq!(exec["per_year"], 26);
    assert_eq!(slice(&text, &exec["cadence_span"]), "原则上每两周召开1次");
    for c in doc["cadences"].as_array().unwrap() {
        assert_eq!(slice(&text, &c["span"]), c["text"].as_str().unwrap());
    }
}

#[test]
fn compare_topic_keeps_only_its_lists() {
    let path = corpus_file("quzhou-2022");
    let json = run_json(&["compare", "--topic", "deadlines", path.to_str().unwrap()]);
    let doc = json["documents"][0].as_object().unwrap();
    let keys: Vec<&str> = doc.keys().map(String::as_str).collect();
    assert_eq!(keys, ["deadlines", "id"]);
    let json = run_json(&["compare", "--topic", "meetings", path.to_str().unwrap()]);
    let doc = json["documents"][0].as_object().unwrap();
    assert!(
        doc.contains_key("meetings")
            && doc.contains_key("cadences")
            && !doc.contains_key("signing")
    );
}

#[test]
fn compare_table_is_flat_and_covers_every_document() {
    let rows = run_json(&["compare", "--table"]);
    let rows = rows.as_array().unwrap();
    let mut docs: Vec<&str> = rows
        .iter()
        .map(|r| r["document"].as_str().unwrap())
        .collect();
    docs.dedup();
    assert_eq!(docs.len(), 5, "{docs:?}");
    for r in rows {
        for (k, v) in r.as_object().unwrap() {
            assert!(!v.is_array() && !v.is_object(), "{k}: {v}");
        }
        assert!(r["span_start"].is_u64() && r["span_end"].is_u64());
    }
    let topics: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r["topic"].as_str().unwrap()).collect();
    assert_eq!(
        topics.into_iter().collect::<Vec<_>>(),
        ["cadences", "deadlines", "leave", "meetings", "signing"]
    );
}

#[test]
fn compare_is_deterministic_across_thread_counts() {
    let one = govrules().args(["compare", "-j", "1"]).output().unwrap();
    let four = govrules().args(["compare", "-j", "4"]).output().unwrap();
    assert!(one.status.success());
    assert_eq!(one.stdout, four.stdout);
}

#[test]
fn compare_names_a_bad_file_and_still_reports_the_others() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), b"").unwrap();
    std::fs::write(
        dir.path().join("rules.txt"),
        "第一条 区政府常务会议由区长召集和主持，每月召开一次。\n第二条 会议纪要应于会后3日内印发。\n",
    )
    .unwrap();
    let mut binary = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    binary.extend((0u8..=255).cycle().take(4096));
    std::fs::write(dir.path().join("image.txt"), binary).unwrap();
    let out = govrules()
        .arg("compare")
        .arg(dir.path())
        .arg(dir.path().join("missing.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for bad in ["empty.txt", "image.txt", "missing.txt"] {
        assert!(stderr.contains(bad), "{bad} not named: {stderr}");
    }
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let doc = &json["documents"][0];
    assert_eq!(doc["id"], "rules");
    assert_eq!(doc["meetings"][0]["per_year"], 12);
    assert_eq!(doc["deadlines"][0]["number"], 3);
    assert_eq!(doc["leave"], serde_json::json!([]));
    assert_eq!(json["documents"].as_array().unwrap().len(), 1);
    // The table form of the same run names the same document and exits the same way.
    let out = govrules()
        .args(["compare", "--table", "--topic", "meetings"])
        .arg(dir.path())
        .arg(dir.path().join("missing.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(rows
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["document"] == "rules"));
}
