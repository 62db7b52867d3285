//! What a Fluent resource declares: its message ids and the variables each one uses.

use std::collections::BTreeMap;

use fluent_bundle::FluentResource;
use fluent_syntax::ast;

/// Message ids and their variables, read from the parsed AST.
///
/// Every message is listed, even one with attributes only. Variables are collected from its value
/// and its attributes, including those passed as arguments to a function (`{ NUMBER($count) }`)
/// or a term. Terms themselves are not messages and are skipped.
pub(super) fn outline(resource: &FluentResource) -> BTreeMap<String, Vec<String>> {
    let mut messages = BTreeMap::new();
    for entry in resource.entries() {
        let ast::Entry::Message(message) = entry else {
            continue;
        };
        let mut variables = Vec::new();
        if let Some(value) = &message.value {
            pattern_variables(value, &mut variables);
        }
        for attribute in &message.attributes {
            pattern_variables(&attribute.value, &mut variables);
        }
        variables.sort_unstable();
        variables.dedup();
        messages.insert(message.id.name.to_owned(), variables.into_iter().map(str::to_owned).collect());
    }
    messages
}

fn pattern_variables<'s>(pattern: &ast::Pattern<&'s str>, variables: &mut Vec<&'s str>) {
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { .. } => {}
            ast::PatternElement::Placeable { expression } => expression_variables(expression, variables),
        }
    }
}

fn expression_variables<'s>(expression: &ast::Expression<&'s str>, variables: &mut Vec<&'s str>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, variables);
            for variant in variants {
                pattern_variables(&variant.value, variables);
            }
        }
        ast::Expression::Inline(inline) => inline_variables(inline, variables),
    }
}

fn inline_variables<'s>(inline: &ast::InlineExpression<&'s str>, variables: &mut Vec<&'s str>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => variables.push(id.name),
        ast::InlineExpression::FunctionReference { arguments, .. } => arguments_variables(arguments, variables),
        ast::InlineExpression::TermReference { arguments, .. } => {
            if let Some(arguments) = arguments {
                arguments_variables(arguments, variables);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, variables),
        ast::InlineExpression::StringLiteral { .. }
        | ast::InlineExpression::NumberLiteral { .. }
        | ast::InlineExpression::MessageReference { .. } => {}
    }
}

fn arguments_variables<'s>(arguments: &ast::CallArguments<&'s str>, variables: &mut Vec<&'s str>) {
    for positional in &arguments.positional {
        inline_variables(positional, variables);
    }
    for named in &arguments.named {
        inline_variables(&named.value, variables);
    }
}

