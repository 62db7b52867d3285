//! `hopenow card`: printable outreach cards for a campaign. A QR code of the campaign's deep
//! link `https://t.me/<bot>?start=<code>`, the bot's handle written out, and one line in the
//! chosen language (Fluent `card-line`, or `card-line-discreet` for the discreet style).
//!
//! The SVG of `layout` is the source of every format; `render` lays it out with the fonts found
//! and paints PNG or PDF. Usage errors are refused by clap's parsers (exit 2), so nothing is
//! written for a mistyped code or extension; so are a campaign the config does not have, and a
//! language or bot neither the flags nor the config give ([`CardJob::resolve`]).

pub mod layout;
pub mod render;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use bridge::i18n::{Catalog, Language};

use self::layout::{Card, Style};

/// The arguments of `hopenow card`.
#[derive(Debug, clap::Args)]
pub struct CardArgs {
    /// The config file: the campaigns (`[[campaign]]`) and the bot's username come from it.
    #[arg(long, env = "HOPENOW_CONFIG")]
    pub config: PathBuf,
    /// A campaign code of the config's `[[campaign]]` entries, or `share` (the link `/share` gives).
    #[arg(long, value_name = "CODE", value_parser = parse_campaign)]
    pub campaign: String,
    /// The language of the card's line (a tag as in `hopenow locales check`, e.g. th, ar, zh-Hans);
    /// the campaign's `language` when left out.
    #[arg(long, value_name = "TAG", value_parser = parse_language)]
    pub language: Option<&'static Language>,
    /// The bot's Telegram username, as in t.me/USERNAME (5 to 32 of A-Z a-z 0-9 _, ending in "bot");
    /// `[telegram] username` when left out.
    #[arg(long = "bot", value_name = "USERNAME", value_parser = parse_bot)]
    pub bot: Option<String>,
    /// plain says that someone listens; discreet looks like a salon or language-class card.
    #[arg(long, value_enum, default_value_t = Style::Plain)]
    pub style: Style,
    /// An A4 sheet of ten cards with cut marks instead of one card.
    #[arg(long)]
    pub sheet: bool,
    /// A font file to use before the system's Noto fonts (repeatable).
    #[arg(long = "font", value_name = "FILE")]
    pub fonts: Vec<PathBuf>,
    /// The file to write: .svg, .pdf or .png (300 dpi).
    #[arg(long, value_name = "FILE", value_parser = parse_out)]
    pub out: Out,
}

/// What to print, once the arguments are checked against the config.
#[derive(Debug)]
pub struct CardJob {
    /// A configured campaign's code, or `share`.
    pub campaign: String,
    pub language: &'static Language,
    /// The bot's username, without the @.
    pub bot: String,
    pub style: Style,
    pub sheet: bool,
    pub out: Out,
}

/// A card the config does not allow, or cannot complete: what is wrong and what to do (exit 2,
/// like clap's own usage errors).
#[derive(Debug, PartialEq, Eq)]
pub struct Refused(pub String);

impl CardJob {
    /// Checks `args` against the config at `path` (already read into `config`): the campaign
    /// must be one of it (a card for a code nobody counts is a card nobody can measure), the
    /// language and the bot come from the flags, else from the campaign and `[telegram] username`.
    pub fn resolve(args: &CardArgs, config: &crate::config::Config, path: &Path) -> Result<Self, Refused> {
        let campaign = config.campaign.iter().find(|c| c.code == args.campaign);
        if campaign.is_none() && args.campaign != bridge::stats::SHARE_CODE {
            let codes: Vec<&str> = config.campaign.iter().map(|c| c.code.as_str()).collect();
            let known = if codes.is_empty() {
                "it has no [[campaign]] yet".to_owned()
            } else {
                format!("its campaigns are: {}", codes.join(", "))
            };
            return Err(Refused(format!(
                "`{}` is not a campaign of {}: {known} (and `share`, the link /share gives). Add a \
                 [[campaign]] with this code there first, so the arrivals through the card are counted",
                args.campaign,
                path.display()
            )));
        }
        let language = match (args.language, campaign.and_then(|c| c.language.as_deref())) {
            (Some(language), _) => language,
            (None, Some(tag)) => bridge::i18n::language(tag).ok_or_else(|| {
                Refused(format!("the campaign `{}` in {} has language {tag:?}, which is not one of ours: fix it, or give --language TAG", args.campaign, path.display()))
            })?,
            (None, None) => {
                return Err(Refused(format!(
                    "which language is the card's line in? Give --language TAG (e.g. th); the campaign `{}` \
                     in {} sets no language",
                    args.campaign,
                    path.display()
                )));
            }
        };
        let configured = config.telegram.as_ref().and_then(|t| t.username.as_deref()).map(crate::config::bot_username);
        let Some(bot) = args.bot.clone().or(configured) else {
            return Err(Refused(format!(
                "which bot does the card lead to? Give --bot USERNAME, or set [telegram] username in {}",
                path.display()
            )));
        };
        Ok(Self {
            campaign: args.campaign.clone(),
            language,
            bot,
            style: args.style,
            sheet: args.sheet,
            out: args.out.clone(),
        })
    }
}

/// The output file and its format, from the extension.
#[derive(Clone, Debug)]
pub struct Out {
    pub path: PathBuf,
    pub format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Svg,
    Pdf,
    Png,
}

/// What a run made, for the message and the tests.
pub struct Made {
    pub bytes: Vec<u8>,
    pub svg: String,
    pub fonts_used: Vec<String>,
    pub link: String,
}

/// Writes the card or sheet and says what was made and with which fonts.
pub fn run(args: CardArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let config = crate::config::read_without_secrets(&args.config)?;
    let job = match CardJob::resolve(&args, &config, &args.config) {
        Ok(job) => job,
        Err(Refused(why)) => {
            eprintln!("hopenow card: {why}. Nothing was written.");
            return Ok(ExitCode::from(2));
        }
    };
    let fonts = render::Fonts::load(&args.fonts)?;
    let made = make(&job, &fonts)?;
    render::write(&job.out.path, &made.bytes)?;
    let what = if job.sheet { "an A4 sheet of 10 cards" } else { "a card (85 × 55 mm)" };
    println!(
        "Wrote {}: {what}, {} style, in {}, with a QR code of {} ({:.1} s).",
        job.out.path.display(),
        match job.style {
            Style::Plain => "plain",
            Style::Discreet => "discreet",
        },
        job.language.english,
        made.link,
        started.elapsed().as_secs_f32()
    );
    println!("Fonts used:");
    for font in &made.fonts_used {
        println!("  {font}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The card in memory: the SVG and the bytes of the asked format.
pub fn make(job: &CardJob, fonts: &render::Fonts) -> anyhow::Result<Made> {
    let language = job.language;
    // The same builder as /share's: a card and a shared message lead to the same place.
    let link = bridge::campaign::telegram_link(&job.bot, &job.campaign);
    let id = match job.style {
        Style::Plain => "card-line",
        Style::Discreet => "card-line-discreet",
    };
    let catalog = Catalog::embedded()?;
    let card = Card {
        link: link.clone(),
        handle: format!("@{}", job.bot),
        line: catalog.render(language.tag, id, &[]),
        style: job.style,
        right_to_left: language.right_to_left,
        families: fonts.families_for(language.tag),
    };
    let (svg, codes) = if job.sheet { layout::sheet_svg(&card)? } else { layout::card_svg(&card)? };
    let laid = render::lay_out(&svg, fonts, language.tag, language.english)?;
    let bytes = match job.out.format {
        Format::Svg => svg.clone().into_bytes(),
        Format::Png => render::png(&laid.tree, render::PNG_DPI)?,
        Format::Pdf => render::pdf(&laid.tree, &codes, &link)?,
    };
    Ok(Made { bytes, svg, fonts_used: laid.fonts_used, link })
}

fn parse_campaign(code: &str) -> Result<String, String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if (1..=64).contains(&code.len()) && code.chars().all(allowed) {
        Ok(code.to_owned())
    } else {
        Err(format!(
            "`{code}` cannot be a campaign code: Telegram's start links take 1 to 64 characters of \
             A-Z, a-z, 0-9, _ and - (e.g. salon_north-2)"
        ))
    }
}

fn parse_bot(name: &str) -> Result<String, String> {
    // "@HopeNowBot" as the handle is written is accepted too.
    let name = crate::config::bot_username(name);
    if bridge::campaign::is_bot_username(&name) {
        Ok(name)
    } else {
        Err(format!(
            "`{name}` is not a Telegram bot username: 5 to 32 characters of A-Z, a-z, 0-9 and _, \
             starting with a letter and ending in \"bot\"; BotFather shows it, as in t.me/HopeNowBot"
        ))
    }
}

fn parse_language(tag: &str) -> Result<&'static Language, String> {
    bridge::i18n::language(tag).ok_or_else(|| {
        let tags: Vec<&str> = bridge::i18n::LANGUAGES.iter().map(|l| l.tag).collect();
        format!("`{tag}` is not one of our languages; choose one of: {}", tags.join(", "))
    })
}

fn parse_out(path: &str) -> Result<Out, String> {
    let path = PathBuf::from(path);
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let format = match extension.as_deref() {
        Some("svg") => Format::Svg,
        Some("pdf") => Format::Pdf,
        Some("png") => Format::Png,
        _ => {
            return Err(format!(
                "cannot tell the format of {}: end the file name in .svg (to edit), .pdf (to print) or .png",
                path.display()
            ));
        }
    };
    Ok(Out { path, format })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn campaign_codes_follow_telegrams_rule() {
        assert!(parse_campaign("salon_north-2").is_ok());
        assert!(parse_campaign(&"a".repeat(64)).is_ok());
        for bad in ["", "has space", "ümlaut", "a/b", &"a".repeat(65)] {
            let error = parse_campaign(bad).unwrap_err();
            assert!(error.contains("1 to 64"), "{error}");
        }
    }

    #[test]
    fn bot_usernames_follow_telegrams_rule() {
        assert_eq!(parse_bot("@HopeNowBot").unwrap(), "HopeNowBot");
        assert_eq!(parse_bot("hope_now_bot").unwrap(), "hope_now_bot");
        for bad in ["Bot", "HopeNow", "hope-now-bot", &format!("{}bot", "a".repeat(30))] {
            assert!(parse_bot(bad).unwrap_err().contains("ending in \"bot\""), "{bad}");
        }
    }

    #[test]
    fn unknown_languages_and_extensions_are_refused_with_the_choices() {
        assert_eq!(parse_language("ZH-hans").unwrap().tag, "zh-Hans");
        let error = parse_language("xx").unwrap_err();
        assert!(error.contains("th") && error.contains("zh-Hans") && error.contains("pt-BR"), "{error}");
        assert_eq!(parse_out("a/card.PNG").unwrap().format, Format::Png);
        assert_eq!(parse_out("card.pdf").unwrap().format, Format::Pdf);
        assert!(parse_out("card.jpg").unwrap_err().contains(".svg"));
        assert!(parse_out("card").is_err());
    }
}
