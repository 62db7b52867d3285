//! Every Fluent id the code renders exists in English (`hopenow.ftl` or `staff.ftl`): a typo
//! or a message removed from the reference would otherwise show a visitor or staffer the bare id.
//!
//! The ids are collected from the source of `bridge` and `bot` (not their tests): the string
//! literals given to the functions that render a message, the `id: "…"` of a staff command's
//! usage, the menu's descriptions, and the families built with `format!` expanded over the names
//! they are built from.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Functions and closures that take a message id (anywhere among their arguments).
const RENDERING: &[&str] = &[
    "render",
    "render_for",
    "render_staff",
    "staff_text",
    "staff_text_for",
    "prompt_visitor",
    "tell_visitor",
    "staff_tells_visitor",
    "duty_notice",
    "room_notice",
    "routing_notice",
    "reply",
    "flag_to_staff",
    "answer_sender",
    "usage",
    "text",
    "render_with",
];

/// Functions with an `id: &str` parameter that is not a message id.
const NOT_RENDERING: &[&str] =
    &["member", "message", "staff", "may_leave_out", "same_variables", "matrix_user", "locate", "written", "place", "get"];

fn sources() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["bridge/src", "bot/src"] {
        collect(&root.join(dir), &mut files);
    }
    files
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            Some((path, without_tests(&text)))
        })
        .collect()
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if name != "tests" {
                collect(&path, files);
            }
        } else if name.ends_with(".rs") && name != "tests.rs" && !name.ends_with("_tests.rs") {
            files.push(path);
        }
    }
}

/// The code before its test module, without comment lines (doc examples are not calls).
fn without_tests(text: &str) -> String {
    let code = text.split("#[cfg(test)]\nmod ").next().unwrap_or(text);
    code.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The top-level arguments of every call to `name` in `code`, as written.
fn call_arguments(code: &str, name: &str) -> Vec<Vec<String>> {
    let mut calls = Vec::new();
    let mut from = 0;
    while let Some(found) = code[from..].find(name) {
        let start = from + found;
        from = start + name.len();
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') || code[..start].ends_with("fn ") {
            continue;
        }
        let rest = code[from..].trim_start();
        if !rest.starts_with('(') {
            continue;
        }
        let open = code.len() - rest.len();
        let mut depth = 0_i32;
        let mut args = Vec::new();
        let mut current = String::new();
        let mut in_string = false;
        let mut escaped = false;
        for (at, c) in code[open..].char_indices() {
            if in_string {
                current.push(c);
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => {
                    in_string = true;
                    current.push(c);
                }
                '(' | '[' | '{' => {
                    depth += 1;
                    if depth > 1 {
                        current.push(c);
                    }
                }
                ')' | ']' | '}' => {
                    depth -= 1;
                    if depth == 0 {
                        args.push(std::mem::take(&mut current).trim().to_owned());
                        from = open + at;
                        break;
                    }
                    current.push(c);
                }
                ',' if depth == 1 => args.push(std::mem::take(&mut current).trim().to_owned()),
                _ => current.push(c),
            }
        }
        calls.push(args.into_iter().filter(|a| !a.is_empty()).collect());
    }
    calls
}

fn literal(argument: &str) -> Option<&str> {
    let inner = argument.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.contains(['"', '{', ' '])).then_some(inner)
}

/// `const NAME: &str = "value";` anywhere in the code.
fn constant(code: &str, name: &str) -> Option<String> {
    let at = code.find(&format!("const {name}: &str = \""))?;
    let rest = &code[at..];
    let value = rest.split('"').nth(1)?;
    Some(value.to_owned())
}

/// Every message id the code renders, with the file that names it.
fn ids_in(files: &[(PathBuf, String)]) -> BTreeSet<(String, String)> {
    let all_code: String = files.iter().map(|(_, code)| code.as_str()).collect::<Vec<_>>().join("\n");
    let tags: Vec<&str> = super::LANGUAGES.iter().map(|l| l.tag).collect();
    let mut ids = BTreeSet::new();
    for (path, code) in files {
        let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_owned();
        for name in RENDERING {
            for arguments in call_arguments(code, name) {
                for argument in &arguments {
                    let id = match literal(argument) {
                        Some(id) => Some(id.to_owned()),
                        None if argument.chars().all(|c| c.is_ascii_uppercase() || c == '_') => {
                            constant(&all_code, argument)
                        }
                        None => None,
                    };
                    if let Some(id) = id.filter(|id| !tags.contains(&id.as_str())) {
                        ids.insert((id, file.clone()));
                    }
                }
            }
        }
        // A staff command's usage (`Usage { id: "command-usage-send", .. }`), and match arms of
        // functions that name a message (`fn duty_text(self) -> &'static str`).
        for piece in code.split("id: \"").skip(1) {
            if let Some(id) = piece.split('"').next() {
                ids.insert((id.to_owned(), file.clone()));
            }
        }
        for body in code.split("_text(self) -> &'static str {").skip(1) {
            let body = body.split("\n    }").next().unwrap_or("");
            for piece in body.split("=> \"").skip(1) {
                if let Some(id) = piece.split('"').next() {
                    ids.insert((id.to_owned(), file.clone()));
                }
            }
        }
    }
    // What Fluent accepts as a message id: anything else is some other string.
    ids.retain(|(id, _)| {
        id.starts_with(|c: char| c.is_ascii_alphabetic())
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    });
    ids
}

/// The ids built with `format!`, from the names they are built of.
fn built_ids() -> Vec<String> {
    let mut ids: Vec<String> = crate::referral::ReferralKind::ALL
        .iter()
        .map(|kind| format!("referral-kind-{}", kind.name()))
        .chain(statuses().iter().map(|status| format!("referral-status-{}", status.name())))
        .chain(crate::command::CANNED.iter().map(|canned| format!("canned-{canned}")))
        .collect();
    ids.extend(crate::visitor_command::MENU.iter().map(|(_, id)| (*id).to_owned()));
    ids
}

fn statuses() -> [crate::referral::ReferralStatus; 4] {
    use crate::referral::ReferralStatus::{Contacted, Declined, Done, Open};
    // Exhaustive on purpose: a new status stops this from compiling until it is listed.
    for status in [Open, Contacted, Done, Declined] {
        match status {
            Open | Contacted | Done | Declined => {}
        }
    }
    [Open, Contacted, Done, Declined]
}

/// The `format!` families this test expands: a new one must be added to [`built_ids`].
const BUILT: &[&str] = &["referral-kind-", "referral-status-", "canned-"];

fn english_ids() -> BTreeSet<String> {
    let catalog = super::tests::catalog();
    let mut ids: BTreeSet<String> = catalog.message_ids(super::DEFAULT_LANGUAGE).into_iter().collect();
    ids.extend(catalog.staff_message_variables(super::DEFAULT_LANGUAGE).into_keys());
    ids
}

fn missing_from_english(files: &[(PathBuf, String)]) -> Vec<String> {
    let english = english_ids();
    ids_in(files)
        .into_iter()
        .filter(|(id, _)| !english.contains(id))
        .map(|(id, file)| format!("{file}: `{id}`"))
        .chain(built_ids().into_iter().filter(|id| !english.contains(id)).map(|id| format!("built: `{id}`")))
        .collect()
}

#[test]
fn every_id_the_code_renders_exists_in_english() {
    let files = sources();
    assert!(files.len() > 50, "the sources were not found: {}", files.len());
    let found = ids_in(&files);
    assert!(found.len() > 100, "too few ids found to mean anything: {}", found.len());
    for expected in ["out-of-hours-later", "room-not-relayed-unencrypted", "command-usage-send", "duty-from-queue"] {
        assert!(found.iter().any(|(id, _)| id == expected), "the collector missed `{expected}`");
    }
    assert_eq!(missing_from_english(&files), Vec::<String>::new());
}

/// The collector finds a new call's id, on one line or several, and the test then fails.
#[test]
fn an_id_missing_from_english_is_caught() {
    let code = r#"
        fn handle(&mut self) {
            self.tell_visitor(visitor, conversation, "out-of-hours-yesterday", &[("time", time.into())])?;
            let text = matrix.engine.staff_text_for(
                sender.as_str(),
                "room-no-such-notice",
                &[("label", label.into())],
            );
            self.reply(&staff, here, "command-help", &[]);
        }
    "#;
    let files = vec![(PathBuf::from("new.rs"), code.to_owned())];
    assert_eq!(missing_from_english(&files), ["new.rs: `out-of-hours-yesterday`", "new.rs: `room-no-such-notice`"]);
}

/// A new wrapper that takes a message id must be known to the collector, or its calls are
/// not checked; and a new `format!` family of ids must be expanded.
#[test]
fn every_function_taking_an_id_is_known_to_the_collector() {
    let mut unknown = Vec::new();
    for (path, code) in sources() {
        for piece in code.split("fn ").skip(1) {
            let name: String = piece.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            let signature = piece.split('{').next().unwrap_or("");
            let takes_id = signature.contains(" id: &str") || signature.contains("(id: &str");
            if takes_id && !RENDERING.contains(&name.as_str()) && !NOT_RENDERING.contains(&name.as_str()) {
                unknown.push(format!("{}: fn {name}", path.display()));
            }
        }
        for family in code.split("format!(\"").skip(1) {
            let prefix: String = family.chars().take_while(|c| *c != '{' && *c != '"').collect();
            let renders = ["staff_text(", "render(", "render_for(", "reply("]
                .iter()
                .any(|call| code.contains(&format!("{call}language, &format!(\"{prefix}")));
            if renders && !prefix.is_empty() && !BUILT.contains(&prefix.as_str()) {
                unknown.push(format!("{}: format!(\"{prefix}…\")", path.display()));
            }
        }
    }
    assert!(unknown.is_empty(), "add these to RENDERING (or NOT_RENDERING) and BUILT:\n{}", unknown.join("\n"));
}
