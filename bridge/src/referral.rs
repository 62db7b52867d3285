//! Referrals to the peer worker: to a doctor, a shelter, legal aid… and how they are followed up.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::roster::StaffId;
use crate::time::Timestamp;

/// What a referral is for. Stored by variant: never rename or reorder one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReferralKind {
    /// A doctor (one who does not ask for papers, often).
    Doctor,
    /// A hospital.
    Hospital,
    /// A shelter.
    Shelter,
    /// Legal aid.
    Legal,
    /// Asylum counselling.
    Asylum,
    /// The national centre against human trafficking.
    NationalCentre,
    /// Anything else.
    Other,
}

impl ReferralKind {
    pub(crate) const ALL: [ReferralKind; 7] =
        [Self::Doctor, Self::Hospital, Self::Shelter, Self::Legal, Self::Asylum, Self::NationalCentre, Self::Other];

    /// The name commands and the config use (`national-centre`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Doctor => "doctor",
            Self::Hospital => "hospital",
            Self::Shelter => "shelter",
            Self::Legal => "legal",
            Self::Asylum => "asylum",
            Self::NationalCentre => "national-centre",
            Self::Other => "other",
        }
    }
}

impl FromStr for ReferralKind {
    type Err = ();
    fn from_str(text: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|k| k.name().eq_ignore_ascii_case(text)).ok_or(())
    }
}

impl fmt::Display for ReferralKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// open → contacted → done / declined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReferralStatus {
    /// Made; nobody has contacted the partner yet.
    Open,
    /// The partner was contacted.
    Contacted,
    /// The visitor got there.
    Done,
    /// The visitor or the partner said no.
    Declined,
}

impl ReferralStatus {
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Contacted => "contacted",
            Self::Done => "done",
            Self::Declined => "declined",
        }
    }

    pub(crate) const fn is_final(self) -> bool {
        matches!(self, Self::Done | Self::Declined)
    }

    /// Whether the life cycle allows going from `self` to `next`.
    pub(crate) fn can_become(self, next: ReferralStatus) -> bool {
        matches!(
            (self, next),
            (Self::Open, Self::Contacted | Self::Done | Self::Declined)
                | (Self::Contacted, Self::Done | Self::Declined)
        )
    }
}

impl FromStr for ReferralStatus {
    type Err = ();
    fn from_str(text: &str) -> Result<Self, ()> {
        [Self::Open, Self::Contacted, Self::Done, Self::Declined]
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(text))
            .ok_or(())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Referral {
    /// 1, 2, 3… within the conversation.
    pub(crate) number: u32,
    pub(crate) kind: ReferralKind,
    /// The visitor agreed to be referred (and to the peer worker reading the case).
    pub(crate) consent: bool,
    pub(crate) status: ReferralStatus,
    /// "YYYY-MM-DD": the duty room is reminded on that day while the referral is not final.
    pub(crate) follow_up: Option<String>,
    pub(crate) reminded: bool,
    pub(crate) by: StaffId,
    pub(crate) at: Timestamp,
    /// The directory's partner it goes to (`[[partner]]`), if staff named one.
    #[serde(default)]
    pub(crate) partner: Option<crate::partner::PartnerId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_life_cycle_only_moves_forward() {
        use ReferralStatus::*;
        assert!(Open.can_become(Contacted) && Open.can_become(Done) && Contacted.can_become(Declined));
        assert!(!Contacted.can_become(Open) && !Done.can_become(Contacted) && !Declined.can_become(Done));
        assert!(!Open.can_become(Open));
        assert_eq!("national-centre".parse::<ReferralKind>(), Ok(ReferralKind::NationalCentre));
        assert!("police".parse::<ReferralKind>().is_err());
    }
}
