//! The referral directory: the places HopeNow sends people to (`[[partner]]`), with what each
//! asks for and what it shares, so the peer worker knows where someone can safely go.
//!
//! A partner's own fields (name, address, hours, what to bring) are written by the team and
//! reach the visitor as written; only the labels around them are translated.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::referral::ReferralKind;

/// A partner's id in the directory (e.g. "sundhed-uden-papirer"): typed in commands.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PartnerId(pub(crate) String);

impl PartnerId {
    /// The id as configured or typed.
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PartnerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for PartnerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PartnerId({})", self.0)
    }
}

/// What the team knows of a partner's practice: "unknown" is an answer too, and is treated as a
/// risk where it matters (data shared with the police or immigration).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Known {
    /// Yes.
    Yes,
    /// No.
    No,
    /// The team does not know.
    #[default]
    Unknown,
}

impl Known {
    /// The staff text that says it (`partner-known-yes`…).
    pub(crate) fn staff_text(self) -> &'static str {
        match self {
            Self::Yes => "partner-known-yes",
            Self::No => "partner-known-no",
            Self::Unknown => "partner-known-unknown",
        }
    }

    /// "yes", "no" or "unknown", as the config writes it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Yes => "yes",
            Self::No => "no",
            Self::Unknown => "unknown",
        }
    }
}

/// One place of the directory, as `[[partner]]` describes it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    /// What commands call it (`!refer doctor partner=ID`).
    pub id: PartnerId,
    /// Its name, as the visitor will read it.
    pub name: String,
    /// What it is for: referral kinds, by the names commands use (doctor, national-centre…).
    #[serde(deserialize_with = "kinds_by_name")]
    pub kinds: Vec<ReferralKind>,
    /// Language tags its staff speak.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Where it is, as the visitor will read it.
    pub address: String,
    /// When it is open, as the visitor will read it (e.g. "Mon–Fri 9–15").
    pub opening_hours: String,
    /// Its phone number, if the visitor may call.
    #[serde(default)]
    pub phone: Option<String>,
    /// What to bring, as the visitor will read it.
    #[serde(default)]
    pub bring: Option<String>,
    /// Whether it asks for an ID document.
    #[serde(default)]
    pub asks_for_id: Known,
    /// Whether it asks for a CPR number (the Danish personal number).
    #[serde(default)]
    pub asks_for_cpr: Known,
    /// Whether it shares data with the police.
    #[serde(default)]
    pub shares_with_police: Known,
    /// Whether it shares data with immigration authorities.
    #[serde(default)]
    pub shares_with_immigration: Known,
    /// What it costs, for staff (e.g. "free").
    #[serde(default)]
    pub cost: String,
    /// Anything else staff should know.
    #[serde(default)]
    pub notes: String,
}

/// Referral kinds as `!refer` names them, so the config and the commands agree.
fn kinds_by_name<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<ReferralKind>, D::Error> {
    let names: Vec<String> = Vec::deserialize(deserializer)?;
    names
        .iter()
        .map(|name| {
            name.parse().map_err(|()| {
                let known: Vec<&str> = ReferralKind::ALL.iter().map(|k| k.name()).collect();
                serde::de::Error::custom(format!("{name:?} is not a referral kind; use one of: {}", known.join(", ")))
            })
        })
        .collect()
}

impl Partner {
    /// Whether someone referred here may have their data reach the police or immigration (or
    /// the team does not know): staff are warned before its details are sent.
    pub fn may_share(&self) -> bool {
        self.shares_with_police != Known::No || self.shares_with_immigration != Known::No
    }

    pub(crate) fn speaks(&self, language: &str) -> bool {
        self.languages.iter().any(|l| l.eq_ignore_ascii_case(language))
    }
}

/// Why a directory cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DirectoryError {
    /// Two partners share an id.
    #[error("[[partner]] id {0:?} appears twice; ids must be unique")]
    DuplicateId(String),
    /// A partner's field is unusable (the partner id, the field, what is wrong).
    #[error("[[partner]] {0:?} {1}: {2}")]
    Invalid(String, &'static str, &'static str),
}

/// Every configured partner, in the config's order.
#[derive(Clone, Debug, Default)]
pub struct Directory {
    partners: Vec<Partner>,
}

impl Directory {
    /// Checks the configured partners: ids unique and typeable, every field the visitor reads
    /// filled in, at least one kind, languages the bridge knows.
    pub fn new(partners: Vec<Partner>) -> Result<Self, DirectoryError> {
        for (i, partner) in partners.iter().enumerate() {
            let id = partner.id.as_str();
            let invalid = |field, what| Err(DirectoryError::Invalid(id.into(), field, what));
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                return invalid("id", "must be letters, digits, - or _ (it is typed in commands)");
            }
            if partners[..i].iter().any(|p| p.id == partner.id) {
                return Err(DirectoryError::DuplicateId(id.into()));
            }
            if partner.name.trim().is_empty() {
                return invalid("name", "is empty; it is what the visitor reads");
            }
            if partner.address.trim().is_empty() {
                return invalid("address", "is empty; the visitor needs to find it");
            }
            if partner.opening_hours.trim().is_empty() {
                return invalid("opening_hours", "is empty; write when it is open (e.g. \"Mon–Fri 9–15\")");
            }
            if partner.kinds.is_empty() {
                return invalid("kinds", "is empty; list what it is for (doctor, shelter, legal, …)");
            }
            if partner.languages.iter().any(|l| crate::i18n::language(l).is_none() && l != "en" && l != "da") {
                return invalid("languages", "holds a tag the bridge does not know; use tags like en, th, ro");
            }
        }
        Ok(Self { partners })
    }

    /// The partner with this id.
    pub fn get(&self, id: &str) -> Option<&Partner> {
        self.partners.iter().find(|p| p.id.as_str().eq_ignore_ascii_case(id))
    }

    /// Every partner.
    pub fn partners(&self) -> &[Partner] {
        &self.partners
    }

    /// The partners for `kind`: those speaking `language` first, each group in the config's
    /// order (the team orders the list by preference).
    pub fn matching(&self, kind: ReferralKind, language: Option<&str>) -> Vec<&Partner> {
        let (mut speaking, others): (Vec<&Partner>, Vec<&Partner>) = self
            .partners
            .iter()
            .filter(|p| p.kinds.contains(&kind))
            .partition(|p| language.is_some_and(|l| p.speaks(l)));
        speaking.extend(others);
        speaking
    }
}

#[cfg(test)]
pub(crate) mod fixture {
    use super::*;

    /// Three invented Copenhagen-style partners (the examples of config/example.toml).
    pub fn directory() -> Directory {
        use ReferralKind::*;
        let partner = |id: &str, name: &str, kinds: &[ReferralKind], languages: &[&str]| Partner {
            id: PartnerId::new(id),
            name: name.into(),
            kinds: kinds.to_vec(),
            languages: languages.iter().map(|l| (*l).to_owned()).collect(),
            address: format!("{name}, Example Street 1, 1650 København V"),
            opening_hours: "Mon–Thu 16–19".into(),
            phone: Some("+45 00 00 00 00".into()),
            bring: Some("Nothing: no ID or CPR number needed".into()),
            asks_for_id: Known::No,
            asks_for_cpr: Known::No,
            shares_with_police: Known::No,
            shares_with_immigration: Known::No,
            cost: "free".into(),
            notes: "EXAMPLE".into(),
        };
        let mut shelter = partner("night-shelter", "Night Shelter Example", &[Shelter], &["en", "da"]);
        shelter.shares_with_police = Known::Unknown;
        shelter.asks_for_id = Known::Yes;
        Directory::new(vec![
            partner("clinic-no-papers", "Clinic Without Papers (example)", &[Doctor, Hospital], &["en", "da", "ro", "ar"]),
            shelter,
            partner("legal-aid", "Legal Aid Example", &[Legal, Asylum], &["en", "da", "th"]),
        ])
        .expect("the examples are valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partner(id: &str, kinds: &[ReferralKind], languages: &[&str]) -> Partner {
        Partner {
            id: PartnerId::new(id),
            name: format!("{id} clinic"),
            kinds: kinds.to_vec(),
            languages: languages.iter().map(|l| (*l).to_owned()).collect(),
            address: "Somewhere 1".into(),
            opening_hours: "Mon 9-12".into(),
            phone: None,
            bring: None,
            asks_for_id: Known::No,
            asks_for_cpr: Known::No,
            shares_with_police: Known::No,
            shares_with_immigration: Known::No,
            cost: "free".into(),
            notes: String::new(),
        }
    }

    #[test]
    fn partners_speaking_the_language_come_first_in_config_order() {
        use ReferralKind::*;
        let directory = Directory::new(vec![
            partner("a", &[Doctor], &["en"]),
            partner("b", &[Shelter], &["th"]),
            partner("c", &[Doctor, Hospital], &["th", "en"]),
            partner("d", &[Doctor], &[]),
        ])
        .unwrap();
        let ids = |found: Vec<&Partner>| found.iter().map(|p| p.id.to_string()).collect::<Vec<_>>();
        assert_eq!(ids(directory.matching(Doctor, Some("th"))), ["c", "a", "d"]);
        assert_eq!(ids(directory.matching(Doctor, None)), ["a", "c", "d"]);
        assert_eq!(ids(directory.matching(Legal, Some("th"))), Vec::<String>::new());
        assert_eq!(directory.get("C").map(|p| p.id.as_str()), Some("c"));
    }

    #[test]
    fn unknown_sharing_counts_as_a_risk() {
        let mut clinic = partner("a", &[ReferralKind::Doctor], &[]);
        assert!(!clinic.may_share());
        clinic.shares_with_immigration = Known::Unknown;
        assert!(clinic.may_share());
        clinic.shares_with_immigration = Known::No;
        clinic.shares_with_police = Known::Yes;
        assert!(clinic.may_share());
    }

    #[test]
    fn a_directory_refuses_what_a_visitor_or_a_command_could_not_use() {
        let ok = partner("a", &[ReferralKind::Doctor], &["th"]);
        let refused = |change: fn(&mut Partner)| {
            let mut p = ok.clone();
            change(&mut p);
            Directory::new(vec![p]).unwrap_err()
        };
        assert!(matches!(refused(|p| p.id = PartnerId::new("a b")), DirectoryError::Invalid(_, "id", _)));
        assert!(matches!(refused(|p| p.name = " ".into()), DirectoryError::Invalid(_, "name", _)));
        assert!(matches!(refused(|p| p.address.clear()), DirectoryError::Invalid(_, "address", _)));
        assert!(matches!(refused(|p| p.opening_hours.clear()), DirectoryError::Invalid(_, "opening_hours", _)));
        assert!(matches!(refused(|p| p.kinds.clear()), DirectoryError::Invalid(_, "kinds", _)));
        assert!(matches!(refused(|p| p.languages = vec!["klingon".into()]), DirectoryError::Invalid(_, "languages", _)));
        let twice = Directory::new(vec![ok.clone(), ok]).unwrap_err();
        assert_eq!(twice, DirectoryError::DuplicateId("a".into()));
    }

}
