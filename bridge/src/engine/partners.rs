//! The referral directory in conversations: `!partners` lists where someone can go,
//! `!refer … partner=ID` names the place, and `!send partner ID` gives the visitor its name,
//! address, hours and what to bring, in their language, after warning staff if it may share
//! data with the police or immigration.

use crate::audit::AuditKind;
use crate::conversation::Conversation;
use crate::i18n::Arg;
use crate::partner::{Known, Partner, PartnerId};
use crate::referral::ReferralKind;
use crate::roster::{StaffId, StaffMember};
use crate::store::TxError;
use crate::transcript::{Author, ContentKind, Direction};

use super::StaffRoom;
use super::notices::language_name;
use super::turn::Turn;

impl Turn<'_, '_> {
    /// `!partners KIND [LANG]`: the partners for `kind`, those speaking `language` (in a
    /// conversation room: the conversation's language) first, with what each asks and shares.
    pub(super) fn list_partners(
        &mut self,
        staff: &StaffId,
        room: StaffRoom,
        conversation: Option<&Conversation>,
        kind: ReferralKind,
        language: Option<String>,
    ) -> Result<(), TxError> {
        let language = language.or_else(|| conversation.map(|c| c.language.clone()));
        let mine = self.engine.staffer_language(staff);
        let kind_name = Arg::from(self.engine.referral_kind(mine, kind));
        let found = self.engine.partners.matching(kind, language.as_deref());
        if found.is_empty() {
            return self.reply(staff, room, "command-partners-none", &[("kind", kind_name)]);
        }
        let heading = match &language {
            Some(language) => self.engine.staff_text(
                mine,
                "command-partners",
                &[("kind", kind_name), ("count", Arg::from(found.len())), ("language", Arg::from(language_name(language)))],
            ),
            None => self.engine.staff_text(
                mine,
                "command-partners-any",
                &[("kind", kind_name), ("count", Arg::from(found.len()))],
            ),
        };
        let mut lines = vec![heading];
        lines.extend(found.iter().map(|partner| self.partner_entry(mine, partner)));
        self.post(room, lines.join("\n"))
    }

    fn partner_entry(&self, language: &str, partner: &Partner) -> String {
        let known = |value: Known| Arg::from(self.engine.staff_text(language, value.staff_text(), &[]));
        let or_dash = |value: &str| Arg::from(if value.trim().is_empty() { "—".to_owned() } else { value.to_owned() });
        let languages = if partner.languages.is_empty() { "—".to_owned() } else { partner.languages.join(", ") };
        let args = [
            ("id", Arg::from(partner.id.as_str())),
            ("name", Arg::from(partner.name.as_str())),
            ("languages", Arg::from(languages)),
            ("hours", Arg::from(partner.opening_hours.as_str())),
            ("address", Arg::from(partner.address.as_str())),
            ("phone", or_dash(partner.phone.as_deref().unwrap_or_default())),
            ("asks_id", known(partner.asks_for_id)),
            ("asks_cpr", known(partner.asks_for_cpr)),
            ("police", known(partner.shares_with_police)),
            ("immigration", known(partner.shares_with_immigration)),
            ("cost", or_dash(&partner.cost)),
            ("notes", or_dash(&partner.notes)),
        ];
        self.engine.staff_text(language, "command-partners-entry", &args)
    }

    /// The partner `!refer KIND partner=ID` names, if it is in the directory for `kind`; else
    /// `staff` is told which are (and `None` returned).
    pub(super) fn referral_partner(
        &mut self,
        staff: &StaffId,
        here: StaffRoom,
        kind: ReferralKind,
        typed: &str,
    ) -> Result<Option<PartnerId>, TxError> {
        if let Some(partner) = self.engine.partners.get(typed).filter(|p| p.kinds.contains(&kind)) {
            return Ok(Some(partner.id.clone()));
        }
        let mine = self.engine.staffer_language(staff);
        let ids: Vec<&str> = self.engine.partners.matching(kind, None).iter().map(|p| p.id.as_str()).collect();
        let args = [
            ("partner", Arg::from(typed)),
            ("kind", Arg::from(self.engine.referral_kind(mine, kind))),
            ("partners", Arg::from(if ids.is_empty() { "—".to_owned() } else { ids.join(", ") })),
            ("command", Arg::from(kind.name())),
        ];
        self.reply(staff, here, "command-refer-partner-unknown", &args)?;
        Ok(None)
    }

    /// `!send partner ID [confirm]`: only for a partner the visitor agreed to be referred to,
    /// and, if it may share data with the police or immigration, only once staff confirm.
    pub(super) fn send_partner(
        &mut self,
        member: &StaffMember,
        mut conversation: Conversation,
        typed: &str,
        confirmed: bool,
    ) -> Result<(), TxError> {
        let staff = &member.id;
        let here = StaffRoom::Conversation(conversation.id);
        let Some(partner) = self.engine.partners.get(typed) else {
            return self.reply(staff, here, "command-send-partner-unknown", &[("partner", Arg::from(typed))]);
        };
        let consented = conversation.referrals.iter().any(|r| r.consent && r.partner.as_ref() == Some(&partner.id));
        if !consented {
            return self.reply(staff, here, "command-send-partner-no-consent", &[("partner", Arg::from(partner.id.as_str()))]);
        }
        let visitor = self.visitor_of(&conversation)?;
        if !conversation.is_open() || visitor.blocked {
            return self.reply(staff, here, "command-not-sent-closed-or-blocked", &[]);
        }
        if partner.may_share() && !confirmed {
            let mine = self.engine.staffer_language(staff);
            let known = |value: Known| Arg::from(self.engine.staff_text(mine, value.staff_text(), &[]));
            let args = [
                ("name", Arg::from(partner.name.as_str())),
                ("police", known(partner.shares_with_police)),
                ("immigration", known(partner.shares_with_immigration)),
                ("partner", Arg::from(partner.id.as_str())),
            ];
            return self.reply(staff, here, "command-send-partner-warning", &args);
        }
        let text = self.partner_details(&visitor, &conversation, partner);
        self.record(conversation.id, Direction::ToVisitor, Author::Staff(staff.to_string()), ContentKind::Text, &text)?;
        self.send_staff_words(staff, &visitor, &mut conversation, text, None)?;
        let detail = Some(format!("{}{}", partner.id, if confirmed { ", after the warning" } else { "" }));
        self.audit(AuditKind::PartnerDetailsSent, Some(staff), conversation.visitor, detail)?;
        let args = [
            ("name", Arg::from(partner.name.as_str())),
            ("language", Arg::from(language_name(&conversation.language))),
        ];
        self.reply(staff, here, "command-send-partner-sent", &args)?;
        self.put_conversation(&conversation)
    }

    /// The partner's details for the visitor: the labels in their language, the partner's own
    /// fields as the team wrote them. Never machine translated.
    fn partner_details(&self, visitor: &crate::visitor::Visitor, conversation: &Conversation, partner: &Partner) -> String {
        let language = conversation.language.as_str();
        let line = |id: &str, name: &str, value: &str| {
            self.engine.catalog.render_for(visitor.channel(), language, id, &[(name, Arg::from(value))])
        };
        let mut lines = vec![
            self.engine.catalog.render_for(visitor.channel(), language, "partner-intro", &[]),
            partner.name.clone(),
            line("partner-address", "address", &partner.address),
            line("partner-hours", "hours", &partner.opening_hours),
        ];
        if let Some(phone) = partner.phone.as_deref().filter(|p| !p.trim().is_empty()) {
            lines.push(line("partner-phone", "phone", phone));
        }
        if let Some(bring) = partner.bring.as_deref().filter(|b| !b.trim().is_empty()) {
            lines.push(line("partner-bring", "bring", bring));
        }
        lines.join("\n")
    }
}
