//! The out-of-hours answers pinned in every shipped language, for a shift that starts on
//! Thursday 10 December 2026 at 14:00: what a reader sees of dates and times. A change to these
//! texts shows the whole table as it renders now, to be read and pasted here.

use super::dates::{format_date, format_time};
use super::{Arg, LANGUAGES};

const PINNED: &[(&str, [&str; 3])] = &[
    (
        "en",
        [
            "Thank you for writing. Nobody can answer right now. A person from our team will answer you here today from \u{2068}2:00\u{202f}pm\u{2069}. If you are in danger now, call \u{2068}112\u{2069}.",
            "Thank you for writing. Nobody can answer right now. A person from our team will answer you here tomorrow from \u{2068}2:00\u{202f}pm\u{2069}. If you are in danger now, call \u{2068}112\u{2069}.",
            "Thank you for writing. Nobody can answer right now. A person from our team will answer you here on \u{2068}Thursday 10 December\u{2069} from \u{2068}2:00\u{202f}pm\u{2069}. If you are in danger now, call \u{2068}112\u{2069}.",
        ],
    ),
    (
        "da",
        [
            "Tak fordi du skriver. Lige nu kan ingen svare. En person fra vores team svarer dig her i dag fra kl. \u{2068}14.00\u{2069}. Hvis du er i fare lige nu, så ring \u{2068}112\u{2069}.",
            "Tak fordi du skriver. Lige nu kan ingen svare. En person fra vores team svarer dig her i morgen fra kl. \u{2068}14.00\u{2069}. Hvis du er i fare lige nu, så ring \u{2068}112\u{2069}.",
            "Tak fordi du skriver. Lige nu kan ingen svare. En person fra vores team svarer dig her \u{2068}torsdag 10. december\u{2069} fra kl. \u{2068}14.00\u{2069}. Hvis du er i fare lige nu, så ring \u{2068}112\u{2069}.",
        ],
    ),
    (
        "pcm",
        [
            "Thank you as you write us. Nobody fit answer you now. One person from our team go answer you for here today from \u{2068}2:00\u{202f}pm\u{2069}. If you dey for danger now, call \u{2068}112\u{2069}.",
            "Thank you as you write us. Nobody fit answer you now. One person from our team go answer you for here tomorrow from \u{2068}2:00\u{202f}pm\u{2069}. If you dey for danger now, call \u{2068}112\u{2069}.",
            "Thank you as you write us. Nobody fit answer you now. One person from our team go answer you for here on \u{2068}Thursday 10 December\u{2069} from \u{2068}2:00\u{202f}pm\u{2069}. If you dey for danger now, call \u{2068}112\u{2069}.",
        ],
    ),
    (
        "th",
        [
            "ขอบค\u{e38}ณท\u{e35}\u{e48}ส\u{e48}งข\u{e49}อความมาค\u{e48}ะ ตอนน\u{e35}\u{e49}ย\u{e31}งไม\u{e48}ม\u{e35}ใครตอบได\u{e49}นะคะ คนจากท\u{e35}มของเราจะตอบค\u{e38}ณท\u{e35}\u{e48}น\u{e35}\u{e48}ว\u{e31}นน\u{e35}\u{e49} ต\u{e31}\u{e49}งแต\u{e48}เวลา \u{2068}14:00\u{2069} ถ\u{e49}าตอนน\u{e35}\u{e49}ค\u{e38}ณอย\u{e39}\u{e48}ในอ\u{e31}นตราย ให\u{e49}โทร \u{2068}112\u{2069}",
            "ขอบค\u{e38}ณท\u{e35}\u{e48}ส\u{e48}งข\u{e49}อความมาค\u{e48}ะ ตอนน\u{e35}\u{e49}ย\u{e31}งไม\u{e48}ม\u{e35}ใครตอบได\u{e49}นะคะ คนจากท\u{e35}มของเราจะตอบค\u{e38}ณท\u{e35}\u{e48}น\u{e35}\u{e48}พร\u{e38}\u{e48}งน\u{e35}\u{e49} ต\u{e31}\u{e49}งแต\u{e48}เวลา \u{2068}14:00\u{2069} ถ\u{e49}าตอนน\u{e35}\u{e49}ค\u{e38}ณอย\u{e39}\u{e48}ในอ\u{e31}นตราย ให\u{e49}โทร \u{2068}112\u{2069}",
            "ขอบค\u{e38}ณท\u{e35}\u{e48}ส\u{e48}งข\u{e49}อความมาค\u{e48}ะ ตอนน\u{e35}\u{e49}ย\u{e31}งไม\u{e48}ม\u{e35}ใครตอบได\u{e49}นะคะ คนจากท\u{e35}มของเราจะตอบค\u{e38}ณท\u{e35}\u{e48}น\u{e35}\u{e48}ใน\u{2068}ว\u{e31}นพฤห\u{e31}สบด\u{e35}ท\u{e35}\u{e48} 10 ธ\u{e31}นวาคม\u{2069} ต\u{e31}\u{e49}งแต\u{e48}เวลา \u{2068}14:00\u{2069} ถ\u{e49}าตอนน\u{e35}\u{e49}ค\u{e38}ณอย\u{e39}\u{e48}ในอ\u{e31}นตราย ให\u{e49}โทร \u{2068}112\u{2069}",
        ],
    ),
    (
        "ro",
        [
            "Mulțumim că ne-ai scris. Acum nu îți poate răspunde nimeni. O persoană din echipa noastră îți va răspunde aici astăzi, de la ora \u{2068}14:00\u{2069}. Dacă ești în pericol acum, sună la \u{2068}112\u{2069}.",
            "Mulțumim că ne-ai scris. Acum nu îți poate răspunde nimeni. O persoană din echipa noastră îți va răspunde aici mâine, de la ora \u{2068}14:00\u{2069}. Dacă ești în pericol acum, sună la \u{2068}112\u{2069}.",
            "Mulțumim că ne-ai scris. Acum nu îți poate răspunde nimeni. O persoană din echipa noastră îți va răspunde aici pe \u{2068}joi, 10 decembrie\u{2069}, de la ora \u{2068}14:00\u{2069}. Dacă ești în pericol acum, sună la \u{2068}112\u{2069}.",
        ],
    ),
    (
        "ar",
        [
            "شكر\u{64b}ا على رسالتك. لا يمكن لأحد أن يرد الآن. سيرد عليك شخص من فريقنا هنا اليوم ابتداء\u{64b} من الساعة \u{2068}2:00 م\u{2069}. إذا كنت في خطر الآن، ي\u{64f}رجى الاتصال بالرقم \u{2068}112\u{2069}.",
            "شكر\u{64b}ا على رسالتك. لا يمكن لأحد أن يرد الآن. سيرد عليك شخص من فريقنا هنا غد\u{64b}ا ابتداء\u{64b} من الساعة \u{2068}2:00 م\u{2069}. إذا كنت في خطر الآن، ي\u{64f}رجى الاتصال بالرقم \u{2068}112\u{2069}.",
            "شكر\u{64b}ا على رسالتك. لا يمكن لأحد أن يرد الآن. سيرد عليك شخص من فريقنا هنا يوم \u{2068}الخميس، 10 ديسمبر\u{2069} ابتداء\u{64b} من الساعة \u{2068}2:00 م\u{2069}. إذا كنت في خطر الآن، ي\u{64f}رجى الاتصال بالرقم \u{2068}112\u{2069}.",
        ],
    ),
    (
        "vi",
        [
            "Cảm ơn bạn đã nhắn tin cho chúng tôi. Bây giờ chưa có ai trả lời được. Một người trong nhóm của chúng tôi sẽ trả lời bạn ở đây hôm nay, từ \u{2068}14:00\u{2069}. Nếu bây giờ bạn đang gặp nguy hiểm, hãy gọi \u{2068}112\u{2069}.",
            "Cảm ơn bạn đã nhắn tin cho chúng tôi. Bây giờ chưa có ai trả lời được. Một người trong nhóm của chúng tôi sẽ trả lời bạn ở đây ngày mai, từ \u{2068}14:00\u{2069}. Nếu bây giờ bạn đang gặp nguy hiểm, hãy gọi \u{2068}112\u{2069}.",
            "Cảm ơn bạn đã nhắn tin cho chúng tôi. Bây giờ chưa có ai trả lời được. Một người trong nhóm của chúng tôi sẽ trả lời bạn ở đây vào \u{2068}Thứ Năm, 10 tháng 12\u{2069}, từ \u{2068}14:00\u{2069}. Nếu bây giờ bạn đang gặp nguy hiểm, hãy gọi \u{2068}112\u{2069}.",
        ],
    ),
    (
        "uk",
        [
            "Дякуємо, що написали. Зараз ніхто не може відповісти. Хтось із нашої команди відповість вам тут сьогодні з \u{2068}14:00\u{2069}. Якщо ви зараз у небезпеці, зателефонуйте за номером \u{2068}112\u{2069}.",
            "Дякуємо, що написали. Зараз ніхто не може відповісти. Хтось із нашої команди відповість вам тут завтра з \u{2068}14:00\u{2069}. Якщо ви зараз у небезпеці, зателефонуйте за номером \u{2068}112\u{2069}.",
            "Дякуємо, що написали. Зараз ніхто не може відповісти. Хтось із нашої команди відповість вам тут з \u{2068}14:00\u{2069} цього дня: \u{2068}четвер, 10 грудня\u{2069}. Якщо ви зараз у небезпеці, зателефонуйте за номером \u{2068}112\u{2069}.",
        ],
    ),
    (
        "ru",
        [
            "Спасибо, что написали. Сейчас никто не может ответить. Кто-то из нашей команды ответит вам здесь сегодня с \u{2068}14:00\u{2069}. Если вы сейчас в опасности, позвоните по номеру \u{2068}112\u{2069}.",
            "Спасибо, что написали. Сейчас никто не может ответить. Кто-то из нашей команды ответит вам здесь завтра с \u{2068}14:00\u{2069}. Если вы сейчас в опасности, позвоните по номеру \u{2068}112\u{2069}.",
            "Спасибо, что написали. Сейчас никто не может ответить. Кто-то из нашей команды ответит вам здесь с \u{2068}14:00\u{2069} в этот день: \u{2068}четверг, 10 декабря\u{2069}. Если вы сейчас в опасности, позвоните по номеру \u{2068}112\u{2069}.",
        ],
    ),
    (
        "es",
        [
            "Gracias por escribir. Ahora nadie puede responder. Una persona de nuestro equipo te responderá aquí hoy a partir de las \u{2068}14:00\u{2069}. Si estás en peligro ahora, llama al \u{2068}112\u{2069}.",
            "Gracias por escribir. Ahora nadie puede responder. Una persona de nuestro equipo te responderá aquí mañana a partir de las \u{2068}14:00\u{2069}. Si estás en peligro ahora, llama al \u{2068}112\u{2069}.",
            "Gracias por escribir. Ahora nadie puede responder. Una persona de nuestro equipo te responderá aquí el \u{2068}jueves, 10 de diciembre\u{2069} a partir de las \u{2068}14:00\u{2069}. Si estás en peligro ahora, llama al \u{2068}112\u{2069}.",
        ],
    ),
    (
        "pt-BR",
        [
            "Agradecemos por escrever. Agora ninguém pode responder. Uma pessoa da nossa equipe vai te responder aqui hoje a partir das \u{2068}14:00\u{2069}. Se você está em perigo agora, ligue para \u{2068}112\u{2069}.",
            "Agradecemos por escrever. Agora ninguém pode responder. Uma pessoa da nossa equipe vai te responder aqui amanhã a partir das \u{2068}14:00\u{2069}. Se você está em perigo agora, ligue para \u{2068}112\u{2069}.",
            "Agradecemos por escrever. Agora ninguém pode responder. Uma pessoa da nossa equipe vai te responder aqui \u{2068}quinta-feira, 10 de dezembro\u{2069}, a partir das \u{2068}14:00\u{2069}. Se você está em perigo agora, ligue para \u{2068}112\u{2069}.",
        ],
    ),
    (
        "fr",
        [
            "Merci de nous avoir écrit. Personne ne peut répondre pour le moment. Une personne de notre équipe va vous répondre ici aujourd'hui à partir de \u{2068}14:00\u{2069}. Si vous êtes en danger maintenant, appelez le \u{2068}112\u{2069}.",
            "Merci de nous avoir écrit. Personne ne peut répondre pour le moment. Une personne de notre équipe va vous répondre ici demain à partir de \u{2068}14:00\u{2069}. Si vous êtes en danger maintenant, appelez le \u{2068}112\u{2069}.",
            "Merci de nous avoir écrit. Personne ne peut répondre pour le moment. Une personne de notre équipe va vous répondre ici le \u{2068}jeudi 10 décembre\u{2069} à partir de \u{2068}14:00\u{2069}. Si vous êtes en danger maintenant, appelez le \u{2068}112\u{2069}.",
        ],
    ),
    (
        "bg",
        [
            "Благодарим ви, че ни писахте. В момента никой не може да отговори. Някой от нашия екип ще ви отговори тук днес от \u{2068}14:00 ч.\u{2069}. Ако сега сте в опасност, обадете се на \u{2068}112\u{2069}.",
            "Благодарим ви, че ни писахте. В момента никой не може да отговори. Някой от нашия екип ще ви отговори тук утре от \u{2068}14:00 ч.\u{2069}. Ако сега сте в опасност, обадете се на \u{2068}112\u{2069}.",
            "Благодарим ви, че ни писахте. В момента никой не може да отговори. Някой от нашия екип ще ви отговори тук на \u{2068}четвъртък, 10 декември\u{2069} от \u{2068}14:00 ч.\u{2069}. Ако сега сте в опасност, обадете се на \u{2068}112\u{2069}.",
        ],
    ),
    (
        "hu",
        [
            "Köszönjük, hogy írtál. Most senki sem tud válaszolni. Csapatunk egyik tagja ma \u{2068}14:00\u{2069} órától itt válaszol neked. Ha most veszélyben vagy, hívd ezt a számot: \u{2068}112\u{2069}.",
            "Köszönjük, hogy írtál. Most senki sem tud válaszolni. Csapatunk egyik tagja holnap \u{2068}14:00\u{2069} órától itt válaszol neked. Ha most veszélyben vagy, hívd ezt a számot: \u{2068}112\u{2069}.",
            "Köszönjük, hogy írtál. Most senki sem tud válaszolni. Csapatunk egyik tagja itt válaszol neked ezen a napon: \u{2068}december 10., csütörtök\u{2069}, \u{2068}14:00\u{2069} órától. Ha most veszélyben vagy, hívd ezt a számot: \u{2068}112\u{2069}.",
        ],
    ),
    (
        "zh-Hans",
        [
            "谢谢你给我们发消息。现在没有人能回复。我们团队的人今天 \u{2068}14:00\u{2069} 起会在这里回复你。如果你现在有危险，请拨打 \u{2068}112\u{2069}。",
            "谢谢你给我们发消息。现在没有人能回复。我们团队的人明天 \u{2068}14:00\u{2069} 起会在这里回复你。如果你现在有危险，请拨打 \u{2068}112\u{2069}。",
            "谢谢你给我们发消息。现在没有人能回复。我们团队的人会在 \u{2068}12月10日星期四\u{2069} \u{2068}14:00\u{2069} 起在这里回复你。如果你现在有危险，请拨打 \u{2068}112\u{2069}。",
        ],
    ),
    (
        "fil",
        [
            "Salamat sa pag-message mo. Walang makakasagot ngayon. Sasagutin ka rito ng isang tao mula sa aming team ngayong araw, simula \u{2068}2:00\u{202f}PM\u{2069}. Kung nasa panganib ka ngayon, tumawag ka sa \u{2068}112\u{2069}.",
            "Salamat sa pag-message mo. Walang makakasagot ngayon. Sasagutin ka rito ng isang tao mula sa aming team bukas, simula \u{2068}2:00\u{202f}PM\u{2069}. Kung nasa panganib ka ngayon, tumawag ka sa \u{2068}112\u{2069}.",
            "Salamat sa pag-message mo. Walang makakasagot ngayon. Sasagutin ka rito ng isang tao mula sa aming team sa \u{2068}Huwebes, Disyembre 10\u{2069}, simula \u{2068}2:00\u{202f}PM\u{2069}. Kung nasa panganib ka ngayon, tumawag ka sa \u{2068}112\u{2069}.",
        ],
    ),
    (
        "fa",
        [
            "از اینکه به ما نوشتید تشکر می\u{200c}کنیم. الان کسی نمی\u{200c}تواند جواب بدهد. یک نفر از تیم ما امروز از ساعت \u{2068}۱۴:۰۰\u{2069} همین\u{200c}جا به شما جواب می\u{200c}دهد. اگر الان در خطر هستید، به شماره \u{2068}112\u{2069} زنگ بزنید.",
            "از اینکه به ما نوشتید تشکر می\u{200c}کنیم. الان کسی نمی\u{200c}تواند جواب بدهد. یک نفر از تیم ما فردا از ساعت \u{2068}۱۴:۰۰\u{2069} همین\u{200c}جا به شما جواب می\u{200c}دهد. اگر الان در خطر هستید، به شماره \u{2068}112\u{2069} زنگ بزنید.",
            "از اینکه به ما نوشتید تشکر می\u{200c}کنیم. الان کسی نمی\u{200c}تواند جواب بدهد. یک نفر از تیم ما روز \u{2068}پنجشنبه ۱۹ آذر\u{2069} از ساعت \u{2068}۱۴:۰۰\u{2069} همین\u{200c}جا به شما جواب می\u{200c}دهد. اگر الان در خطر هستید، به شماره \u{2068}112\u{2069} زنگ بزنید.",
        ],
    ),
];

#[test]
fn out_of_hours_answers_read_as_pinned_in_every_language() {
    let catalog = super::tests::catalog();
    let date = jiff::civil::date(2026, 12, 10);
    let time = jiff::civil::time(14, 0, 0, 0);
    let mut now = String::new();
    let mut differ = Vec::new();
    for language in LANGUAGES {
        let tag = language.tag;
        let (Some(date), Some(time)) = (format_date(tag, date), format_time(tag, time)) else {
            panic!("{tag}: ICU formats no date or time");
        };
        let (date, time, emergency) = (Arg::from(date), Arg::from(time), Arg::from("112"));
        let rendered = [
            catalog.render(tag, "out-of-hours-today", &[("time", time.clone()), ("emergency", emergency.clone())]),
            catalog.render(tag, "out-of-hours-tomorrow", &[("time", time.clone()), ("emergency", emergency.clone())]),
            catalog.render(tag, "out-of-hours-later", &[("date", date), ("time", time), ("emergency", emergency)]),
        ];
        now.push_str(&format!("    ({tag:?}, [\n"));
        for text in &rendered {
            now.push_str(&format!("        {text:?},\n"));
        }
        now.push_str("    ]),\n");
        let pinned = PINNED.iter().find(|(pinned, _)| *pinned == tag).map(|(_, texts)| texts);
        if pinned.is_none_or(|texts| texts.iter().zip(&rendered).any(|(pinned, now)| pinned != now)) {
            differ.push(tag);
        }
    }
    assert_eq!(PINNED.len(), LANGUAGES.len(), "one row per shipped language");
    assert!(differ.is_empty(), "{differ:?} render otherwise than pinned; as they render now:\n{now}");
}
