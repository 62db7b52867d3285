//! What a Fluent message declares: the variables it uses and the plural selects it makes.

use std::collections::BTreeMap;

use fluent_syntax::ast;

/// The CLDR plural category names; a select with any of them as a key selects on a count.
pub(super) const PLURAL_CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// Message ids and their variables.
///
/// Every message is listed, even one with attributes only. Terms are not messages and are skipped.
pub(super) fn outline<'s>(entries: impl Iterator<Item = &'s ast::Entry<&'s str>>) -> BTreeMap<String, Vec<String>> {
    entries
        .filter_map(|entry| match entry {
            ast::Entry::Message(message) => Some((message.id.name.to_owned(), variables(message))),
            _ => None,
        })
        .collect()
}

/// The variables a message uses, sorted and without repeats: from its value and attributes,
/// selectors and variants, and arguments to functions (`{ NUMBER($count) }`) and terms.
pub(super) fn variables(message: &ast::Message<&str>) -> Vec<String> {
    let mut found = Vec::new();
    for pattern in patterns(message) {
        walk_pattern(pattern, &mut |expression| {
            if let ast::InlineExpression::VariableReference { id } = expression {
                found.push(id.name.to_owned());
            }
        });
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// For every select on a count (one whose keys include a CLDR category), its keys.
pub(super) fn plural_selects(message: &ast::Message<&str>) -> Vec<Vec<String>> {
    let mut selects = Vec::new();
    for pattern in patterns(message) {
        walk_selects(pattern, &mut |variants| {
            let keys: Vec<String> = variants
                .iter()
                .filter_map(|variant| match &variant.key {
                    ast::VariantKey::Identifier { name } => Some((*name).to_owned()),
                    ast::VariantKey::NumberLiteral { .. } => None,
                })
                .collect();
            if keys.iter().any(|key| PLURAL_CATEGORIES.contains(&key.as_str())) {
                selects.push(keys);
            }
        });
    }
    selects
}

fn patterns<'a, 's>(message: &'a ast::Message<&'s str>) -> impl Iterator<Item = &'a ast::Pattern<&'s str>> {
    message.value.iter().chain(message.attributes.iter().map(|attribute| &attribute.value))
}

fn walk_pattern<'s>(pattern: &ast::Pattern<&'s str>, visit: &mut impl FnMut(&ast::InlineExpression<&'s str>)) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            walk_expression(expression, visit);
        }
    }
}

fn walk_expression<'s>(expression: &ast::Expression<&'s str>, visit: &mut impl FnMut(&ast::InlineExpression<&'s str>)) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            walk_inline(selector, visit);
            for variant in variants {
                walk_pattern(&variant.value, visit);
            }
        }
        ast::Expression::Inline(inline) => walk_inline(inline, visit),
    }
}

fn walk_inline<'s>(inline: &ast::InlineExpression<&'s str>, visit: &mut impl FnMut(&ast::InlineExpression<&'s str>)) {
    visit(inline);
    let arguments = match inline {
        ast::InlineExpression::FunctionReference { arguments, .. } => Some(arguments),
        ast::InlineExpression::TermReference { arguments, .. } => arguments.as_ref(),
        ast::InlineExpression::Placeable { expression } => {
            walk_expression(expression, visit);
            None
        }
        _ => None,
    };
    if let Some(arguments) = arguments {
        for positional in &arguments.positional {
            walk_inline(positional, visit);
        }
        for named in &arguments.named {
            walk_inline(&named.value, visit);
        }
    }
}

fn walk_selects<'s>(pattern: &ast::Pattern<&'s str>, visit: &mut impl FnMut(&[ast::Variant<&'s str>])) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            selects_in(expression, visit);
        }
    }
}

fn selects_in<'s>(expression: &ast::Expression<&'s str>, visit: &mut impl FnMut(&[ast::Variant<&'s str>])) {
    match expression {
        ast::Expression::Select { variants, .. } => {
            visit(variants);
            for variant in variants {
                walk_selects(&variant.value, visit);
            }
        }
        ast::Expression::Inline(ast::InlineExpression::Placeable { expression }) => selects_in(expression, visit),
        ast::Expression::Inline(_) => {}
    }
}
