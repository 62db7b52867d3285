//! Staff commands, parsed from the text a staffer types (`!transfer ali`), whatever the transport.

use crate::i18n::Arg;
use crate::referral::{ReferralKind, ReferralStatus};
use crate::roster::StaffId;
use crate::translation::TranslationMode;

/// Canned replies staff can send by name; each is the Fluent message `canned-<name>`.
pub const CANNED: [&str; 8] = ["greeting", "emergency", "hours", "soon", "safe", "meet", "doctor", "language"];

/// A staff command, as understood. Words taken from staff text are kept as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaffCommand {
    /// `!duty on` / `!duty off`: take new conversations or stop.
    Duty(bool),
    /// `!who`: who is on duty.
    Who,
    /// `!queue`: conversations waiting for someone.
    Queue,
    /// `!help`: the list of commands.
    Help,
    /// `!note TEXT`: a private note in the transcript; never sent to the visitor.
    Note(String),
    /// `!transfer STAFF-ID`: hand the conversation to a colleague.
    Transfer(StaffId),
    /// `!refer KIND [partner=ID] consent=yes|no [follow-up=YYYY-MM-DD]`: a referral to a
    /// service, to one of the directory's partners if named.
    Refer {
        /// The service referred to.
        kind: ReferralKind,
        /// The directory's partner (`[[partner]]` id), as typed.
        partner: Option<String>,
        /// Whether the visitor agreed; with consent the peer worker is invited to the room.
        consent: bool,
        /// "YYYY-MM-DD": the day the duty room is reminded.
        follow_up: Option<String>,
    },
    /// `!referral N contacted|done|declined [NOTE]`: moves a referral on. N is its number in
    /// the conversation (in its room), or its desk number (`R12`, anywhere; a bare number outside
    /// a conversation room). NOTE goes to the transcript as a private note.
    Referral {
        /// The number typed.
        number: u32,
        /// Typed as a desk number (`R12`).
        desk: bool,
        /// Its new status (never back to open).
        status: ReferralStatus,
        /// A private note kept in the conversation's transcript.
        note: Option<String>,
    },
    /// `!referrals [open|due|mine]`: the open referrals of the whole team, those due today or
    /// overdue, or those the typing staffer made or moved on.
    Referrals(ReferralFilter),
    /// `!close`: closes the conversation; the visitor's next message reopens it.
    Close,
    /// `!send NAME`: a canned reply (one of [`CANNED`]) in the visitor's language.
    Send(&'static str),
    /// `!lang TAG`: sets the conversation's language.
    Language(String),
    /// `!hold YYYY-MM-DD REASON`: keeps the conversation beyond retention.
    Hold {
        /// "YYYY-MM-DD": when a coordinator should look at it again.
        review: String,
        /// Why it must be kept; may describe the visitor.
        reason: String,
    },
    /// `!unhold`: lift the exemption.
    Unhold,
    /// `!block`: stops relaying a pseudonym that abuses the service.
    Block,
    /// `!unblock`: relays them again (coordinators).
    Unblock,
    /// `!handover`: the shift handover for the next worker, in the duty room.
    Handover,
    /// `!translate on|off|auto`: machine translation for this conversation: always, never, or
    /// when whoever has it does not list its language (the default).
    Translate(TranslationMode),
    /// `!partners KIND [LANG]`: the directory's partners for KIND, those speaking LANG (in a
    /// conversation room: the conversation's language) first.
    Partners {
        /// What the partners are for.
        kind: ReferralKind,
        /// The language to put first, as typed.
        language: Option<String>,
    },
    /// `!send partner ID [confirm]`: the partner's name, address, hours and what to bring, to
    /// the visitor in their language; `confirm` after staff were warned it may share data.
    SendPartner {
        /// The partner's id, as typed.
        id: String,
        /// Staff saw the warning and send anyway.
        confirmed: bool,
    },
    /// `!raw TEXT`: TEXT goes to the visitor as written, never machine translated (replies still
    /// waiting for their translation are withdrawn); `!raw` alone sends those replies as written.
    Raw(Option<String>),
    /// `!announce LANG|all TEXT`, `!announce send`, `!announce cancel`: an announcement to the
    /// visitors who asked for news (coordinators, in the duty room).
    Announce(Announce),
}

/// What `!announce` does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Announce {
    /// Writes (or rewrites) the announcement and shows its preview with the count of recipients.
    Draft {
        /// `all`, or a language tag, as typed.
        audience: String,
        /// The words, lines kept.
        text: String,
    },
    /// Sends the previewed announcement.
    Send,
    /// Drops the preview, or stops the announcement going out.
    Cancel,
}

/// Which referrals `!referrals` lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReferralFilter {
    /// Every referral not yet done or declined.
    Open,
    /// Those whose follow-up date is today or past.
    Due,
    /// Those the typing staffer made or moved on.
    Mine,
}

/// A command that could not be understood: the staff text that says how to write it
/// (`command-usage-*` or `command-unknown` in `locales/<tag>/staff.ftl`), in the language of
/// whoever typed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Usage {
    /// The staff message id to render.
    pub id: &'static str,
    pub(crate) args: Vec<(&'static str, Arg)>,
}

/// The staff text listing every command; see [`help_args`].
pub(crate) const HELP: &str = "command-help";

/// The arguments of [`HELP`]: the words `!refer` and `!send` take come from here, so the help
/// cannot fall behind them in any language.
pub(crate) fn help_args() -> Vec<(&'static str, Arg)> {
    vec![("kinds", referral_kinds().into()), ("canned", CANNED.join(", ").into())]
}

fn referral_kinds() -> String {
    ReferralKind::ALL.map(ReferralKind::name).join(", ")
}

fn usage(id: &'static str) -> Usage {
    Usage { id, args: Vec::new() }
}

fn usage_send() -> Usage {
    Usage { id: "command-usage-send", args: vec![("names", CANNED.join(", ").into())] }
}

fn usage_partners() -> Usage {
    Usage { id: "command-usage-partners", args: vec![("kinds", referral_kinds().into())] }
}

fn usage_refer() -> Usage {
    Usage { id: "command-usage-refer", args: vec![("kinds", referral_kinds().into())] }
}

/// A "YYYY-MM-DD" date that exists.
pub fn valid_date(text: &str) -> bool {
    text.len() == 10 && text.parse::<jiff::civil::Date>().is_ok()
}

/// `None` if `text` is not a command at all (it does not start with `!`).
pub fn parse(text: &str) -> Option<Result<StaffCommand, Usage>> {
    let rest = text.trim().strip_prefix('!')?;
    let (name, args) = match rest.split_once(char::is_whitespace) {
        Some((name, args)) => (name, args.trim()),
        None => (rest, ""),
    };
    let words: Vec<&str> = args.split_whitespace().collect();
    Some(match name.to_ascii_lowercase().as_str() {
        "duty" => match words.as_slice() {
            ["on"] => Ok(StaffCommand::Duty(true)),
            ["off"] => Ok(StaffCommand::Duty(false)),
            _ => Err(usage("command-usage-duty")),
        },
        "who" if words.is_empty() => Ok(StaffCommand::Who),
        "queue" if words.is_empty() => Ok(StaffCommand::Queue),
        "help" => Ok(StaffCommand::Help),
        "note" if !args.is_empty() => Ok(StaffCommand::Note(args.to_owned())),
        "note" => Err(usage("command-usage-note")),
        "transfer" => match words.as_slice() {
            [id] => Ok(StaffCommand::Transfer(StaffId::new(*id))),
            _ => Err(usage("command-usage-transfer")),
        },
        "refer" => parse_refer(&words),
        "partners" => match words.as_slice() {
            [kind] | [kind, _] => match kind.parse::<ReferralKind>() {
                Ok(kind) => Ok(StaffCommand::Partners { kind, language: words.get(1).map(|l| (*l).to_owned()) }),
                Err(()) => Err(usage_partners()),
            },
            _ => Err(usage_partners()),
        },
        "referral" => match words.as_slice() {
            [number, status, note @ ..] => {
                let typed = number.trim_start_matches('#');
                let (desk, digits) = match typed.strip_prefix(['R', 'r']) {
                    Some(digits) => (true, digits),
                    None => (false, typed),
                };
                match (digits.parse::<u32>(), status.parse::<ReferralStatus>()) {
                    (Ok(number), Ok(status)) if status != ReferralStatus::Open => {
                        let note = (!note.is_empty()).then(|| note.join(" "));
                        Ok(StaffCommand::Referral { number, desk, status, note })
                    }
                    _ => Err(usage("command-usage-referral")),
                }
            }
            _ => Err(usage("command-usage-referral")),
        },
        "referrals" => match words.as_slice() {
            [] | ["open"] => Ok(StaffCommand::Referrals(ReferralFilter::Open)),
            ["due"] => Ok(StaffCommand::Referrals(ReferralFilter::Due)),
            ["mine"] => Ok(StaffCommand::Referrals(ReferralFilter::Mine)),
            _ => Err(usage("command-usage-referrals")),
        },
        "close" if words.is_empty() => Ok(StaffCommand::Close),
        "send" => match words.as_slice() {
            [partner, id] if partner.eq_ignore_ascii_case("partner") => {
                Ok(StaffCommand::SendPartner { id: (*id).to_owned(), confirmed: false })
            }
            [partner, id, confirm] if partner.eq_ignore_ascii_case("partner") && confirm.eq_ignore_ascii_case("confirm") => {
                Ok(StaffCommand::SendPartner { id: (*id).to_owned(), confirmed: true })
            }
            [partner, ..] if partner.eq_ignore_ascii_case("partner") => Err(usage("command-usage-send-partner")),
            [canned] => match CANNED.iter().find(|c| c.eq_ignore_ascii_case(canned)) {
                Some(canned) => Ok(StaffCommand::Send(canned)),
                None => Err(usage_send()),
            },
            _ => Err(usage_send()),
        },
        "lang" => match words.as_slice() {
            [tag] => Ok(StaffCommand::Language((*tag).to_owned())),
            _ => Err(usage("command-usage-lang")),
        },
        "hold" => match words.as_slice() {
            [review, reason @ ..] if valid_date(review) && !reason.is_empty() => {
                Ok(StaffCommand::Hold { review: (*review).to_owned(), reason: reason.join(" ") })
            }
            _ => Err(usage("command-usage-hold")),
        },
        "unhold" if words.is_empty() => Ok(StaffCommand::Unhold),
        "block" if words.is_empty() => Ok(StaffCommand::Block),
        "unblock" if words.is_empty() => Ok(StaffCommand::Unblock),
        "handover" if words.is_empty() => Ok(StaffCommand::Handover),
        "translate" => match words.as_slice() {
            [mode] => match mode.to_ascii_lowercase().as_str() {
                "on" => Ok(StaffCommand::Translate(TranslationMode::On)),
                "off" => Ok(StaffCommand::Translate(TranslationMode::Off)),
                "auto" => Ok(StaffCommand::Translate(TranslationMode::Auto)),
                _ => Err(usage("command-usage-translate")),
            },
            _ => Err(usage("command-usage-translate")),
        },
        // The words as typed after the command, spacing and lines kept: they go to the visitor.
        "raw" => Ok(StaffCommand::Raw(raw_text(text))),
        "announce" => match words.as_slice() {
            [send] if send.eq_ignore_ascii_case("send") => Ok(StaffCommand::Announce(Announce::Send)),
            [cancel] if cancel.eq_ignore_ascii_case("cancel") => Ok(StaffCommand::Announce(Announce::Cancel)),
            [audience, _, ..] => match text_after(text, 2) {
                Some(words) => Ok(StaffCommand::Announce(Announce::Draft { audience: (*audience).to_owned(), text: words })),
                None => Err(usage("command-usage-announce")),
            },
            _ => Err(usage("command-usage-announce")),
        },
        "who" | "queue" | "close" | "unhold" | "block" | "unblock" | "handover" => {
            Err(Usage { id: "command-usage-no-arguments", args: vec![("command", name.into())] })
        }
        _ => Err(Usage { id: "command-unknown", args: vec![("command", name.into())] }),
    })
}

/// The text after the first `words` words of `text` (the command counts as one), lines kept,
/// without the spaces around it; `None` if nothing follows.
fn text_after(text: &str, words: usize) -> Option<String> {
    let mut rest = text.trim_start();
    for _ in 0..words {
        let end = rest.find(char::is_whitespace)?;
        rest = rest[end..].trim_start();
    }
    let rest = rest.trim();
    (!rest.is_empty()).then(|| rest.to_owned())
}

/// What follows `!raw`, lines kept, without the spaces around it; `None` if nothing does.
fn raw_text(text: &str) -> Option<String> {
    let rest = text.trim_start().strip_prefix('!')?.get("raw".len()..)?;
    let rest = rest.trim();
    (!rest.is_empty()).then(|| rest.to_owned())
}

fn parse_refer(words: &[&str]) -> Result<StaffCommand, Usage> {
    let Some((kind, options)) = words.split_first() else { return Err(usage_refer()) };
    let kind: ReferralKind = kind.parse().map_err(|()| usage_refer())?;
    let mut consent = None;
    let mut follow_up = None;
    let mut partner = None;
    for option in options {
        match option.split_once('=') {
            Some(("partner", id)) if !id.is_empty() && partner.is_none() => partner = Some(id.to_owned()),
            Some(("consent", "yes")) => consent = Some(true),
            Some(("consent", "no")) => consent = Some(false),
            Some(("follow-up", date)) if valid_date(date) => follow_up = Some(date.to_owned()),
            _ => return Err(usage_refer()),
        }
    }
    let consent = consent.ok_or_else(usage_refer)?;
    Ok(StaffCommand::Refer { kind, partner, consent, follow_up })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_not_a_command() {
        assert_eq!(parse("hello, how are you?"), None);
        assert_eq!(parse(" I said !duty on"), None);
    }

    #[test]
    fn well_formed_commands_parse() {
        assert_eq!(parse("!duty on"), Some(Ok(StaffCommand::Duty(true))));
        assert_eq!(parse("  !DUTY off "), Some(Ok(StaffCommand::Duty(false))));
        assert_eq!(parse("!note she has a fever"), Some(Ok(StaffCommand::Note("she has a fever".into()))));
        assert_eq!(parse("!transfer ali"), Some(Ok(StaffCommand::Transfer(StaffId::new("ali")))));
        assert_eq!(
            parse("!refer doctor consent=yes follow-up=2026-12-05"),
            Some(Ok(StaffCommand::Refer {
                kind: ReferralKind::Doctor,
                partner: None,
                consent: true,
                follow_up: Some("2026-12-05".into())
            }))
        );
        assert_eq!(
            parse("!referral #2 done"),
            Some(Ok(StaffCommand::Referral { number: 2, desk: false, status: ReferralStatus::Done, note: None }))
        );
        assert_eq!(
            parse("!referral R12 contacted left a message at the clinic"),
            Some(Ok(StaffCommand::Referral {
                number: 12,
                desk: true,
                status: ReferralStatus::Contacted,
                note: Some("left a message at the clinic".into())
            }))
        );
        assert_eq!(parse("!referrals due"), Some(Ok(StaffCommand::Referrals(ReferralFilter::Due))));
        assert_eq!(parse("!referrals"), Some(Ok(StaffCommand::Referrals(ReferralFilter::Open))));
        assert_eq!(parse("!send Emergency"), Some(Ok(StaffCommand::Send("emergency"))));
        assert_eq!(
            parse("!refer doctor partner=clinic-no-papers consent=yes"),
            Some(Ok(StaffCommand::Refer {
                kind: ReferralKind::Doctor,
                partner: Some("clinic-no-papers".into()),
                consent: true,
                follow_up: None
            }))
        );
        assert_eq!(
            parse("!partners shelter th"),
            Some(Ok(StaffCommand::Partners { kind: ReferralKind::Shelter, language: Some("th".into()) }))
        );
        assert_eq!(
            parse("!send partner legal-aid confirm"),
            Some(Ok(StaffCommand::SendPartner { id: "legal-aid".into(), confirmed: true }))
        );
        assert_eq!(
            parse("!hold 2027-01-31 court case pending"),
            Some(Ok(StaffCommand::Hold { review: "2027-01-31".into(), reason: "court case pending".into() }))
        );
    }

    #[test]
    fn malformed_or_absurd_arguments_get_usage_lines() {
        for bad in [
            "!duty maybe",
            "!duty",
            "!note",
            "!transfer",
            "!transfer a b",
            "!refer",
            "!refer police consent=yes",
            "!refer doctor",
            "!refer doctor consent=perhaps",
            "!refer doctor consent=yes follow-up=2026-02-30",
            "!referral x done",
            "!referral 1 open",
            "!referral 99999999999 done",
            "!referral Rx done",
            "!referrals someday",
            "!send",
            "!send poem",
            "!send partner",
            "!send partner a b",
            "!partners",
            "!partners police",
            "!refer doctor partner= consent=yes",
            "!refer doctor partner=a partner=b consent=yes",
            "!hold 2027-13-01 reason",
            "!hold 2027-01-01",
            "!close now",
            "!frobnicate",
            "!",
        ] {
            let result = parse(bad);
            assert!(matches!(result, Some(Err(Usage { .. }))), "{bad:?} gave {result:?}");
        }
        let unknown = parse("!frobnicate").unwrap().unwrap_err();
        assert_eq!(unknown, Usage { id: "command-unknown", args: vec![("command", "frobnicate".into())] });
        let send = parse("!send poem").unwrap().unwrap_err();
        assert_eq!(send.args, vec![("names", Arg::from(CANNED.join(", ")))]);
    }

    #[test]
    fn every_usage_and_the_help_are_staff_texts() {
        let catalog = crate::i18n::Catalog::embedded().unwrap();
        let english = catalog.staff_message_variables("en");
        let mut usages: Vec<Usage> =
            ["!duty", "!note", "!transfer", "!refer", "!referral x", "!send", "!lang", "!hold"]
                .into_iter()
                .chain(["!translate", "!partners", "!send partner", "!referrals x", "!announce"])
                .chain(["!who now", "!nope"])
                .filter_map(|text| parse(text)?.err())
                .collect();
        usages.push(Usage { id: HELP, args: help_args() });
        assert_eq!(usages.len(), 16);
        for usage in usages {
            let mut names: Vec<String> = usage.args.iter().map(|(name, _)| (*name).to_owned()).collect();
            names.sort_unstable();
            assert_eq!(english.get(usage.id), Some(&names), "{}", usage.id);
        }
        let help = catalog.render_staff("en", HELP, &help_args());
        assert!(help.contains("national-centre") && help.contains("emergency"), "{help}");
    }
}
