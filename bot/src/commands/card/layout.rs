//! The card as SVG, the one source every output is made from: a business card of 85 × 55 mm, or
//! an A4 sheet of ten with cut marks. Units are millimetres throughout (the viewBox), so a
//! printer gets the real size whatever the resolution.

use std::fmt::Write as _;

use qrcode::{Color, EcLevel, QrCode};

/// A card's size in millimetres (the usual European business card).
pub const CARD_W: f32 = 85.0;
pub const CARD_H: f32 = 55.0;
/// A4 in millimetres; the sheet holds 2 × 5 cards.
pub const A4_W: f32 = 210.0;
pub const A4_H: f32 = 297.0;
pub const SHEET_COLUMNS: usize = 2;
pub const SHEET_ROWS: usize = 5;

/// The quiet zone around the QR code, in modules: the four the standard asks for, so a phone
/// finds the code even on a busy table.
pub const QUIET_MODULES: usize = 4;
/// The QR code's side on the card, quiet zone included: about 0.75 mm a module for our links,
/// easily read by a phone camera at arm's length and by the decoder in the tests.
const QR_SIDE: f32 = 30.0;

/// The two looks of a card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Style {
    /// Says plainly that someone listens, in the visitor's language.
    Plain,
    /// Looks like an ordinary salon or language-class card, for places where a controller may
    /// look: nothing on it names the cause.
    Discreet,
}

/// Everything one card shows.
#[derive(Clone, Debug)]
pub struct Card {
    /// The campaign link the QR code carries.
    pub link: String,
    /// The bot's handle, written out for those who type it (`@HopeNowBot`).
    pub handle: String,
    /// The line in the visitor's language (Fluent `card-line` or `card-line-discreet`).
    pub line: String,
    pub style: Style,
    /// Arabic and Persian: the text is right-aligned and the QR code moves to the left.
    pub right_to_left: bool,
    /// CSS font-family list: the operator's `--font` families first, then the Noto family for
    /// the script, then Noto Sans.
    pub families: String,
}

/// Where a QR code sits on the page, in millimetres from the top left: the PDF puts a link there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QrPlace {
    pub x: f32,
    pub y: f32,
    pub side: f32,
}

/// One card as a standalone SVG document, and where its QR code is.
pub fn card_svg(card: &Card) -> anyhow::Result<(String, Vec<QrPlace>)> {
    let mut svg = header(CARD_W, CARD_H);
    let qr = card_body(&mut svg, card, 0.0, 0.0)?;
    svg.push_str("</svg>\n");
    Ok((svg, vec![qr]))
}

/// An A4 sheet of ten copies of `card` with cut marks in the margins, and its QR places.
pub fn sheet_svg(card: &Card) -> anyhow::Result<(String, Vec<QrPlace>)> {
    let mut svg = header(A4_W, A4_H);
    let (left, top) = sheet_origin();
    let mut places = Vec::new();
    for row in 0..SHEET_ROWS {
        for column in 0..SHEET_COLUMNS {
            let x = left + column as f32 * CARD_W;
            let y = top + row as f32 * CARD_H;
            places.push(card_body(&mut svg, card, x, y)?);
        }
    }
    cut_marks(&mut svg, left, top);
    svg.push_str("</svg>\n");
    Ok((svg, places))
}

/// The top left corner of the block of cards, centred on the page.
fn sheet_origin() -> (f32, f32) {
    ((A4_W - CARD_W * SHEET_COLUMNS as f32) / 2.0, (A4_H - CARD_H * SHEET_ROWS as f32) / 2.0)
}

fn header(width: f32, height: f32) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}mm\" height=\"{height}mm\" \
         viewBox=\"0 0 {width} {height}\">\n<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n"
    )
}

/// Short lines in the margin at every cut, kept 2 mm off the cards so no mark shows on a card
/// that is cut a little off the line.
fn cut_marks(svg: &mut String, left: f32, top: f32) {
    let right = left + CARD_W * SHEET_COLUMNS as f32;
    let bottom = top + CARD_H * SHEET_ROWS as f32;
    let (gap, length) = (2.0, 6.0);
    svg.push_str("<g stroke=\"#000000\" stroke-width=\"0.2\" fill=\"none\" id=\"cut-marks\">\n");
    for column in 0..=SHEET_COLUMNS {
        let x = left + column as f32 * CARD_W;
        let _ = writeln!(svg, "<path d=\"M{x} {} V{}M{x} {} V{}\"/>", top - gap - length, top - gap, bottom + gap, bottom + gap + length);
    }
    for row in 0..=SHEET_ROWS {
        let y = top + row as f32 * CARD_H;
        let _ = writeln!(svg, "<path d=\"M{} {y} H{}M{} {y} H{}\"/>", left - gap - length, left - gap, right + gap, right + gap + length);
    }
    svg.push_str("</g>\n");
}

/// The colours of a style: background, accent, text.
fn palette(style: Style) -> (&'static str, &'static str, &'static str) {
    match style {
        Style::Plain => ("#ffffff", "#2a6f97", "#1d2d3a"),
        // Warm cream and dusty rose: what a nail studio's card looks like.
        Style::Discreet => ("#fbf3ec", "#c98b86", "#6b4543"),
    }
}

/// Draws one card with its top left corner at (`x`, `y`) and returns where its QR code is.
fn card_body(svg: &mut String, card: &Card, x: f32, y: f32) -> anyhow::Result<QrPlace> {
    let (background, accent, ink) = palette(card.style);
    let margin = 5.0;
    // Left to right: text on the left, code on the right; mirrored for Arabic and Persian.
    let qr_x = if card.right_to_left { margin - 1.0 } else { CARD_W - margin + 1.0 - QR_SIDE };
    let qr_y = 5.0;
    let text_left = if card.right_to_left { qr_x + QR_SIDE + 1.0 } else { margin + 1.0 };
    let text_right = if card.right_to_left { CARD_W - margin - 1.0 } else { qr_x - 1.0 };
    let (anchor, text_x) = if card.right_to_left { ("end", text_right) } else { ("start", text_left) };
    let families = escape(&card.families);

    let _ = writeln!(svg, "<g transform=\"translate({x} {y})\" class=\"card\">");
    let _ = writeln!(svg, "<rect width=\"{CARD_W}\" height=\"{CARD_H}\" fill=\"{background}\"/>");
    match card.style {
        Style::Plain => {
            let bar_x = if card.right_to_left { text_right - 14.0 } else { text_left };
            let _ = writeln!(svg, "<rect x=\"{bar_x}\" y=\"6\" width=\"14\" height=\"1.2\" rx=\"0.6\" fill=\"{accent}\"/>");
        }
        Style::Discreet => {
            // A band down the outer edge and three dots: decoration any salon card might have.
            let band_x = if card.right_to_left { CARD_W - 2.5 } else { 0.0 };
            let _ = writeln!(svg, "<rect x=\"{band_x}\" width=\"2.5\" height=\"{CARD_H}\" fill=\"{accent}\"/>");
            for (i, radius) in [1.0f32, 0.7, 0.45].iter().enumerate() {
                let offset = 1.2 + i as f32 * 2.6;
                let cx = if card.right_to_left { text_right - offset } else { text_left + offset };
                let _ = writeln!(svg, "<circle cx=\"{cx}\" cy=\"6.6\" r=\"{radius}\" fill=\"{accent}\"/>");
            }
        }
    }

    // The line: wrapped to the text column by an estimate of its width (see `wrap`).
    let width = text_right - text_left;
    let (size, lines) = fit(&card.line, width);
    let weight = if card.style == Style::Discreet { "normal" } else { "bold" };
    // One text element a line, not tspans: usvg anchors right-to-left tspans as one chunk and
    // lets the lines run into each other.
    for (i, line) in lines.iter().enumerate() {
        let _ = writeln!(
            svg,
            "<text class=\"card-line\" x=\"{text_x}\" y=\"{}\" font-family=\"{families}\" font-size=\"{size}\" \
             font-weight=\"{weight}\" fill=\"{ink}\" text-anchor=\"{anchor}\">{}</text>",
            14.0 + size + i as f32 * size * 1.35,
            escape(&printable(line, card.right_to_left))
        );
    }

    // The handle under the code, centred on it, in the Latin font the handle needs.
    let _ = writeln!(
        svg,
        "<text class=\"card-handle\" x=\"{}\" y=\"{}\" font-family=\"{families}\" font-size=\"3.6\" font-weight=\"bold\" \
         fill=\"{accent}\" text-anchor=\"middle\" direction=\"ltr\">{}</text>",
        qr_x + QR_SIDE / 2.0,
        qr_y + QR_SIDE + 6.0,
        escape(&card.handle)
    );
    qr(svg, &card.link, qr_x, qr_y)?;
    svg.push_str("</g>\n");
    Ok(QrPlace { x: x + qr_x, y: y + qr_y, side: QR_SIDE })
}

/// The QR code of `link` (error correction M, quiet zone of four modules) as one path of dark
/// modules on a white square, so it scans on the cream of the discreet card too.
fn qr(svg: &mut String, link: &str, x: f32, y: f32) -> anyhow::Result<()> {
    let code = QrCode::with_error_correction_level(link.as_bytes(), EcLevel::M)
        .map_err(|e| anyhow::anyhow!("cannot make a QR code of {link}: {e}"))?;
    let modules = code.width();
    let total = modules + 2 * QUIET_MODULES;
    let module = QR_SIDE / total as f32;
    let _ = writeln!(svg, "<rect class=\"qr\" x=\"{x}\" y=\"{y}\" width=\"{QR_SIDE}\" height=\"{QR_SIDE}\" fill=\"#ffffff\"/>");
    let mut path = String::new();
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == Color::Dark {
            let column = (i % modules + QUIET_MODULES) as f32;
            let row = (i / modules + QUIET_MODULES) as f32;
            // Integer module coordinates, scaled by the group's transform: no seams between modules.
            let _ = write!(path, "M{column} {row}h1v1h-1z");
        }
    }
    let _ = writeln!(
        svg,
        "<path transform=\"translate({x} {y}) scale({module})\" fill=\"#000000\" shape-rendering=\"crispEdges\" d=\"{path}\"/>"
    );
    Ok(())
}

/// The font size (mm) and lines of `text` in a column `width` mm wide: 3.6 mm (about 10 pt)
/// when it fits in four lines, else smaller.
fn fit(text: &str, width: f32) -> (f32, Vec<String>) {
    for size in [3.6f32, 3.2, 2.8] {
        let lines = wrap(text, width / size);
        if lines.len() <= 4 {
            return (size, lines);
        }
    }
    (2.5, wrap(text, width / 2.5))
}

/// Greedy line breaking by an estimate of each character's width in ems: full-width for CJK
/// (which may break between any two characters), 0.58 em otherwise (breaking at spaces). Noto
/// Sans averages below that, so the estimate errs towards a line too short, never one that
/// runs into the QR code. Exact widths would need shaping twice; a card has one short line.
pub fn wrap(text: &str, max_ems: f32) -> Vec<String> {
    let mut units: Vec<(String, bool)> = Vec::new(); // (text, followed by a space)
    for word in text.split_whitespace() {
        let mut current = String::new();
        for c in word.chars() {
            if is_wide(c) && !is_closing(c) && !current.is_empty() {
                units.push((std::mem::take(&mut current), false));
            }
            current.push(c);
        }
        units.push((current, true));
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_ems = 0.0;
    let mut pending_space = false;
    for (unit, space_after) in units {
        let ems = width_ems(&unit);
        let space = if pending_space { 0.3 } else { 0.0 };
        if !line.is_empty() && line_ems + space + ems > max_ems {
            lines.push(std::mem::take(&mut line));
            line_ems = 0.0;
        } else if pending_space {
            line.push(' ');
            line_ems += space;
        }
        line.push_str(&unit);
        line_ems += ems;
        pending_space = space_after;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn width_ems(text: &str) -> f32 {
    text.chars()
        .map(|c| match c {
            _ if is_wide(c) => 1.0,
            // Thai vowel and tone marks sit above or below the consonant: no width of their own.
            '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}' => 0.0,
            _ => 0.58,
        })
        .sum()
}

/// CJK ideographs, kana, hangul and full-width forms.
fn is_wide(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FF60}')
}

/// Punctuation that must not start a line (Chinese line-breaking rules, the common part).
fn is_closing(c: char) -> bool {
    matches!(c, '，' | '。' | '？' | '！' | '：' | '；' | '、' | '）' | '」' | '』')
}

pub use crate::markup::escape;

/// A line as the card prints it. A right-to-left line is held between right-to-left marks:
/// usvg lays every line out left to right (it ignores `direction`), which put a dash or a dot
/// at the end of a wrapped Arabic line beside its first word instead of after its last.
pub fn printable(line: &str, right_to_left: bool) -> String {
    let line = sara_am_decomposed(line);
    if right_to_left { format!("\u{200F}{line}\u{200F}") } else { line }
}

/// Thai SARA AM (ำ) written as the two characters the shaper makes of it anyway: NIKHAHIT (ํ),
/// moved back over a tone mark before it, then SARA AA (า) — as HarfBuzz's Thai shaper does.
/// usvg keeps one advance per character it gave the shaper, so the SARA AA split off a SARA AM
/// lost its width and the next letter was drawn over it ("คำถาม" printed with ถ on top of า).
/// The glyphs are the same; only where they land changes.
pub fn sara_am_decomposed(text: &str) -> String {
    const SARA_AM: char = '\u{0E33}';
    const NIKHAHIT: char = '\u{0E4D}';
    const SARA_AA: char = '\u{0E32}';
    let is_tone = |c: char| ('\u{0E48}'..='\u{0E4B}').contains(&c);
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    for c in text.chars() {
        if c != SARA_AM {
            out.push(c);
            continue;
        }
        let tones = out.iter().rev().take_while(|t| is_tone(**t)).count();
        out.insert(out.len() - tones, NIKHAHIT);
        out.push(SARA_AA);
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sara_am_is_written_as_the_shaper_would_split_it() {
        use super::sara_am_decomposed;
        assert_eq!(sara_am_decomposed("คำถาม"), "ค\u{0E4D}\u{0E32}ถาม");
        // A tone mark before it: the NIKHAHIT goes before the tone mark (น้ำ, water).
        assert_eq!(sara_am_decomposed("น\u{0E49}\u{0E33}"), "น\u{0E4D}\u{0E49}\u{0E32}");
        assert_eq!(sara_am_decomposed("Nails · Hair"), "Nails · Hair");
    }

    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_between_chinese_characters() {
        let lines = wrap("Questions? Someone listens. Write to us, in your language.", 12.0);
        assert!(lines.len() >= 3, "{lines:?}");
        assert!(lines.iter().all(|l| width_ems(&l.replace(' ', "")) <= 12.0), "{lines:?}");
        let chinese = wrap("有问题吗？有人愿意倾听。请用你的语言给我们留言。", 8.0);
        assert!(chinese.len() >= 3, "{chinese:?}");
        assert!(chinese.iter().all(|l| !l.starts_with('。') && !l.starts_with('？')), "{chinese:?}");
        assert_eq!(chinese.concat(), "有问题吗？有人愿意倾听。请用你的语言给我们留言。");
    }

    #[test]
    fn sheet_has_ten_codes_inside_the_page_and_cut_marks() {
        let card = Card {
            link: "https://t.me/HopeNowBot?start=salon_1".into(),
            handle: "@HopeNowBot".into(),
            line: "Hello <&> world".into(),
            style: Style::Plain,
            right_to_left: false,
            families: "Noto Sans".into(),
        };
        let (svg, places) = sheet_svg(&card).unwrap();
        assert_eq!(places.len(), 10);
        assert!(places.iter().all(|p| p.x > 0.0 && p.y > 0.0 && p.x + p.side < A4_W && p.y + p.side < A4_H));
        assert_eq!(svg.matches("class=\"qr\"").count(), 10);
        assert!(svg.contains("id=\"cut-marks\""));
        assert!(svg.contains("Hello &lt;&amp;&gt; world"), "escaped");
    }
}
