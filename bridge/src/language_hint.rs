//! A guess at the language of what a visitor wrote, to offer a switch when they skipped the
//! picker. Only ever offered: a guess must never change what a frightened reader gets.

use whatlang::Lang;

/// Shorter texts ("ok", "hi", a name) say too little to guess from.
const MIN_LETTERS: usize = 12;

/// Letters only one of the shipped languages uses: they decide where a statistical guess on a
/// short text is weakest (Russian read as Bulgarian, Persian as Arabic, Spanish as Portuguese).
const DISTINCTIVE: &[(&str, &str)] = &[
    ("ru", "ыэё"),
    ("uk", "іїєґ"),
    ("fa", "پچژگکی"),
    ("ar", "ةيك"),
    ("es", "ñ¿¡"),
    ("pt-BR", "ãõ"),
    ("ro", "șțşţă"),
    ("hu", "őű"),
    ("da", "æøå"),
];

/// The shipped language `text` is most likely written in, if the guess is reliable.
pub(crate) fn detect(text: &str) -> Option<&'static str> {
    if text.chars().filter(|c| c.is_alphabetic()).count() < MIN_LETTERS {
        return None;
    }
    let lower = text.to_lowercase();
    let mut marked = DISTINCTIVE.iter().filter(|(_, letters)| lower.chars().any(|c| letters.contains(c)));
    if let (Some((tag, _)), None) = (marked.next(), marked.next()) {
        return Some(tag);
    }
    // Only our languages compete: a guess among all of whatlang's mistakes Russian for
    // Bulgarian and Spanish for Portuguese far more often.
    let detector = whatlang::Detector::with_allowlist(ALLOWED.to_vec());
    let info = detector.detect(text)?;
    if !info.is_reliable() {
        return None;
    }
    shipped(info.lang())
}

const ALLOWED: [Lang; 16] = [
    Lang::Eng,
    Lang::Dan,
    Lang::Tha,
    Lang::Ron,
    Lang::Ara,
    Lang::Vie,
    Lang::Ukr,
    Lang::Rus,
    Lang::Spa,
    Lang::Por,
    Lang::Fra,
    Lang::Bul,
    Lang::Hun,
    Lang::Cmn,
    Lang::Tgl,
    Lang::Pes,
];

/// whatlang's language → our locale tag. Nigerian Pidgin has no detector model; it reads as
/// English, which is where the picker leads anyway.
fn shipped(lang: Lang) -> Option<&'static str> {
    Some(match lang {
        Lang::Eng => "en",
        Lang::Dan => "da",
        Lang::Tha => "th",
        Lang::Ron => "ro",
        Lang::Ara => "ar",
        Lang::Vie => "vi",
        Lang::Ukr => "uk",
        Lang::Rus => "ru",
        Lang::Spa => "es",
        Lang::Por => "pt-BR",
        Lang::Fra => "fr",
        Lang::Bul => "bg",
        Lang::Hun => "hu",
        Lang::Cmn => "zh-Hans",
        Lang::Tgl => "fil",
        Lang::Pes => "fa",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_the_languages_visitors_write_in() {
        let samples = [
            ("th", "สวัสดีค่ะ ฉันต้องการความช่วยเหลือ ฉันไม่มีหนังสือเดินทาง"),
            ("ro", "Bună ziua, am nevoie de ajutor, nu am unde să dorm în seara asta"),
            ("ar", "مرحبا، أحتاج إلى مساعدة، لا أعرف أين أنام الليلة"),
            ("ru", "Здравствуйте, нам нужна помощь, мы не знаем, где спать сегодня"),
            ("uk", "Добрий день, мені потрібна допомога, я не знаю, де сьогодні спати"),
            ("es", "Hola, necesito ayuda, no sé dónde dormir mañana"),
            ("vi", "Xin chào, tôi cần giúp đỡ, tôi không biết ngủ ở đâu tối nay"),
            ("fa", "سلام، من به کمک نیاز دارم، نمی‌دانم امشب کجا بخوابم"),
            ("zh-Hans", "你好，我需要帮助，我不知道今晚在哪里睡觉"),
            ("en", "Hello, I need help, I do not know where to sleep tonight"),
            ("bg", "Здравейте, имам нужда от помощ, не знам къде да спя тази нощ"),
            ("hu", "Jó napot, segítségre van szükségem, nem tudom, hol aludjak ma éjjel"),
            ("fil", "Kumusta, kailangan ko ng tulong, hindi ko alam kung saan matutulog ngayong gabi"),
            ("fr", "Bonjour, j'ai besoin d'aide, je ne sais pas où dormir ce soir"),
            ("pt-BR", "Olá, preciso de ajuda, não sei onde dormir esta noite"),
            ("da", "Hej, jeg har brug for hjælp, jeg ved ikke hvor jeg skal sove i nat"),
        ];
        for (tag, text) in samples {
            assert_eq!(detect(text), Some(tag), "{text}");
        }
    }

    #[test]
    fn short_or_unshipped_texts_give_no_guess() {
        assert_eq!(detect("ok"), None);
        assert_eq!(detect("hi 👋"), None);
        assert_eq!(detect("12345 67890 12345"), None);
        // Short Russian without ы, э or ё reads much like Bulgarian: no offer, never a wrong one.
        assert_ne!(detect("Здравствуйте, мне нужна помощь, я не знаю, где спать сегодня"), Some("bg"));
        assert_ne!(detect("Hola, necesito ayuda, no sé dónde dormir esta noche"), Some("pt-BR"));
        // Unshipped languages: no guess rather than a wrong one.
        assert_eq!(detect("Ciao, ho bisogno di aiuto, non so dove dormire stanotte"), None);
        assert_eq!(detect("Dzień dobry, potrzebuję pomocy, nie wiem gdzie spać dziś w nocy"), None);
    }
}
