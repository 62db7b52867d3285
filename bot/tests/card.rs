//! `hopenow card`: every language's card, in both styles, is rendered to PNG and its QR code is
//! read back from the PNG with a QR decoder (quircs); the SVG holds the language's line; the PDF
//! holds the link; a sheet has ten readable codes; Arabic and Thai text is really drawn; and the
//! refusals say what to do. The fonts are the system's Noto fonts (.ci/system-deps installs
//! fonts-noto-core and fonts-noto-cjk), so a missing font fails here instead of printing boxes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use bot::commands::card::layout::{self, Style};
use bot::commands::card::render::{self, Fonts};
use bot::commands::card::{CardJob, Format, Out, make};
use bridge::i18n::{Catalog, LANGUAGES, Language};
use resvg::tiny_skia::Pixmap;

const BOT: &str = "HopeNowBot";
const CODE: &str = "salon_north-2";
const LINK: &str = "https://t.me/HopeNowBot?start=salon_north-2";

/// The system's fonts, scanned once for all tests of this file.
fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts::load(&[]).expect("system fonts"))
}

fn args(language: &'static Language, style: Style, sheet: bool, format: Format) -> CardJob {
    CardJob {
        campaign: CODE.into(),
        language,
        bot: BOT.into(),
        style,
        sheet,
        out: Out { path: PathBuf::from("unused"), format },
    }
}

fn language(tag: &str) -> &'static Language {
    bridge::i18n::language(tag).expect("a shipped language")
}

/// Every QR code found in a PNG, decoded.
fn decode_all(png: &[u8]) -> (Pixmap, Vec<String>) {
    let pixmap = Pixmap::decode_png(png).expect("a PNG");
    let links = decode_rows(&pixmap, 0, pixmap.height());
    (pixmap, links)
}

/// The QR codes in rows `from..to` of a picture. quirc (and so quircs) finds at most 8 codes in
/// one picture, so a sheet of 10 is read a row of cards at a time.
fn decode_rows(pixmap: &Pixmap, from: u32, to: u32) -> Vec<String> {
    let width = pixmap.width() as usize;
    let bytes = &pixmap.data()[from as usize * width * 4..to as usize * width * 4];
    let gray: Vec<u8> =
        bytes.chunks_exact(4).map(|p| ((u16::from(p[0]) + u16::from(p[1]) + u16::from(p[2])) / 3) as u8).collect();
    let mut decoder = quircs::Quirc::default();
    let codes = decoder.identify(width, (to - from) as usize, &gray);
    codes
        .map(|code| {
            let data = code.expect("a QR code extracted").decode().expect("a QR code decoded");
            String::from_utf8(data.payload).expect("UTF-8")
        })
        .collect()
}

#[test]
fn every_language_card_png_in_both_styles_decodes_to_the_campaign_link() {
    assert_eq!(LANGUAGES.len(), 17);
    for language in LANGUAGES {
        for style in [Style::Plain, Style::Discreet] {
            let made = make(&args(language, style, false, Format::Png), fonts())
                .unwrap_or_else(|e| panic!("{}: {e:#}", language.tag));
            let (pixmap, links) = decode_all(&made.bytes);
            assert_eq!(links, [LINK], "{} {style:?}", language.tag);
            // 85 mm at 300 dpi.
            assert_eq!(pixmap.width(), 1004, "{}", language.tag);
            assert!(!made.fonts_used.is_empty(), "{}", language.tag);
        }
    }
}

#[test]
fn every_language_svg_holds_its_card_line() {
    let catalog = Catalog::embedded().unwrap();
    for language in LANGUAGES {
        for (style, id) in [(Style::Plain, "card-line"), (Style::Discreet, "card-line-discreet")] {
            let made = make(&args(language, style, false, Format::Svg), fonts()).unwrap();
            assert_eq!(made.bytes, made.svg.as_bytes());
            let line = catalog.render(language.tag, id, &[]);
            if language.tag != "en" {
                assert_ne!(line, catalog.render("en", id, &[]), "{} {id} is translated", language.tag);
            }
            // The line is wrapped into one text element a line: compare its text without the breaks.
            let drawn: String = made
                .svg
                .split("<text class=\"card-line\"")
                .skip(1)
                .filter_map(|t| {
                    t.split_once('>').and_then(|(_, rest)| rest.split_once("</text>")).map(|(text, _)| text)
                })
                .collect::<Vec<_>>()
                .join(" ");
            let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            // As printed: Thai SARA AM split as the shaper splits it, right-to-left lines
            // between right-to-left marks (see `layout::printable`).
            let drawn = drawn.replace('\u{200F}', "");
            let expected = layout::escape(&layout::sara_am_decomposed(&line));
            assert_eq!(squeeze(&drawn), squeeze(&expected), "{} {id}", language.tag);
            assert!(made.svg.contains("@HopeNowBot"), "{}", language.tag);
        }
    }
}

#[test]
fn discreet_lines_name_neither_the_cause_nor_hopenow() {
    let catalog = Catalog::embedded().unwrap();
    for language in LANGUAGES {
        let line = catalog.render(language.tag, "card-line-discreet", &[]).to_lowercase();
        for word in ["hopenow", "traffick", "exploit", "help", "escape", "police"] {
            assert!(!line.contains(word), "{}: {line}", language.tag);
        }
    }
}

#[test]
fn pdf_starts_with_the_pdf_header_and_holds_the_link() {
    for tag in ["en", "ar", "th", "zh-Hans"] {
        let made = make(&args(language(tag), Style::Plain, false, Format::Pdf), fonts()).unwrap();
        assert!(made.bytes.starts_with(b"%PDF"), "{tag}");
        let text = String::from_utf8_lossy(&made.bytes);
        assert!(text.contains(LINK), "{tag}: the link annotation over the code");
    }
}

#[test]
fn an_a4_sheet_has_ten_codes_that_all_decode() {
    let started = Instant::now();
    let made = make(&args(language("th"), Style::Discreet, true, Format::Png), fonts()).unwrap();
    let rendered = started.elapsed();
    let pixmap = Pixmap::decode_png(&made.bytes).expect("a PNG");
    let px_per_mm = pixmap.width() as f32 / layout::A4_W;
    let top = (layout::A4_H - layout::CARD_H * layout::SHEET_ROWS as f32) / 2.0;
    let links: Vec<String> = (0..layout::SHEET_ROWS)
        .flat_map(|row| {
            let y = |r: usize| ((top + r as f32 * layout::CARD_H) * px_per_mm) as u32;
            decode_rows(&pixmap, y(row), y(row + 1))
        })
        .collect();
    // The figure in the report: the time to render an A4 sheet as PNG at 300 dpi.
    eprintln!("A4 sheet (th, discreet, PNG 300 dpi): rendered in {:.2} s", rendered.as_secs_f32());
    assert_eq!((pixmap.width(), pixmap.height()), (2480, 3508), "A4 at 300 dpi");
    assert_eq!(links.len(), 10, "{links:?}");
    assert!(links.iter().all(|l| l == LINK), "{links:?}");
    assert_eq!(made.svg.matches("class=\"qr\"").count(), 10);
    let pdf = make(&args(language("th"), Style::Plain, true, Format::Pdf), fonts()).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&pdf.bytes).matches(LINK).count(),
        10 * 2,
        "a link and its alt text on each code"
    );
}

/// Dark pixels in the text column of a card: the line must leave ink there, so a font that
/// draws nothing (or boxes drawn elsewhere) cannot pass.
fn ink_in_text_column(pixmap: &Pixmap, right_to_left: bool) -> usize {
    let px_per_mm = pixmap.width() as f32 / layout::CARD_W;
    let (from, to) = if right_to_left { (38.0, 79.0) } else { (6.0, 47.0) };
    let (x0, x1) = ((from * px_per_mm) as u32, (to * px_per_mm) as u32);
    let (y0, y1) = ((12.0 * px_per_mm) as u32, (40.0 * px_per_mm) as u32);
    let mut dark = 0;
    for y in y0..y1 {
        for x in x0..x1 {
            let p = pixmap.pixel(x, y).expect("inside the card");
            if u16::from(p.red()) + u16::from(p.green()) + u16::from(p.blue()) < 3 * 128 {
                dark += 1;
            }
        }
    }
    dark
}

#[test]
fn arabic_persian_thai_and_chinese_text_is_drawn_with_their_noto_fonts() {
    for (tag, font) in
        [("ar", "NotoSansArabic"), ("fa", "NotoSansArabic"), ("th", "NotoSansThai"), ("zh-Hans", "NotoSansCJK")]
    {
        for style in [Style::Plain, Style::Discreet] {
            let made = make(&args(language(tag), style, false, Format::Png), fonts()).unwrap();
            let (pixmap, _) = decode_all(&made.bytes);
            let ink = ink_in_text_column(&pixmap, language(tag).right_to_left);
            assert!(ink > 2_000, "{tag} {style:?}: only {ink} dark pixels where the line should be");
            assert!(made.fonts_used.iter().any(|f| f.contains(font)), "{tag}: {:?}", made.fonts_used);
        }
    }
}

#[test]
fn without_fonts_the_card_is_refused_naming_the_language_and_the_package() {
    let none = Fonts { db: Arc::new(fontdb::Database::new()), given_families: Vec::new() };
    let error = make(&args(language("th"), Style::Plain, false, Format::Png), &none).err().expect("refused");
    let message = format!("{error:#}");
    assert!(
        message.contains("Thai (th)") && message.contains("fonts-noto-core") && message.contains("--font"),
        "{message}"
    );
    let error = make(&args(language("zh-Hans"), Style::Plain, false, Format::Png), &none).err().expect("refused");
    assert!(format!("{error:#}").contains("fonts-noto-cjk"), "{error:#}");
}

#[test]
fn a_given_font_is_used_first_and_a_file_that_is_no_font_is_refused() {
    let thai = Path::new("/usr/share/fonts/truetype/noto/NotoSerifThai-Regular.ttf");
    let fonts = Fonts::load(&[thai.to_path_buf()]).unwrap();
    assert_eq!(fonts.given_families, ["Noto Serif Thai"]);
    let made = make(&args(language("th"), Style::Discreet, false, Format::Png), &fonts).unwrap();
    assert!(made.fonts_used.iter().any(|f| f.contains("NotoSerifThai")), "{:?}", made.fonts_used);

    let not_a_font = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(not_a_font.path(), "not a font").unwrap();
    let error = Fonts::load(&[not_a_font.path().to_path_buf()]).err().expect("refused");
    assert!(format!("{error:#}").contains("TrueType or OpenType"), "{error:#}");
    let error = Fonts::load(&[PathBuf::from("/nonexistent/font.ttf")]).err().expect("refused");
    assert!(format!("{error:#}").contains("/nonexistent/font.ttf"), "{error:#}");
}

fn hopenow(args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_hopenow")).args(args).output().expect("hopenow runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into(),
        String::from_utf8_lossy(&output.stderr).into(),
    )
}

/// A config with one campaign (Thai) and one without a language; `telegram` adds
/// `[telegram]` with that username, if any.
fn config(dir: &Path, username: Option<&str>) -> String {
    let mut text = String::from(
        "[store]\ndata_dir = \"data\"\n[keys]\nmaster_key_file = \"master.key\"\n\
         [[campaign]]\ncode = \"salon_north-2\"\nname = \"Salon cards\"\nlanguage = \"th\"\n\
         [[campaign]]\ncode = \"clinic\"\nname = \"Clinic posters\"\n",
    );
    if let Some(username) = username {
        // No token: whoever prints cards needs no secret.
        text.push_str(&format!("[telegram]\nusername = {username:?}\n[matrix]\nhomeserver = \"https://matrix.example.org\"\nuser_id = \"@bot:example.org\"\nduty_room = \"!duty:example.org\"\n"));
    }
    let path = dir.join("hopenow.toml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn the_command_writes_the_card_and_says_which_fonts_it_used() {
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), None);
    let out = dir.path().join("card.png");
    let out = out.to_str().unwrap();
    let (code, stdout, stderr) = hopenow(&[
        "card",
        "--config",
        &config,
        "--campaign",
        CODE,
        "--language",
        "ar",
        "--bot",
        "@HopeNowBot",
        "--out",
        out,
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("Fonts used:") && stdout.contains("NotoSansArabic"), "{stdout}");
    assert!(stdout.contains(LINK), "{stdout}");
    let (_, links) = decode_all(&std::fs::read(out).unwrap());
    assert_eq!(links, [LINK]);
}

/// The campaign's language and `[telegram] username` are the defaults; `share` is a campaign
/// of every config (the link /share gives), with no language of its own.
#[test]
fn the_language_and_the_bot_come_from_the_config_when_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), Some("@HopeNowBot"));
    let out = dir.path().join("card.svg");
    let out = out.to_str().unwrap();
    let (code, stdout, stderr) = hopenow(&["card", "--config", &config, "--campaign", CODE, "--out", out]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("in Thai") && stdout.contains(LINK), "{stdout}");
    let catalog = Catalog::embedded().unwrap();
    let svg = std::fs::read_to_string(out).unwrap();
    let first_word = catalog.render("th", "card-line", &[]).split_whitespace().next().unwrap().to_owned();
    assert!(svg.contains(&layout::escape(&layout::sara_am_decomposed(&first_word))), "the Thai line");
    // The flag wins over the campaign's language.
    let (code, stdout, _) =
        hopenow(&["card", "--config", &config, "--campaign", CODE, "--language", "vi", "--out", out]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("in Vietnamese"), "{stdout}");
    let (code, stdout, stderr) =
        hopenow(&["card", "--config", &config, "--campaign", "share", "--language", "en", "--out", out]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("https://t.me/HopeNowBot?start=share"), "{stdout}");
}

#[test]
fn what_the_config_does_not_have_is_refused_naming_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let without_bot = config(dir.path(), None);
    let out = dir.path().join("card.svg");
    let out = out.to_str().unwrap();
    let card = |extra: &[&str]| {
        let mut args = vec!["card", "--config", &without_bot, "--out", out];
        args.extend_from_slice(extra);
        hopenow(&args)
    };
    let cases = [
        // A code nobody counts: the configured ones and the file are named.
        (
            card(&["--campaign", "salon_south", "--bot", BOT]),
            vec!["`salon_south` is not a campaign of", "hopenow.toml", "salon_north-2, clinic"],
        ),
        // The campaign sets no language, and none was given.
        (card(&["--campaign", "clinic", "--bot", BOT]), vec!["Give --language TAG", "`clinic`"]),
        // Neither --bot nor [telegram] username.
        (card(&["--campaign", CODE]), vec!["Give --bot USERNAME, or set [telegram] username in", "hopenow.toml"]),
    ];
    for ((code, _, stderr), expected) in cases {
        assert_eq!(code, Some(2), "{stderr}");
        for part in expected {
            assert!(stderr.contains(part), "{part}: {stderr}");
        }
        assert!(stderr.contains("Nothing was written"), "{stderr}");
    }
    assert!(!Path::new(out).exists(), "nothing written");
    // A config that cannot be read is named.
    let (code, _, stderr) =
        hopenow(&["card", "--config", "/nonexistent/hopenow.toml", "--campaign", CODE, "--out", out]);
    assert_ne!(code, Some(0));
    assert!(stderr.contains("/nonexistent/hopenow.toml"), "{stderr}");
}

#[test]
fn usage_errors_exit_2_and_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), None);
    let out = dir.path().join("card.svg");
    let out = out.to_str().unwrap();
    let base = |campaign: &str, language: &str, bot: &str, out: &str| {
        hopenow(&[
            "card",
            "--config",
            &config,
            "--campaign",
            campaign,
            "--language",
            language,
            "--bot",
            bot,
            "--out",
            out,
        ])
    };
    let too_long = "x".repeat(65);
    let cases = [
        (base("has space", "th", BOT, out), "1 to 64 characters"),
        (base(&too_long, "th", BOT, out), "1 to 64 characters"),
        (base(CODE, "xx", BOT, out), "choose one of: en, da, pcm, th"),
        (base(CODE, "th", "HopeNow", out), "ending in \"bot\""),
        (base(CODE, "th", BOT, "card.jpg"), "end the file name in .svg"),
    ];
    for ((code, _, stderr), expected) in cases {
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stderr.contains(expected), "{expected}: {stderr}");
    }
    assert!(!Path::new(out).exists(), "nothing written");

    // Not a usage error but the machine's: exit 1, with the file and what to do.
    let (code, _, stderr) = base(CODE, "th", BOT, "/nonexistent/dir/card.svg");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("/nonexistent/dir/card.svg") && stderr.contains("choose a folder"), "{stderr}");
}

#[test]
fn the_png_is_300_dpi_and_the_pdf_page_is_the_card_size() {
    let made = make(&args(language("en"), Style::Plain, false, Format::Png), fonts()).unwrap();
    let (pixmap, _) = decode_all(&made.bytes);
    assert_eq!((pixmap.width(), pixmap.height()), (1004, 650));
    let pdf = make(&args(language("en"), Style::Plain, false, Format::Pdf), fonts()).unwrap();
    let text = String::from_utf8_lossy(&pdf.bytes);
    // 85 × 55 mm in points.
    assert!(text.contains("240.9") && text.contains("155.9"), "MediaBox of 85 × 55 mm");
    let _ = render::PNG_DPI;
}
