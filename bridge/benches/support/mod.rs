//! The engine every benchmark starts from: a fresh store in `dir`, outreach staff speaking
//! `languages`, all of them on duty, the system clock.

use std::path::Path;
use std::sync::Arc;

use bridge::engine::{Engine, Event, RoutingSettings, StaffRoom};
use bridge::i18n::Catalog;
use bridge::roster::{Role, Roster, StaffId, StaffMember};
use bridge::shifts::Shifts;
use bridge::{MasterKey, Store, SystemClock};

pub fn engine_on_duty(dir: &Path, staff: &[String], languages: &[&str]) -> Engine {
    let members: Vec<StaffMember> = staff
        .iter()
        .map(|id| StaffMember {
            id: StaffId::new(id.as_str()),
            alias: format!("{id}, HopeNow"),
            matrix_user: format!("@{id}:bench.test"),
            languages: languages.iter().map(|l| (*l).to_owned()).collect(),
            roles: vec![Role::Outreach],
            staff_language: "en".into(),
        })
        .collect();
    let store = Store::open(dir, &MasterKey::generate().unwrap()).unwrap();
    let engine = Engine::new(
        store,
        Arc::new(Catalog::embedded().unwrap()),
        Roster::new(members).unwrap(),
        Shifts::none(),
        RoutingSettings::default(),
        Arc::new(SystemClock),
    )
    .unwrap();
    let on_duty: Vec<Event> = staff
        .iter()
        .map(|id| Event::StaffText {
            from: format!("@{id}:bench.test"),
            room: StaffRoom::Duty,
            text: "!duty on".into(),
            attachment: None,
            dedupe: None,
        })
        .collect();
    engine.handle_batch(&on_duty).unwrap();
    engine
}
