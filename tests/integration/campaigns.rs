//! Campaign links through the fake Bot API: Telegram's deep link `t.me/<bot>?start=<code>` reaches
//! the bot as `/start <code>`. A known code greets in its campaign's language and is counted once;
//! an unknown or malformed one greets as usual and counts nothing.

use bridge::engine::Campaign;
use hopenow_tests::fake_telegram::FakeUser;
use hopenow_tests::telegram_bridge::{Bridge, wait_until};

use crate::telegram::{LIMIT, button_data, catalog, sent_to};

fn counted(bridge: &Bridge) -> Vec<(String, u32)> {
    let weeks = bridge.engine.store().week_stats(0, u32::MAX).unwrap();
    weeks.iter().flat_map(|(_, w)| w.campaign_counts()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_deep_link_start_greets_in_the_campaigns_language_and_counts_once() {
    let salon = Campaign { code: "salon-istedgade".into(), language: Some("th".into()) };
    let bridge = Bridge::start_with_campaigns(vec![salon]).await;
    let catalog = catalog();
    // Telegram guesses English from the phone; the card was Thai.
    let visitor = FakeUser::new(7101, "Nok", None, Some("en"));
    bridge.fake.push_text(&visitor, "/start salon-istedgade");
    wait_until("the greeting", LIMIT, || !sent_to(&bridge, &visitor).is_empty()).await;
    let greeting = &sent_to(&bridge, &visitor)[0];
    assert_eq!(greeting.text.as_deref(), Some(catalog.render("th", "greeting", &[]).as_str()));
    assert_eq!(button_data(greeting)[0], "lang:th", "the campaign's language first");
    wait_until("counted", LIMIT, || counted(&bridge) == vec![("salon-istedgade".to_owned(), 1)]).await;

    // The same link again is no new arrival; an unknown and a malformed code greet as usual.
    bridge.fake.push_text(&visitor, "/start salon-istedgade");
    let stranger = FakeUser::new(7102, "Ann", None, Some("en"));
    bridge.fake.push_text(&stranger, "/start somebody-elses-card");
    let odd = FakeUser::new(7103, "Bo", None, Some("en"));
    bridge.fake.push_text(&odd, "/start <b>hi</b>");
    wait_until("both greeted", LIMIT, || !sent_to(&bridge, &stranger).is_empty() && !sent_to(&bridge, &odd).is_empty())
        .await;
    for user in [&stranger, &odd] {
        assert_eq!(sent_to(&bridge, user)[0].text.as_deref(), Some(catalog.render("en", "greeting", &[]).as_str()));
    }
    wait_until("the second greeting", LIMIT, || sent_to(&bridge, &visitor).len() >= 2).await;
    assert_eq!(counted(&bridge), vec![("salon-istedgade".to_owned(), 1)], "counted once, unknown codes never");
}
