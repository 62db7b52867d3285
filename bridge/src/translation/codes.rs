//! Which language a machine-translation service is asked with, for each visitor language the
//! bridge ships. Pure data: the networked client lives in `bot`.
//!
//! Services name some languages differently from the bridge's locale tags, and the names have
//! changed between releases (Argos's Simplified Chinese was `zh`, newer LibreTranslate lists
//! `zh-Hans`; Brazilian Portuguese came as `pb` beside the older `pt`). So each tag has the
//! codes to try, best first, and [`service_code`] picks the first one the service lists.

/// The codes a LibreTranslate-like service may use for a bridge language tag, best first.
/// Empty when no model exists at all (Nigerian Pidgin).
pub fn candidates(tag: &str) -> &'static [&'static str] {
    match tag {
        "ar" => &["ar"],
        "bg" => &["bg"],
        "da" => &["da"],
        "en" => &["en"],
        "es" => &["es"],
        "fa" => &["fa"],
        // Filipino is served by the Tagalog model, the language it is standardised from.
        "fil" => &["tl", "fil"],
        "fr" => &["fr"],
        "hu" => &["hu"],
        // No Argos/OPUS model for Nigerian Pidgin: staff who read English usually read it.
        "pcm" => &[],
        // `pb` is Argos's Brazilian model; the older `pt` (European-trained) is the fallback.
        "pt-BR" => &["pb", "pt-BR", "pt"],
        "ro" => &["ro"],
        "ru" => &["ru"],
        "th" => &["th"],
        "uk" => &["uk"],
        // Withdrawn from Argos's index in 2024; a service installed earlier may still list it.
        "vi" => &["vi"],
        "zh-Hans" => &["zh-Hans", "zh"],
        _ => &[],
    }
}

/// Why a language may have no model in the service beyond its not being loaded, for the operator.
pub fn why_uncovered(tag: &str) -> Option<&'static str> {
    match tag {
        "pcm" => Some("no model; staff who read English read Pidgin"),
        "vi" => Some("withdrawn from Argos in 2024; load an older model or use another service"),
        _ => None,
    }
}

/// The code `listed` (the service's language codes) knows `tag` by, if any.
pub fn service_code<'a>(tag: &str, listed: &[&'a str]) -> Option<&'a str> {
    candidates(tag).iter().find_map(|code| listed.iter().find(|listed| *listed == code).copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_visitor_language_has_an_entry() {
        for language in crate::i18n::LANGUAGES {
            let tag = language.tag;
            assert!(
                !candidates(tag).is_empty() || tag == "pcm",
                "{tag} has no service code: add it to bridge::translation::candidates"
            );
        }
        assert!(candidates("pcm").is_empty());
        assert!(candidates("xx").is_empty());
    }

    #[test]
    fn the_first_code_the_service_lists_wins() {
        assert_eq!(service_code("zh-Hans", &["en", "zh-Hans", "zh"]), Some("zh-Hans"));
        assert_eq!(service_code("zh-Hans", &["en", "zh"]), Some("zh"));
        assert_eq!(service_code("pt-BR", &["pt", "pb"]), Some("pb"));
        assert_eq!(service_code("pt-BR", &["pt"]), Some("pt"));
        assert_eq!(service_code("fil", &["tl", "en"]), Some("tl"));
        assert_eq!(service_code("vi", &["en", "th"]), None);
        assert_eq!(service_code("pcm", &["en", "pcm"]), None);
    }
}
