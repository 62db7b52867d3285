//! Escaping for the markup the bot writes: the translators' review sheet (HTML) and the outreach
//! cards (SVG). Translations are edited by people outside the team, and a `<` or `&` in one
//! must stay text.

/// `text` safe as HTML or XML content and attribute values (a numeric reference for `'`, which
/// both read).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
