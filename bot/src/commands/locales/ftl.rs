//! A message's text as a reviewer edits it, and putting an edited text back into its `.ftl` file
//! without touching anything else (comments, order, the other messages' layout).

use fluent_syntax::ast;

/// Where one message sits in a file, and its value as a reviewer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// Byte range from the start of the `id =` line to the end of the message's last line
    /// (its line break not included).
    pub start: usize,
    pub end: usize,
    /// The value's source without the `id =` and without the indentation Fluent needs:
    /// placeables and selects stay as written (`{ $time }`, `[one]`).
    pub editable: String,
    /// Spaces in front of each continuation line (kept when the text is written back, so an
    /// unchanged line stays byte for byte the same).
    indent: usize,
    /// `id =` alone on its line, the value starting on the next one.
    block: bool,
}

/// Finds message `id` in `source`, a file that parses without errors.
pub fn locate(source: &str, id: &str) -> Option<Located> {
    let resource = fluent_syntax::parser::parse(source).ok()?;
    let wanted = resource.body.iter().find_map(|entry| match entry {
        ast::Entry::Message(message) if message.id.name == id => Some(message),
        _ => None,
    })?;
    let start = line_starts(source).find(|&at| {
        source[at..].strip_prefix(id).is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with('='))
    })?;
    // The message ends at the first line end from which it parses to the same thing as in the
    // whole file: Fluent's own rule for where a multiline value stops, without re-implementing it.
    let end = line_ends(source, start).find(|&end| {
        fluent_syntax::parser::parse(&source[start..end]).is_ok_and(|alone| {
            matches!(alone.body.as_slice(), [ast::Entry::Message(m)] if m.id.name == id
                && m.value == wanted.value && m.attributes == wanted.attributes)
        })
    })?;
    let text = &source[start..end];
    let after_equals = text.split_once('=')?.1;
    let mut lines = after_equals.split('\n');
    let first = lines.next().unwrap_or("").trim();
    let rest: Vec<&str> = lines.collect();
    let indent = rest
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start_matches(' ').len())
        .min()
        .unwrap_or(4)
        .max(1);
    let dedented = rest.iter().map(|line| line.get(indent..).unwrap_or("").trim_end());
    let block = first.is_empty();
    let editable: Vec<&str> = if block { dedented.collect() } else { std::iter::once(first).chain(dedented).collect() };
    Some(Located { start, end, editable: editable.join("\n"), indent, block })
}

impl Located {
    /// The message's source with `text` (as a reviewer typed it) as its value.
    pub fn written(&self, id: &str, text: &str) -> String {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let lines: Vec<&str> = text.trim().lines().map(str::trim_end).collect();
        let pad = " ".repeat(self.indent);
        let continuation = |line: &&str| if line.is_empty() { String::new() } else { format!("{pad}{line}") };
        // A one-line text goes on the `id =` line; a block message keeps its layout.
        if self.block && lines.len() > 1 {
            let body: Vec<String> = lines.iter().map(continuation).collect();
            format!("{id} =\n{}", body.join("\n"))
        } else {
            let mut out = format!("{id} = {}", lines.first().copied().unwrap_or(""));
            for line in lines.iter().skip(1) {
                out.push('\n');
                out.push_str(&continuation(line));
            }
            out
        }
    }
}

/// The terms a message uses (`-cmd-help`), sorted and without repeats.
pub fn terms(message: &ast::Message<&str>) -> Vec<String> {
    let mut found = Vec::new();
    let patterns = message.value.iter().chain(message.attributes.iter().map(|a| &a.value));
    for pattern in patterns {
        terms_in_pattern(pattern, &mut found);
    }
    found.sort_unstable();
    found.dedup();
    found
}

fn terms_in_pattern(pattern: &ast::Pattern<&str>, found: &mut Vec<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            terms_in_expression(expression, found);
        }
    }
}

fn terms_in_expression(expression: &ast::Expression<&str>, found: &mut Vec<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            terms_in_inline(selector, found);
            for variant in variants {
                terms_in_pattern(&variant.value, found);
            }
        }
        ast::Expression::Inline(inline) => terms_in_inline(inline, found),
    }
}

fn terms_in_inline(inline: &ast::InlineExpression<&str>, found: &mut Vec<String>) {
    match inline {
        ast::InlineExpression::TermReference { id, .. } => found.push(format!("-{}", id.name)),
        ast::InlineExpression::Placeable { expression } => terms_in_expression(expression, found),
        _ => {}
    }
}

fn line_starts(source: &str) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0).chain(source.match_indices('\n').map(|(at, _)| at + 1)).filter(move |&at| at < source.len())
}

fn line_ends(source: &str, from: usize) -> impl Iterator<Item = usize> + '_ {
    source[from..].match_indices('\n').map(move |(at, _)| from + at).chain(std::iter::once(source.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "### Header\n\n# A comment.\nhello = Hello { $name }.\n\nhelp =\n    Line one { -cmd-help }\n    Line two\nplural = You need { $n ->\n    [one] { $n } letter\n   *[other] { $n } letters\n    }. Thanks.\nlast = End\n";

    #[test]
    fn a_message_is_found_with_its_value_as_a_reviewer_edits_it() {
        let hello = locate(FILE, "hello").unwrap();
        assert_eq!(&FILE[hello.start..hello.end], "hello = Hello { $name }.");
        assert_eq!(hello.editable, "Hello { $name }.");
        let help = locate(FILE, "help").unwrap();
        assert_eq!(help.editable, "Line one { -cmd-help }\nLine two");
        let plural = locate(FILE, "plural").unwrap();
        assert_eq!(plural.editable, "You need { $n ->\n [one] { $n } letter\n*[other] { $n } letters\n }. Thanks.");
        assert_eq!(locate(FILE, "last").map(|l| l.editable), Some("End".to_owned()));
        assert_eq!(locate(FILE, "nothing"), None);
    }

    #[test]
    fn an_unchanged_text_is_written_back_byte_for_byte() {
        for id in ["hello", "help", "plural", "last"] {
            let found = locate(FILE, id).unwrap();
            assert_eq!(found.written(id, &found.editable), &FILE[found.start..found.end], "{id}");
        }
    }

    #[test]
    fn terms_are_collected_from_selects_too() {
        let resource = fluent_syntax::parser::parse("m = { -a } { $n ->\n   *[other] { -b }\n}\n").unwrap();
        let ast::Entry::Message(message) = &resource.body[0] else { panic!("a message") };
        assert_eq!(terms(message), ["-a", "-b"]);
    }
}
