//! From the card's SVG to what the operator asked for. usvg lays the text out (bidi, then
//! shaping by rustybuzz with the fonts found), which is also how we learn which fonts drew it
//! and whether any character had none. resvg paints PNG; for PDF the laid-out tree, text already
//! turned into outlines, is drawn with krilla, so PDF and PNG show exactly the same shapes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use resvg::{tiny_skia, usvg};

use super::layout::QrPlace;

/// PNG resolution: 300 dpi, what print shops ask for.
pub const PNG_DPI: f32 = 300.0;
/// CSS pixels per millimetre (96 dpi), usvg's unit.
const PX_PER_MM: f32 = 96.0 / 25.4;

/// The fonts the renderer may use: the system's font folders (fontdb's scan of
/// /usr/share/fonts, /usr/local/share/fonts and the user's) and the operator's `--font` files.
pub struct Fonts {
    pub db: Arc<fontdb::Database>,
    /// The families of the `--font` files, which come first in every card's font list.
    pub given_families: Vec<String>,
}

impl Fonts {
    /// Scans the system fonts and loads `files`; a file that is not a font is an error naming it.
    pub fn load(files: &[PathBuf]) -> anyhow::Result<Fonts> {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        let mut given_families = Vec::new();
        for file in files {
            let before = db.len();
            db.load_font_file(file).with_context(|| format!("cannot read the font file {}", file.display()))?;
            let added: Vec<_> = db.faces().skip(before).collect();
            anyhow::ensure!(
                !added.is_empty(),
                "{} holds no font this program can read; pass a TrueType or OpenType file (.ttf, .otf, .ttc)",
                file.display()
            );
            for face in added {
                if let Some((family, _)) = face.families.first()
                    && !given_families.contains(family)
                {
                    given_families.push(family.clone());
                }
            }
        }
        Ok(Fonts { db: Arc::new(db), given_families })
    }

    /// The CSS font-family list for a language: the given fonts, then the Noto family for its
    /// script (fonts-noto-core, fonts-noto-cjk), then Noto Sans for the handle and Latin.
    pub fn families_for(&self, tag: &str) -> String {
        let mut list: Vec<String> = self.preferred(tag).iter().map(|f| format!("'{f}'")).collect();
        list.push("sans-serif".into());
        list.join(", ")
    }

    /// The family names of [`Fonts::families_for`], best first.
    pub fn preferred(&self, tag: &str) -> Vec<String> {
        let mut list = self.given_families.clone();
        list.extend(script_families(tag).iter().map(|f| (*f).to_owned()));
        list
    }
}

/// The Noto families that draw a language's script, best first.
pub fn script_families(tag: &str) -> &'static [&'static str] {
    match tag {
        "th" => &["Noto Sans Thai", "Noto Looped Thai", "Noto Sans"],
        "ar" | "fa" => &["Noto Sans Arabic", "Noto Naskh Arabic", "Noto Sans"],
        "zh-Hans" => &["Noto Sans CJK SC", "Noto Sans SC", "Noto Sans"],
        _ => &["Noto Sans"],
    }
}

/// The Debian package that carries a language's Noto font, for the error when none is found.
pub fn font_package(tag: &str) -> &'static str {
    match tag {
        "zh-Hans" => "fonts-noto-cjk",
        _ => "fonts-noto-core",
    }
}

/// The card laid out: the tree, its size in mm and the fonts that drew its text.
pub struct Laid {
    pub tree: usvg::Tree,
    pub fonts_used: Vec<String>,
}

/// Parses and lays out `svg`. Fails when a character of the text had no glyph in any font
/// found, rather than print a card with empty boxes on it.
pub fn lay_out(svg: &str, fonts: &Fonts, language: &str, english: &str) -> anyhow::Result<Laid> {
    let mut options = usvg::Options { fontdb: fonts.db.clone(), ..usvg::Options::default() };
    options.font_resolver.select_fallback = fallback(fonts.preferred(language));
    let tree = usvg::Tree::from_str(svg, &options).context("the card's SVG did not parse (a bug: please report it)")?;
    let mut used = BTreeSet::new();
    let mut missing = BTreeSet::new();
    let mut glyphs = 0usize;
    visit_text(tree.root(), &mut |text| {
        for span in text.layouted() {
            for glyph in &span.positioned_glyphs {
                glyphs += 1;
                if glyph.id.0 == 0 && !glyph.text.trim().is_empty() {
                    missing.extend(glyph.text.chars());
                }
                used.insert(glyph.font);
            }
        }
    });
    let advice = || {
        format!(
            "install the Noto fonts (apt-get install {}) or pass --font FILE with a font for {english}",
            font_package(language)
        )
    };
    anyhow::ensure!(glyphs > 0, "no font on this machine could draw the {english} ({language}) card: {}", advice());
    if !missing.is_empty() {
        let missing: String = missing.into_iter().collect();
        anyhow::bail!("no font found draws these {english} ({language}) characters: {missing}; {}", advice());
    }
    let fonts_used = used.into_iter().filter_map(|id| fonts.db.face(id).map(describe)).collect::<BTreeSet<_>>();
    Ok(Laid { tree, fonts_used: fonts_used.into_iter().collect() })
}

/// For a character the chosen font lacks ("?" and "·" in Noto Sans Thai, say): the next family
/// of our list that has it, in the same weight, before any font at all. usvg's own fallback takes
/// the first font on the disk that has the character, which can be a maths font.
fn fallback(preferred: Vec<String>) -> usvg::FallbackSelectionFn<'static> {
    Box::new(move |c, exclude, db| {
        let base = exclude.first().and_then(|id| db.face(*id));
        let (weight, style, stretch) = base.map_or((fontdb::Weight::NORMAL, fontdb::Style::Normal, fontdb::Stretch::Normal), |b| {
            (b.weight, b.style, b.stretch)
        });
        let usable = |id: fontdb::ID| !exclude.contains(&id) && has_char(db, id, c);
        let listed = preferred.iter().find_map(|family| {
            let query = fontdb::Query { families: &[fontdb::Family::Name(family)], weight, style, stretch };
            db.query(&query).filter(|id| usable(*id))
        });
        listed
            .or_else(|| db.faces().find(|f| f.weight == weight && usable(f.id)).map(|f| f.id))
            .or_else(|| db.faces().find(|f| usable(f.id)).map(|f| f.id))
    })
}

fn has_char(db: &fontdb::Database, id: fontdb::ID, c: char) -> bool {
    db.with_face_data(id, |data, index| ttf_parser::Face::parse(data, index).ok().and_then(|f| f.glyph_index(c)).is_some())
        .unwrap_or(false)
}

/// "Noto Sans Thai Bold (/usr/share/fonts/…/NotoSansThai-Bold.ttf)".
fn describe(face: &fontdb::FaceInfo) -> String {
    let name = if face.post_script_name.is_empty() {
        face.families.first().map(|(f, _)| f.clone()).unwrap_or_default()
    } else {
        face.post_script_name.clone()
    };
    match &face.source {
        fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => format!("{name} ({})", path.display()),
        fontdb::Source::Binary(_) => name,
    }
}

fn visit_text(group: &usvg::Group, f: &mut impl FnMut(&usvg::Text)) {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => visit_text(g, f),
            usvg::Node::Text(t) => f(t),
            usvg::Node::Path(_) | usvg::Node::Image(_) => {}
        }
    }
}

/// The tree painted at `dpi` as PNG bytes.
pub fn png(tree: &usvg::Tree, dpi: f32) -> anyhow::Result<Vec<u8>> {
    let scale = dpi / 25.4 / PX_PER_MM;
    // Rounded, not truncated: 85 mm at 300 dpi is 1003.9 px, so 1004.
    let (width, height) = ((tree.size().width() * scale).round(), (tree.size().height() * scale).round());
    let mut pixmap = tiny_skia::Pixmap::new(width as u32, height as u32)
        .context("cannot allocate the picture (out of memory?)")?;
    resvg::render(tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().context("cannot encode the PNG")
}

/// The tree as a one-page PDF of the same size, with a link over each QR code so the PDF on a
/// screen is clickable too.
pub fn pdf(tree: &usvg::Tree, codes: &[QrPlace], link: &str) -> anyhow::Result<Vec<u8>> {
    use krilla::geom::{Rect, Transform};
    // usvg works in CSS pixels, PDF in points.
    let pt_per_px = 72.0 / 96.0;
    let (width, height) = (tree.size().width() * pt_per_px, tree.size().height() * pt_per_px);
    let mut document = krilla::Document::new();
    {
        let settings = krilla::page::PageSettings::from_wh(width, height).context("the card has no size")?;
        let mut page = document.start_page_with(settings);
        {
            let mut surface = page.surface();
            surface.push_transform(&Transform::from_scale(pt_per_px, pt_per_px));
            draw_group(&mut surface, tree.root());
            surface.pop();
            surface.finish();
        }
        let pt_per_mm = 72.0 / 25.4;
        for code in codes {
            let rect = Rect::from_xywh(code.x * pt_per_mm, code.y * pt_per_mm, code.side * pt_per_mm, code.side * pt_per_mm)
                .context("a QR code has no size")?;
            let action = krilla::action::LinkAction::new(link.to_owned());
            let target = krilla::annotation::Target::Action(action.into());
            let annotation = krilla::annotation::LinkAnnotation::new(rect, target);
            page.add_annotation(krilla::annotation::Annotation::new_link(annotation, Some(link.to_owned())));
        }
        page.finish();
    }
    document.finish().map_err(|e| anyhow::anyhow!("cannot write the PDF: {e:?}"))
}

/// Draws every path of `group`, text included (usvg has turned it into outlines).
fn draw_group(surface: &mut krilla::surface::Surface<'_>, group: &usvg::Group) {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => draw_group(surface, g),
            usvg::Node::Text(t) => draw_group(surface, t.flattened()),
            usvg::Node::Path(p) => draw_path(surface, p),
            // Our cards have no pictures.
            usvg::Node::Image(_) => {}
        }
    }
}

fn draw_path(surface: &mut krilla::surface::Surface<'_>, path: &usvg::Path) {
    use krilla::geom::{PathBuilder, Transform};
    use resvg::tiny_skia::PathSegment;
    let mut builder = PathBuilder::new();
    for segment in path.data().segments() {
        match segment {
            PathSegment::MoveTo(p) => builder.move_to(p.x, p.y),
            PathSegment::LineTo(p) => builder.line_to(p.x, p.y),
            PathSegment::QuadTo(a, p) => builder.quad_to(a.x, a.y, p.x, p.y),
            PathSegment::CubicTo(a, b, p) => builder.cubic_to(a.x, a.y, b.x, b.y, p.x, p.y),
            PathSegment::Close => builder.close(),
        }
    }
    let Some(shape) = builder.finish() else { return };
    let t = path.abs_transform();
    surface.push_transform(&Transform::from_row(t.sx, t.ky, t.kx, t.sy, t.tx, t.ty));
    surface.set_fill(path.fill().and_then(|fill| {
        Some(krilla::paint::Fill {
            paint: color(fill.paint())?,
            opacity: krilla::num::NormalizedF32::new(fill.opacity().get())?,
            rule: match fill.rule() {
                usvg::FillRule::NonZero => krilla::paint::FillRule::NonZero,
                usvg::FillRule::EvenOdd => krilla::paint::FillRule::EvenOdd,
            },
        })
    }));
    surface.set_stroke(path.stroke().and_then(|stroke| {
        Some(krilla::paint::Stroke {
            paint: color(stroke.paint())?,
            width: stroke.width().get(),
            ..krilla::paint::Stroke::default()
        })
    }));
    surface.draw_path(&shape);
    surface.pop();
}

/// Our cards use flat colours only.
fn color(paint: &usvg::Paint) -> Option<krilla::paint::Paint> {
    match paint {
        usvg::Paint::Color(c) => Some(krilla::color::rgb::Color::new(c.red, c.green, c.blue).into()),
        _ => None,
    }
}

/// Writes `bytes` to `out`, saying what to do when that fails.
pub fn write(out: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(out, bytes).with_context(|| {
        format!("cannot write {}: choose a folder that exists and that you may write to", out.display())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The laid-out width of `text` in the card's Thai fonts.
    fn width(fonts: &Fonts, text: &str) -> f32 {
        let families = fonts.families_for("th");
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"40\"><text x=\"0\" y=\"30\" \
             font-family=\"{families}\" font-size=\"20\" font-weight=\"bold\">{text}</text></svg>"
        );
        let laid = lay_out(&svg, fonts, "th", "Thai").unwrap();
        laid.tree.root().abs_bounding_box().width()
    }

    /// Where each glyph of `text` lands, left to right: (its text, x).
    fn glyph_xs(fonts: &Fonts, language: &str, text: &str) -> Vec<(String, f32)> {
        let families = fonts.families_for(language);
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"40\"><text x=\"390\" y=\"30\" \
             font-family=\"{families}\" font-size=\"20\" text-anchor=\"end\">{text}</text></svg>"
        );
        let laid = lay_out(&svg, fonts, language, language).unwrap();
        let mut xs = Vec::new();
        visit_text(laid.tree.root(), &mut |text| {
            for span in text.layouted() {
                xs.extend(span.positioned_glyphs.iter().map(|g| (g.text.clone(), g.transform().tx)));
            }
        });
        xs
    }

    /// A wrapped Arabic line that ends in a dash: read right to left, the dash comes last, so it
    /// is printed left of the words, not beside the first one (as usvg, laying lines out left to
    /// right, printed it before `printable`).
    #[test]
    fn a_dash_at_the_end_of_an_arabic_line_is_printed_after_its_last_word() {
        let fonts = Fonts::load(&[]).unwrap();
        let line = crate::commands::card::layout::printable("أظافر · شعر —", true);
        let xs = glyph_xs(&fonts, "ar", &line);
        let x_of = |needle: &str| xs.iter().find(|(t, _)| t.contains(needle)).map(|(_, x)| *x).unwrap();
        assert!(x_of("—") < x_of("ش") && x_of("ش") < x_of("أ"), "{xs:?}");
    }

    /// "คำ" takes the room of "ค" and "า" (its ring sits above the ค): a card whose first word
    /// is คำถาม must not print ถ on top of the า. Laid out as written, usvg gives คำ×4 about
    /// 52 units against คา×4's 86.
    #[test]
    fn a_thai_sara_am_keeps_its_width_on_the_card() {
        let fonts = Fonts::load(&[]).unwrap();
        let with_sara_am = width(&fonts, &crate::commands::card::layout::sara_am_decomposed("คำคำคำคำ"));
        let with_sara_aa = width(&fonts, "คาคาคาคา");
        assert!(
            (with_sara_am - with_sara_aa).abs() < with_sara_aa * 0.05,
            "คำ×4 is {with_sara_am} wide, คา×4 {with_sara_aa}"
        );
    }
}
