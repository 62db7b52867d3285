//! The engine every benchmark starts from: a fresh store in `dir`, outreach staff speaking
//! `languages`, all of them on duty, the system clock.

use std::path::Path;
use std::sync::Arc;

use bridge::engine::{Engine, Event, StaffRoom};
use bridge::i18n::Catalog;
use bridge::roster::{Roster, fixture};
use bridge::{MasterKey, Store};

pub fn engine_on_duty(dir: &Path, staff: &[String], languages: &[&str]) -> Engine {
    let store = Store::open(dir, &MasterKey::generate().unwrap()).unwrap();
    let engine = Engine::builder(store, Arc::new(Catalog::embedded().unwrap()))
        .roster(Roster::new(fixture::outreach(staff, languages)).unwrap())
        .build()
        .unwrap();
    let on_duty: Vec<Event> = staff
        .iter()
        .map(|id| Event::StaffText {
            from: fixture::matrix_user(id),
            room: StaffRoom::Duty,
            text: "!duty on".into(),
            attachment: None,
            dedupe: None,
        })
        .collect();
    engine.handle_batch(&on_duty).unwrap();
    engine
}
