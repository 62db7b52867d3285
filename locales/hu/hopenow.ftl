### Magyar (Hungarian)
### Reviewed: machine-drafted, needs native review
### Date: 2026-12-05
###
### Translated from locales/en/hopenow.ftl, which explains each message.
### Register: informal "te", on purpose (warmer, and "Ön" sounds like an office letter); the decoy
### uses "Ön" like a real shop. Hungarian has no grammatical gender, so nothing to choose there.
### The /help lines are imperatives ("töröld…"), not nouns. Buttons speak to the team in the
### plural ("Küldjétek", "Töröljetek", "adjátok tovább"); only the language buttons say what the
### visitor does ("folytatom"). "Characters" are "betű" (letters). "Secret word" is "titkos szó".
### $date comes as "december 10., csütörtök" (month name first).

received = Köszönjük az üzenetedet. Csapatunk egyik tagja hamarosan itt válaszol neked.

many-writing-wait = Köszönjük az üzenetedet. Most sokan írnak nekünk. Az üzeneted megvan, és csapatunk egyik tagja itt válaszol neked, amint tud. Ha most veszélyben vagy, hívd ezt a számot: { $emergency }.

out-of-hours-today = Köszönjük, hogy írtál. Most senki sem tud válaszolni. Csapatunk egyik tagja ma { $time } órától itt válaszol neked. Ha most veszélyben vagy, hívd ezt a számot: { $emergency }.
out-of-hours-tomorrow = Köszönjük, hogy írtál. Most senki sem tud válaszolni. Csapatunk egyik tagja holnap { $time } órától itt válaszol neked. Ha most veszélyben vagy, hívd ezt a számot: { $emergency }.
out-of-hours-later = Köszönjük, hogy írtál. Most senki sem tud válaszolni. Csapatunk egyik tagja itt válaszol neked ezen a napon: { $date }, { $time } órától. Ha most veszélyben vagy, hívd ezt a számot: { $emergency }.
out-of-hours-unknown = Köszönjük, hogy írtál. Most senki sem tud válaszolni. Csapatunk egyik tagja a lehető leghamarabb itt válaszol neked. Ha most veszélyben vagy, hívd ezt a számot: { $emergency }.

staff-reply =
    { $alias }:
    { $text }

conversation-closed = Ez a beszélgetés lezárult. Bármikor írhatsz nekünk újra.
chat-closed-by-team = Csapatunk lezárta ezt a csevegést.

message-too-long = Az üzeneted túl hosszú volt, ezért nem ment el. Kérlek, küldd el rövidebb részekben: egy-egy rész legfeljebb { $limit } betű legyen.
message-not-delivered = Az utolsó üzeneted nem jutott el a csapatunkhoz. Kérlek, küldd el újra.

## Kész válaszok, amelyeket a csapat az író nyelvén küldhet.

canned-greeting = Szia! Itt a saját nyelveden írhatsz nekünk. Azért vagyunk itt, hogy meghallgassunk.
canned-emergency = Ha most veszélyben vagy, hívd ezt a számot: { $emergency }. A hívás ingyenes.
canned-hours = Csapatunk ezekben az időpontokban válaszol: { $hours }
canned-soon = Csapatunk egyik tagja hamarosan válaszol neked.
canned-safe = Biztonságos most beszélned? Kérlek, válaszolj igennel vagy nemmel.
canned-meet = Találkozhatunk veled egy biztonságos helyen. Írd meg, hol és mikor jó neked.
canned-doctor = Orvoshoz mehetsz, akkor is, ha nincsenek papírjaid. El tudunk menni veled.
canned-language = Írhatsz a saját nyelveden. Mi lefordítjuk.

## Az első kapcsolat és a rendszer saját kérdései.

greeting =
    Szia. Itt a saját nyelveden írhatsz.
    Kérlek, válaszd ki a nyelvedet:
language-picker = Kérlek, válaszd ki a nyelvedet:
hold-question = Azonnal küldjük el a válaszainkat, amint megírtuk őket, vagy tartsuk meg őket, amíg nem kéred? Ha más is belenézhet a telefonodba, válaszd azt, hogy tartsuk meg.
hold-choice-send = Küldjétek azonnal
hold-choice-keep = Tartsátok meg, amíg nem kérem
replies-held = Megtartjuk neked a válaszainkat. Írd be: { -cmd-messages }, amikor már biztonságos elolvasni őket.
ready = Valaki elolvassa az üzeneteidet, és itt válaszol neked. A segélyhívó számokhoz írd be: { -cmd-help }.
no-held-messages = Nincs új üzeneted.

help =
    Ha most veszélyben vagy, hívd ezt a számot: { $emergency }. A hívás ingyenes.
    Itt bármikor írhatsz. Valaki válaszolni fog neked.
    { -cmd-language } — változtasd meg a nyelvet
    { -cmd-messages } — nézd meg a neked megtartott üzeneteket
    { -cmd-hide } — töröld a legutóbbi üzeneteket ebből a csevegésből
    { -cmd-autohide } — állítsd be, hogy a csevegés egy idő után magától törlődjön
    { -cmd-word } — válassz egy titkos szót, amely azonnal törli a csevegést
    { -cmd-code } — folytasd a csevegést egy másik telefonon
    { -cmd-forget } — töröld mindazt, amit rólad tárolunk
help-with-hours =
    Ha most veszélyben vagy, hívd ezt a számot: { $emergency }. A hívás ingyenes.
    Csapatunk ezekben az időpontokban válaszol: { $hours }
    Itt bármikor írhatsz.
    { -cmd-language } — változtasd meg a nyelvet
    { -cmd-messages } — nézd meg a neked megtartott üzeneteket
    { -cmd-hide } — töröld a legutóbbi üzeneteket ebből a csevegésből
    { -cmd-autohide } — állítsd be, hogy a csevegés egy idő után magától törlődjön
    { -cmd-word } — válassz egy titkos szót, amely azonnal törli a csevegést
    { -cmd-code } — folytasd a csevegést egy másik telefonon
    { -cmd-forget } — töröld mindazt, amit rólad tárolunk

hidden = Kész. Ez az üzenet is el fog tűnni.

forget-question = Szeretnéd, hogy töröljünk mindent, amit rólad tárolunk, és a csevegés üzeneteit is? Ezt nem lehet visszavonni.
forget-choice-yes = Igen, töröljetek mindent
forget-choice-no = Nem, maradjon meg
forget-cancelled = Semmit sem töröltünk.
forgotten = Kész. Bármikor írhatsz újra.

location-question = Csapatunk csak egy hozzávetőleges helyet kapott (körülbelül 1 km pontossággal). Szeretnéd elküldeni a pontos helyedet a csapatunknak?
location-choice-yes = Igen, adjátok tovább a pontos helyet
location-choice-no = Nem, csak a hozzávetőlegeset
location-sent = A pontos helyedet elküldtük a csapatunknak.
location-kept-approximate = Csapatunknak csak a hozzávetőleges hely van meg.

contact-not-relayed = Névjegyeket nem adunk tovább, hogy megvédjük a bennük szereplő embereket. Ha szeretnél mondani nekünk valamit valakiről, írd meg üzenetben.
file-too-large = Ez a fájl túl nagy, itt nem tudjuk fogadni (a határ { $megabytes } MB). Kérlek, küldj kisebb fájlt, vagy írd le nekünk szavakkal.

language-hint-question = Úgy tűnik, ezen a nyelven írsz: { $language }. Ezen a nyelven szeretnéd folytatni?
language-hint-yes = Igen, folytatom ezen a nyelven: { $language }
language-hint-no = Nem, maradok ennél: { $current }

## Az író biztonsága.

safety-question = Biztonságos most írnod?
safety-choice-yes = Igen, biztonságos
safety-choice-not-now = Most nem
safety-not-now = Rendben. Írj később.

safe-word-explain =
    Választhatsz egy titkos szót. Ha itt elküldöd, ez a csevegés azonnal törlődik a telefonodról, és a válaszainkat megőrizzük neked.
    Ha el akarod olvasni őket, amikor már biztonságos, küldd el ezt: { -cmd-messages } és a titkos szavad, például: { -cmd-messages } tulipán
    A választáshoz küldd el ezt: { -cmd-word } és a szó, például: { -cmd-word } tulipán
    A szavad minden alkalommal törlődik a csevegésből.
safe-word-too-short = A titkos szónak legalább { $length ->
    [one] { $length } betűből
   *[other] { $length } betűből
    } kell állnia. Kérlek, válassz hosszabb szót.
safe-word-set = Elmentettük. Ez az üzenet el fog tűnni.
safe-word-removed = A titkos szavadat töröltük.
decoy = Csütörtök 14:00 órára foglalt időpontját visszaigazoljuk. Várjuk szeretettel!

auto-hide-question = Törlődjön ez a csevegés magától, valamivel az utolsó üzenet után?
auto-hide-choice-minutes = { $minutes ->
    [one] { $minutes } perc után
   *[other] { $minutes } perc után
    }
auto-hide-choice-off = Nem, maradjanak meg az üzenetek
auto-hide-on = Ez a csevegés az utolsó üzenet után { $minutes ->
    [one] { $minutes } perccel
   *[other] { $minutes } perccel
    } magától törlődik.
auto-hide-off = Elmentettük. Ez az üzenet el fog tűnni.

code-given = Ha egy másik telefonon szeretnéd folytatni, küldd el nekünk az új telefonról ezt a négy angol szót, pontosan így: { $phrase }
    Csak egyszer használhatók, { $minutes ->
        [one] { $minutes } percig
       *[other] { $minutes } percig
    }. Aki ismeri ezt a négy szót, olvashatja az új üzeneteidet, ezért tartsd titokban. Ez az üzenet el fog tűnni.
code-moved = Üdv újra itt. A csevegésed itt folytatódik.
code-wrong = Ezek a szavak nem jók, vagy már nem érvényesek. Kérlek, ellenőrizd őket, és próbáld újra.
code-locked = Túl sok hibás próbálkozás. Kérlek, várj { $minutes ->
    [one] { $minutes } percet
   *[other] { $minutes } percet
    }, és próbáld újra.

## A csevegőalkalmazás parancsmenüje. Semleges szavak: más is megnézheti ezt a menüt.

menu-help = Súgó és telefonszámok
menu-language = Nyelv módosítása
menu-messages = Új üzenetek megjelenítése
menu-hide = Legutóbbi üzenetek törlése
menu-autohide = Csevegés automatikus törlése
menu-word = Titkos szó választása
menu-code = Folytatás másik telefonon
menu-forget = Adataim törlése

# A visitor's file was refused: their files for the day reached the limit ([limits]). Words still flow.
file-over-daily-limit = Ma már sok fájlt küldtél, ezért ezt nem kaptuk meg. A szavaid továbbra is eljutnak hozzánk: írj nekünk, vagy küldd el a fájlt holnap.
# A visitor's file was refused: the server's disk is nearly full. Words still flow.
file-not-received-now = Most nem tudunk fájlokat fogadni. A szavaid továbbra is eljutnak hozzánk: kérlek, írj nekünk.

machine-translated-note = (Ezt az üzenetet számítógép fordította. Ha valami nem világos, kérdezz nyugodtan.)

partner-intro = Itt van egy hely, ahol segíthetnek neked:
partner-address = Cím: { $address }
partner-hours = Nyitva: { $hours }
partner-phone = Telefon: { $phone }
partner-bring = Mit vigyél magaddal: { $bring }

card-line = Kérdésed van? Valaki meghallgat. Írj nekünk a saját nyelveden.
card-line-discreet = Köröm · Haj · Órák — foglalás üzenetben

## Opt-in news (/news)
menu-news = Híreink
news-subscribed = Kész. Itt kapod a híreinket (órák, találkozók) a saját nyelveden. Küldd el újra: { -cmd-news }, ha le akarod állítani.
news-unsubscribed = Kész. Nem kapsz több hírt tőlünk. Küldd el: { -cmd-news }, ha újra szeretnéd.
news-announcement =
    { $text }

    — Küldd el: { -cmd-news }, ha nem kérsz több ilyen üzenetet.

## Sharing with a friend (/share)

menu-share = Küldd el ezt a csevegést egy barátnak
share-invitation = Valaki, akivel beszélgethetsz, ingyen és bizalmasan, a saját nyelveden:
    { $link }
share-invitation-matrix = Valaki, akivel beszélgethetsz, ingyen és bizalmasan, a saját nyelveden:
    { $link }
    Kezdésként írd be: { -cmd-start } share
share-sent = Küldd tovább a fenti üzenetet egy barátnak, akiben megbízol. { $minutes ->
    [one] { $minutes } perc
   *[other] { $minutes } perc
    } múlva eltűnik innen.
share-keep = Tartsátok meg
share-kept = Az üzenet megmarad. Ez az üzenet el fog tűnni.
share-unavailable = Ezt a csevegést most nem lehet innen elküldeni.
