//! Canary scanning: proof that something secret is nowhere on disk.

use std::path::{Path, PathBuf};

/// A secret to look for, in every form it could take on disk.
pub struct Canary {
    pub label: &'static str,
    pub forms: Vec<Vec<u8>>,
}

impl Canary {
    pub fn text(label: &'static str, text: &str) -> Self {
        Self { label, forms: vec![text.as_bytes().to_vec()] }
    }

    /// A numeric platform id: as decimal text and as little- and big-endian 8-byte integers.
    pub fn number(label: &'static str, id: i64) -> Self {
        Self { label, forms: vec![id.to_string().into_bytes(), id.to_le_bytes().to_vec(), id.to_be_bytes().to_vec()] }
    }
}

/// Every file under `root`, recursively.
pub fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// Where each canary was found: (label, file). Empty means clean.
pub fn scan(root: &Path, canaries: &[Canary]) -> Vec<(&'static str, PathBuf)> {
    let mut found = Vec::new();
    for file in files_under(root) {
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        for canary in canaries {
            if canary.forms.iter().any(|form| contains(&bytes, form)) {
                found.push((canary.label, file.clone()));
            }
        }
    }
    found
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}
