//! Campaign links: a new visitor arriving through `t.me/<bot>?start=<code>` is counted for the
//! campaign's week and greeted in its language; the code is kept nowhere else. The adversary is
//! someone with the disk (or a court order) who wants to know which card brought whom: the
//! visitor's record holds no code, and erasing the visitor leaves only a weekly count.

use super::*;
use crate::engine::Campaign;

fn with_campaigns() -> Fixture {
    let campaigns = vec![
        Campaign { code: "salon-istedgade".into(), language: Some("th".into()) },
        Campaign { code: "clinic".into(), language: None },
    ];
    Fixture::with_settings(team(), Vec::new(), EngineSettings { campaigns, ..EngineSettings::default() })
}

fn start(f: &Fixture, visitor: i64, code: Option<&str>) -> Handled {
    f.command(visitor, VisitorCommand::Start(code.map(str::to_owned)))
}

fn counted(f: &Fixture) -> Vec<(String, u32)> {
    let weeks = f.engine.store().week_stats(0, u32::MAX).unwrap();
    weeks.iter().flat_map(|(_, w)| w.campaigns.iter().map(|(c, n)| (c.clone(), *n))).collect()
}

#[test]
fn a_new_visitor_through_a_campaign_is_counted_once_and_greeted_in_its_language() {
    let f = with_campaigns();
    let catalog = Catalog::embedded().unwrap();
    let greeted = start(&f, 1, Some("salon-istedgade"));
    assert_eq!(prompts(&greeted)[0].0, catalog.render("th", "greeting", &[]), "Thai pre-selected");
    assert_eq!(prompts(&greeted)[0].1[0], "lang:th", "Thai first among the choices");
    assert_eq!(counted(&f), vec![("salon-istedgade".to_owned(), 1)]);
    // The same visitor tapping the link again is not a new arrival.
    start(&f, 1, Some("salon-istedgade"));
    start(&f, 1, Some("clinic"));
    assert_eq!(counted(&f), vec![("salon-istedgade".to_owned(), 1)]);
    start(&f, 2, Some("clinic"));
    start(&f, 3, Some(crate::stats::SHARE_CODE));
    assert_eq!(
        counted(&f),
        vec![("clinic".to_owned(), 1), ("salon-istedgade".to_owned(), 1), ("share".to_owned(), 1)]
    );
}

#[test]
fn an_unknown_code_or_none_greets_as_usual_and_counts_nothing() {
    let f = with_campaigns();
    let catalog = Catalog::embedded().unwrap();
    let unknown = start(&f, 1, Some("someone-elses-card"));
    assert_eq!(prompts(&unknown)[0].0, catalog.render("en", "greeting", &[]));
    let plain = start(&f, 2, None);
    assert_eq!(prompts(&plain)[0].0, catalog.render("en", "greeting", &[]));
    assert!(counted(&f).is_empty());
}

#[test]
fn the_code_is_kept_nowhere_but_the_weekly_count() {
    let f = with_campaigns();
    start(&f, 1, Some("salon-istedgade"));
    f.write(1, "สวัสดีค่ะ");
    let visitor = f.engine.store().visitor(f.visitor_id(1)).unwrap().unwrap();
    assert!(!format!("{visitor:?}").contains("salon"));
    let conversation = f.conversation_of(1);
    assert!(!format!("{conversation:?}").contains("salon"));
    assert!(f.transcript(1).iter().all(|e| !e.text.contains("salon")));
    // Erased, the visitor leaves only the count behind.
    f.command(1, VisitorCommand::ConfirmForget(true));
    assert_eq!(counted(&f), vec![("salon-istedgade".to_owned(), 1)]);
    assert_in_no_file(f.dir.path(), &["salon-istedgade"]);
}
