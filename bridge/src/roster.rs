//! The roster: who works for HopeNow, how visitors see them, what they speak, what they do.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::i18n::{DEFAULT_LANGUAGE, STAFF_LANGUAGES};

#[cfg(any(test, feature = "test-team"))]
pub mod fixture;

/// A staff member's id in the roster (e.g. "grace"). Not a Matrix account.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StaffId(pub(crate) String);

impl StaffId {
    /// The id as configured or typed (`!transfer grace`).
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The id as configured.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StaffId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for StaffId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StaffId({})", self.0)
    }
}

/// What a staff member does. Only `outreach` staff are given conversations; `peer` workers are
/// invited for referrals; `coordinator`s may hold and unblock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Answers visitors: routing gives conversations to outreach staff only.
    Outreach,
    /// A peer worker, invited to a conversation for a referral the visitor consented to.
    Peer,
    /// May hold conversations beyond retention and unblock visitors.
    Coordinator,
}

/// One person in the roster, as configured.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffMember {
    /// What commands and logs call the person.
    pub id: StaffId,
    /// What visitors see, e.g. "Grace, HopeNow".
    pub alias: String,
    /// The Matrix account the person uses in Element.
    pub matrix_user: String,
    /// Language tags the person can answer in.
    #[serde(default)]
    pub languages: Vec<String>,
    /// What the person does; at least one.
    pub roles: Vec<Role>,
    /// The language this person reads the bridge's notices and answers in: one of
    /// [`STAFF_LANGUAGES`].
    #[serde(default = "default_staff_language")]
    pub staff_language: String,
}

fn default_staff_language() -> String {
    DEFAULT_LANGUAGE.to_owned()
}

impl StaffMember {
    /// Whether the person has `role`.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub(crate) fn speaks(&self, language: &str) -> bool {
        self.languages.iter().any(|l| l.eq_ignore_ascii_case(language))
    }
}

/// Why a roster cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RosterError {
    /// Two entries share an id (the staff id).
    #[error("[[staff]] id {0:?} appears twice; ids must be unique")]
    DuplicateId(String),
    /// Two entries share a Matrix account (the staff id, the account).
    #[error("[[staff]] {0:?}: matrix_user {1:?} is used by another staff member too")]
    DuplicateMatrixUser(String, String),
    /// An entry's field is unusable (the staff id, what is wrong).
    #[error("[[staff]] {0:?}: {1}")]
    Invalid(String, &'static str),
    /// A staff language with no `staff.ftl`.
    #[error("[[staff]] {id:?}: staff_language = {value:?} has no staff texts; use one of: {}", STAFF_LANGUAGES.join(", "))]
    StaffLanguage {
        /// The staff id.
        id: String,
        /// The language as configured.
        value: String,
    },
}

/// Everyone who may command the bridge.
#[derive(Clone, Debug, Default)]
pub struct Roster {
    staff: Vec<StaffMember>,
}

impl Roster {
    /// Checks the configured staff: ids and Matrix accounts unique, every field usable.
    pub fn new(staff: Vec<StaffMember>) -> Result<Self, RosterError> {
        for (i, member) in staff.iter().enumerate() {
            let id = member.id.as_str();
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                return Err(RosterError::Invalid(
                    id.into(),
                    "id must be letters, digits, - or _ (it is typed in commands)",
                ));
            }
            if member.alias.trim().is_empty() {
                return Err(RosterError::Invalid(id.into(), "alias is empty; it is what visitors see"));
            }
            if !member.matrix_user.starts_with('@') || !member.matrix_user.contains(':') {
                return Err(RosterError::Invalid(id.into(), "matrix_user must look like @name:server"));
            }
            if member.roles.is_empty() {
                return Err(RosterError::Invalid(id.into(), "roles is empty; use outreach, peer and/or coordinator"));
            }
            if !STAFF_LANGUAGES.contains(&member.staff_language.as_str()) {
                return Err(RosterError::StaffLanguage { id: id.into(), value: member.staff_language.clone() });
            }
            if staff[..i].iter().any(|m| m.id == member.id) {
                return Err(RosterError::DuplicateId(id.into()));
            }
            if staff[..i].iter().any(|m| m.matrix_user == member.matrix_user) {
                return Err(RosterError::DuplicateMatrixUser(id.into(), member.matrix_user.clone()));
            }
        }
        Ok(Self { staff })
    }

    /// The staffer with this id, if configured.
    pub fn get(&self, id: &StaffId) -> Option<&StaffMember> {
        self.staff.iter().find(|m| &m.id == id)
    }

    /// The staffer using this Matrix account: how a Matrix sender is known as staff.
    pub fn by_matrix_user(&self, user: &str) -> Option<&StaffMember> {
        self.staff.iter().find(|m| m.matrix_user == user)
    }

    /// Everyone, in configuration order.
    pub fn members(&self) -> &[StaffMember] {
        &self.staff
    }

    pub(crate) fn with_role(&self, role: Role) -> impl Iterator<Item = &StaffMember> {
        self.staff.iter().filter(move |m| m.has_role(role))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, user: &str) -> StaffMember {
        StaffMember { matrix_user: user.into(), ..fixture::member(id, &["en"], &[Role::Outreach]) }
    }

    #[test]
    fn a_valid_roster_is_accepted_and_found_both_ways() {
        let roster = Roster::new(vec![member("grace", "@grace:x"), member("ali", "@ali:x")]).unwrap();
        assert_eq!(roster.by_matrix_user("@ali:x").unwrap().id, StaffId::new("ali"));
        assert!(roster.get(&StaffId::new("nobody")).is_none());
    }

    #[test]
    fn duplicates_and_bad_fields_are_named() {
        let dup = Roster::new(vec![member("grace", "@grace:x"), member("grace", "@g2:x")]).unwrap_err();
        assert_eq!(dup, RosterError::DuplicateId("grace".into()));
        let same_user = Roster::new(vec![member("grace", "@grace:x"), member("ali", "@grace:x")]).unwrap_err();
        assert!(same_user.to_string().contains("@grace:x"));
        let bad_id = Roster::new(vec![member("gr ace", "@grace:x")]).unwrap_err();
        assert!(bad_id.to_string().contains("letters, digits"));
        let bad_user = Roster::new(vec![member("grace", "grace")]).unwrap_err();
        assert!(bad_user.to_string().contains("@name:server"));
        let german = StaffMember { staff_language: "de".into(), ..member("grace", "@grace:x") };
        let bad_language = Roster::new(vec![german]).unwrap_err();
        assert_eq!(bad_language, RosterError::StaffLanguage { id: "grace".into(), value: "de".into() });
        let message = bad_language.to_string();
        assert!(message.contains("\"grace\"") && message.contains("staff_language = \"de\""), "{message}");
        assert!(message.contains("en, da"), "{message}");
        let danish = StaffMember { staff_language: "da".into(), ..member("grace", "@grace:x") };
        assert!(Roster::new(vec![danish]).is_ok());
    }
}
