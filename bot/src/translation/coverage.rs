//! Which visitor languages a service covers with the staff languages, in each direction: what
//! `hopenow check --online` reports.

use bridge::translation::{service_code, why_uncovered};

use super::ServiceLanguage;

/// The coverage of the visitor languages against the staff languages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// `th ↔ en`, or `th → en only` when one direction is missing.
    pub covered: Vec<String>,
    /// `pcm (no model; …)`: visitor languages with no pair to any staff language, and why.
    pub uncovered: Vec<String>,
    /// Visitor languages the service has no model loaded for, with nothing more to say.
    pub not_loaded: Vec<String>,
}

impl std::fmt::Display for Coverage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let covered = if self.covered.is_empty() { "no visitor language".to_owned() } else { self.covered.join(", ") };
        write!(f, "{covered}")?;
        if !self.uncovered.is_empty() {
            write!(f, "; not covered: {}", self.uncovered.join(", "))?;
        }
        if !self.not_loaded.is_empty() {
            write!(f, "; not loaded in the service: {} (add them to --load-only)", self.not_loaded.join(", "))?;
        }
        Ok(())
    }
}

/// How `languages` (a service's list) covers each of `visitors` with each of `staff` (bridge
/// tags both). A visitor language that is a staff language needs no translation into itself.
pub fn coverage(languages: &[ServiceLanguage], visitors: &[&str], staff: &[&str]) -> Coverage {
    let codes: Vec<&str> = languages.iter().map(|language| language.code.as_str()).collect();
    let pair = |from: &str, to: &str| {
        languages.iter().any(|language| language.code == from && language.targets.iter().any(|target| target == to))
    };
    let mut result = Coverage::default();
    for visitor in visitors {
        let Some(visitor_code) = service_code(visitor, &codes) else {
            match why_uncovered(visitor) {
                Some(why) => result.uncovered.push(format!("{visitor} ({why})")),
                None => result.not_loaded.push((*visitor).to_owned()),
            }
            continue;
        };
        let mut both = Vec::new();
        let mut one_way = Vec::new();
        for staffer in staff.iter().filter(|staffer| *staffer != visitor) {
            let Some(staff_code) = service_code(staffer, &codes) else { continue };
            match (pair(visitor_code, staff_code), pair(staff_code, visitor_code)) {
                (true, true) => both.push(*staffer),
                (true, false) => one_way.push(format!("{visitor} → {staffer} only")),
                (false, true) => one_way.push(format!("{visitor} ← {staffer} only")),
                (false, false) => {}
            }
        }
        if !both.is_empty() {
            result.covered.push(format!("{visitor} ↔ {}", both.join("/")));
        }
        if both.is_empty() && one_way.is_empty() {
            if !staff.iter().any(|staffer| staffer != visitor) {
                continue;
            }
            result.uncovered.push(format!("{visitor} (no pair with {})", staff.join("/")));
        }
        result.covered.extend(one_way);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn language(code: &str, targets: &[&str]) -> ServiceLanguage {
        ServiceLanguage { code: code.into(), name: code.into(), targets: targets.iter().map(|t| (*t).into()).collect() }
    }

    #[test]
    fn each_direction_is_reported() {
        let languages = [
            language("en", &["th", "ro", "tl", "da"]),
            language("th", &["en"]),
            language("ro", &[]),
            language("tl", &["en"]),
            language("da", &["en"]),
        ];
        let report = coverage(&languages, &["th", "ro", "fil", "pcm", "vi", "uk", "en", "da"], &["en", "da"]);
        assert_eq!(report.covered, ["th ↔ en", "ro ← en only", "fil ↔ en", "en ↔ da", "da ↔ en"]);
        assert_eq!(
            report.uncovered,
            ["pcm (no model; staff who read English read Pidgin)", &format!("vi ({})", why_uncovered("vi").unwrap())]
        );
        assert_eq!(report.not_loaded, ["uk"]);
        let line = report.to_string();
        assert!(line.starts_with("th ↔ en, ro ← en only"), "{line}");
        assert!(line.contains("; not covered: pcm (no model"), "{line}");
        assert!(line.ends_with("; not loaded in the service: uk (add them to --load-only)"), "{line}");
    }

    #[test]
    fn a_language_with_no_pair_is_not_covered() {
        let languages = [language("en", &[]), language("th", &[])];
        let report = coverage(&languages, &["th"], &["en"]);
        assert!(report.covered.is_empty());
        assert_eq!(report.uncovered, ["th (no pair with en)"]);
        assert_eq!(report.to_string(), "no visitor language; not covered: th (no pair with en)");
    }
}
