//! The staff of tests and benchmarks, written once: bridge's unit tests, its benchmarks and the
//! end-to-end tests all build their team here, so what a staff member is changes in one place.
//!
//! Only in bridge's own tests and behind the `test-team` feature (bridge's benchmarks and the
//! `hopenow-tests` crate turn it on): a production build has no made-up staff.

use super::{Role, StaffId, StaffMember};

/// The server of the fixture's Matrix accounts, the test Synapse's name too.
pub const SERVER: &str = "hopenow.test";

/// The Matrix account of fixture staffer `id`, e.g. `@grace:hopenow.test`.
pub fn matrix_user(id: &str) -> String {
    format!("@{id}:{SERVER}")
}

/// Staffer `id`: visitors see "grace, HopeNow"; notices in English.
pub fn member(id: &str, languages: &[&str], roles: &[Role]) -> StaffMember {
    StaffMember {
        id: StaffId::new(id),
        alias: format!("{id}, HopeNow"),
        matrix_user: matrix_user(id),
        languages: languages.iter().map(|l| (*l).to_owned()).collect(),
        roles: roles.to_vec(),
        staff_language: "en".into(),
    }
}

/// The usual team: Grace (en, pcm), Ana (ro, en), Som (th, en) in outreach, Ife (en, pcm) the
/// peer worker, Maja (da, en) the coordinator.
pub fn team() -> Vec<StaffMember> {
    vec![
        member("grace", &["en", "pcm"], &[Role::Outreach]),
        member("ana", &["ro", "en"], &[Role::Outreach]),
        member("som", &["th", "en"], &[Role::Outreach]),
        member("ife", &["en", "pcm"], &[Role::Peer]),
        member("maja", &["da", "en"], &[Role::Coordinator]),
    ]
}

/// The members of [`team`] named in `ids`, in the team's order: for a test whose homeserver
/// has accounts for only some of them.
pub fn team_of(ids: &[&str]) -> Vec<StaffMember> {
    team().into_iter().filter(|m| ids.contains(&m.id.as_str())).collect()
}

/// As many outreach staff as a benchmark wants, all speaking `languages`.
pub fn outreach(ids: &[String], languages: &[&str]) -> Vec<StaffMember> {
    ids.iter().map(|id| member(id, languages, &[Role::Outreach])).collect()
}
