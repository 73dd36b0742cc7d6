//! Tests of the cadence reader: rates, periods, ranges, hedges, and what is not a frequency.

use super::*;

fn one(text: &str) -> CadencePhrase {
    let found = find(text);
    assert_eq!(found.len(), 1, "{text}: {found:?}");
    found.into_iter().next().unwrap()
}

fn rate(text: &str) -> (Option<f64>, Option<f64>, Option<String>) {
    let p = one(text);
    (p.per_year, p.per_year_max, p.qualifier)
}

#[test]
fn units_and_intervals() {
    for (text, per_year) in [
        ("会议每周召开", 52.0),
        ("每半月召开一次", 24.0),
        ("每半个月召开一次", 24.0),
        ("每两周召开1次", 26.0),
        ("每月召开", 12.0),
        ("每个月召开", 12.0),
        ("每两个月举行", 6.0),
        ("每三个月举行", 4.0),
        ("每季度公布", 4.0),
        ("每个季度公布", 4.0),
        ("每半年召开一次", 2.0),
        ("每年举行一次", 1.0),
        ("每两年评估一次", 0.5),
        ("每日报告", 365.0),
    ] {
        assert_eq!(rate(text).0, Some(per_year), "{text}");
    }
}

#[test]
fn counts_per_unit() {
    assert_eq!(rate("每月两次").0, Some(24.0));
    assert_eq!(rate("每年召开3次").0, Some(3.0));
    assert_eq!(rate("每年召开３次").0, Some(3.0));
    assert_eq!(rate("一年两次").0, Some(2.0));
    assert_eq!(rate("乡镇人大会议一般每年举行两次").0, Some(2.0));
}

#[test]
fn ranges() {
    assert_eq!(rate("每年举行一至二次"), (Some(1.0), Some(2.0), None));
    assert_eq!(rate("每月1-2次"), (Some(12.0), Some(24.0), None));
    assert_eq!(rate("每年一两次"), (Some(1.0), Some(2.0), None));
}

#[test]
fn qualifiers() {
    assert_eq!(rate("原则上每两周召开1次").2.as_deref(), Some("原则上"));
    assert_eq!(rate("一般每半年召开一次").2.as_deref(), Some("一般"));
    assert_eq!(rate("至少每季度公布一次").2.as_deref(), Some("至少"));
    assert_eq!(rate("每两个月至少举行一次").2.as_deref(), Some("至少"));
    assert_eq!(rate("每年不少于两次").2.as_deref(), Some("至少"));
    assert_eq!(
        rate("原则上每年不超过１次"),
        (Some(1.0), None, Some("原则上不超过".into()))
    );
}

#[test]
fn irregular_needs_a_meeting_verb() {
    let p = one("根据需要不定期召开");
    assert_eq!((p.kind, p.per_year), (CadenceKind::Irregular, None));
    assert_eq!(p.text, "根据需要不定期召开");
    assert_eq!(one("如有需要可临时召开").text, "如有需要可临时召开");
    assert!(find("根据需要可安排有关部门负责人列席会议").is_empty());
    assert!(find("根据需要通过书面征询").is_empty());
}

#[test]
fn two_phrases_in_one_sentence() {
    let found = find("区政府常务会议原则上每两周召开1次，必要时随时召开。");
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].text, "原则上每两周召开1次");
    assert_eq!(found[0].per_year, Some(26.0));
    assert_eq!(found[1].text, "必要时随时召开");
    assert_eq!(found[1].kind, CadenceKind::Irregular);
}

#[test]
fn periodic_and_not() {
    assert_eq!(one("区政府定期举办学习会").kind, CadenceKind::Periodic);
    assert!(find("定期存款").is_empty());
    assert_eq!(one("不定期推送").kind, CadenceKind::Irregular);
}

#[test]
fn ordinals_and_dates_are_not_counts() {
    assert_eq!(one("每年第一季度举行").text, "每年");
    assert_eq!(one("股东大会应当每年召开一次年会").text, "每年召开一次");
    assert!(find("二〇二一年两次").is_empty());
    assert!(find("每项工作").is_empty());
}

#[test]
fn quantities_per_unit_and_indefinite_terms_are_not_frequencies() {
    assert!(find("其他亲属每人每月30%").is_empty());
    assert!(find("使用费最高为每年每平方米三元").is_empty());
    assert!(find("保证学生每天有1小时体育活动的时间").is_empty());
    assert!(find("但是租赁期限为不定期").is_empty());
    assert!(find("视为不定期租赁").is_empty());
    assert!(find("经营境内一地和境外一地之间的不定期航空运输").is_empty());
    assert_eq!(one("投递邮件每周至少五次").per_year, Some(260.0));
    assert_eq!(
        one("并可以根据实际需要不定期地对企业进行专项检查").kind,
        CadenceKind::Irregular
    );
}

/// Every phrasing the issue lists, with its rate, bound and qualifier, and the exact text reported.
#[test]
fn the_phrasings_of_the_issue() {
    type Row<'a> = (
        &'a str,
        &'a str,
        CadenceKind,
        Option<f64>,
        Option<f64>,
        Option<&'a str>,
    );
    use CadenceKind::*;
    let rows: [Row; 28] = [
        (
            "会议每周召开一次",
            "每周召开一次",
            Regular,
            Some(52.0),
            None,
            None,
        ),
        (
            "会议每半月召开一次",
            "每半月召开一次",
            Regular,
            Some(24.0),
            None,
            None,
        ),
        (
            "会议每两周召开一次",
            "每两周召开一次",
            Regular,
            Some(26.0),
            None,
            None,
        ),
        (
            "会议每2周召开一次",
            "每2周召开一次",
            Regular,
            Some(26.0),
            None,
            None,
        ),
        (
            "会议每月召开一次",
            "每月召开一次",
            Regular,
            Some(12.0),
            None,
            None,
        ),
        (
            "会议每两个月举行一次",
            "每两个月举行一次",
            Regular,
            Some(6.0),
            None,
            None,
        ),
        (
            "会议每三个月举行一次",
            "每三个月举行一次",
            Regular,
            Some(4.0),
            None,
            None,
        ),
        (
            "会议每季度召开一次",
            "每季度召开一次",
            Regular,
            Some(4.0),
            None,
            None,
        ),
        (
            "每个季度至少召开一次工作会议",
            "每个季度至少召开一次",
            Regular,
            Some(4.0),
            None,
            Some("至少"),
        ),
        (
            "会议每半年召开一次",
            "每半年召开一次",
            Regular,
            Some(2.0),
            None,
            None,
        ),
        (
            "会议每年召开一次",
            "每年召开一次",
            Regular,
            Some(1.0),
            None,
            None,
        ),
        (
            "会议每年举行两次",
            "每年举行两次",
            Regular,
            Some(2.0),
            None,
            None,
        ),
        (
            "会议每年举行十二次",
            "每年举行十二次",
            Regular,
            Some(12.0),
            None,
            None,
        ),
        (
            "会议每年召开4次",
            "每年召开4次",
            Regular,
            Some(4.0),
            None,
            None,
        ),
        (
            "会议每年召开１２次",
            "每年召开１２次",
            Regular,
            Some(12.0),
            None,
            None,
        ),
        (
            "至少每月召开一次",
            "至少每月召开一次",
            Regular,
            Some(12.0),
            None,
            Some("至少"),
        ),
        (
            "每季度至少召开一次",
            "每季度至少召开一次",
            Regular,
            Some(4.0),
            None,
            Some("至少"),
        ),
        (
            "每年举行一至二次",
            "每年举行一至二次",
            Regular,
            Some(1.0),
            Some(2.0),
            None,
        ),
        (
            "每年召开2至4次",
            "每年召开2至4次",
            Regular,
            Some(2.0),
            Some(4.0),
            None,
        ),
        ("会议不定期召开", "不定期召开", Irregular, None, None, None),
        (
            "会议根据需要召开",
            "根据需要召开",
            Irregular,
            None,
            None,
            None,
        ),
        (
            "会议必要时随时召开",
            "必要时随时召开",
            Irregular,
            None,
            None,
            None,
        ),
        (
            "会议一般每月召开一次",
            "一般每月召开一次",
            Regular,
            Some(12.0),
            None,
            Some("一般"),
        ),
        (
            "会议原则上每周召开1次",
            "原则上每周召开1次",
            Regular,
            Some(52.0),
            None,
            Some("原则上"),
        ),
        (
            "会议原则上至少每季度召开一次",
            "原则上至少每季度召开一次",
            Regular,
            Some(4.0),
            None,
            Some("原则上至少"),
        ),
        (
            "会议通常每半年召开一次",
            "通常每半年召开一次",
            Regular,
            Some(2.0),
            None,
            Some("一般"),
        ),
        (
            "每年度至少召开两次",
            "每年度至少召开两次",
            Regular,
            Some(2.0),
            None,
            Some("至少"),
        ),
        (
            "全年召开四次",
            "全年召开四次",
            Regular,
            Some(4.0),
            None,
            None,
        ),
    ];
    for (sentence, text, kind, per_year, per_year_max, qualifier) in rows {
        let p = one(sentence);
        assert_eq!(
            (
                p.text.as_str(),
                p.kind,
                p.per_year,
                p.per_year_max,
                p.qualifier.as_deref()
            ),
            (text, kind, per_year, per_year_max, qualifier),
            "{sentence}"
        );
    }
}

/// False positives found in the laws corpus.
#[test]
fn words_that_only_look_like_frequencies() {
    for text in [
        // 定 ends another word: 规定, 法定, 一定, 指定, 固定, 约定, 鉴定; or 定期 names a payment or a date.
        "在规定期限内提出申请",
        "未在法定期限内提出异议",
        "在一定期限内给予扶持",
        "在指定期限内补正",
        "订立无固定期限劳动合同",
        "但公告期间、鉴定期间除外",
        "约定期满",
        "享受定期抚恤金",
        "定期宣告判决的，应当在宣判前",
        "确定期货纠纷案件的管辖",
        // A count within a year is a threshold, not a frequency.
        "一年内曾因走私被给予二次以上行政处罚",
        "一年内抢夺三次以上的",
        // Charges accruing per period, dates and hours.
        "每日按照电费总额的1‰至3‰加收违约金",
        "自欠缴之日起每月加收欠缴社会抚养费的千分之二的滞纳金",
        "每年九月十日为教师节",
        "自公历每年1月1日起至12月31日止为一个会计年度",
        "不得在每日二十二时至次日八时提供服务",
        "证券公司从每年的业务收入中提取交易风险准备金",
    ] {
        assert!(find(text).is_empty(), "{text}: {:?}", find(text));
    }
    // Still frequencies: a regular duty by a yearly date, 定期 after 按照规定, 会议定期.
    assert_eq!(
        one("财政部于每年6月15日前部署编制预算草案").per_year,
        Some(1.0)
    );
    assert_eq!(one("应当按照规定定期报告").kind, CadenceKind::Periodic);
    let p = one("每周安排3次以上课外体育活动");
    assert_eq!(
        (p.text.as_str(), p.per_year, p.qualifier.as_deref()),
        ("每周安排3次以上", Some(156.0), Some("至少"))
    );
    assert_eq!(
        one("落实区政府常务会议定期学法制度").kind,
        CadenceKind::Periodic
    );
}

#[test]
fn byte_ranges_point_at_the_text() {
    let text = "会议由区长主持，原则上每半月召开一次。";
    let p = one(text);
    assert_eq!(&text[p.bytes.clone()], p.text);
}
