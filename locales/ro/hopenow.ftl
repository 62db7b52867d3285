### Română (Romanian)
### Reviewed: machine-drafted, needs native review
### Date: 2026-12-05
###
### Translated from locales/en/hopenow.ftl, which explains each message.
### Propoziții scurte, cuvinte simple, ton cald și calm. Ne adresăm cu „tu”.
### Register: familiar "tu", on purpose: shorter and warmer, the way a helper of one's own age
### writes; "dumneavoastră" made every sentence long and official, like a letter from an office.
### Gender: no adjective or participle about the reader ("poți scrie în siguranță", never
### "ești sigur/sigură"). The visitor's buttons speak to the team in the plural ("Trimiteți-le").
### `decoy` keeps the formal form a salon would use. "Characters" stay "caractere", the everyday
### word of every phone's message counter. "Secret word" is "cuvânt secret"; "delete" and "erase"
### are both "a șterge".

received = Mulțumim pentru mesaj. O persoană din echipa noastră îți va răspunde aici în curând.

many-writing-wait = Mulțumim pentru mesaj. Acum ne scriu foarte multe persoane. Mesajul tău este păstrat, iar o persoană din echipa noastră îți va răspunde aici cât de repede poate. Dacă ești în pericol acum, sună la { $emergency }.

out-of-hours-today = Mulțumim că ne-ai scris. Acum nu îți poate răspunde nimeni. O persoană din echipa noastră îți va răspunde aici astăzi, de la ora { $time }. Dacă ești în pericol acum, sună la { $emergency }.
out-of-hours-tomorrow = Mulțumim că ne-ai scris. Acum nu îți poate răspunde nimeni. O persoană din echipa noastră îți va răspunde aici mâine, de la ora { $time }. Dacă ești în pericol acum, sună la { $emergency }.
out-of-hours-later = Mulțumim că ne-ai scris. Acum nu îți poate răspunde nimeni. O persoană din echipa noastră îți va răspunde aici pe { $date }, de la ora { $time }. Dacă ești în pericol acum, sună la { $emergency }.
out-of-hours-unknown = Mulțumim că ne-ai scris. Acum nu îți poate răspunde nimeni. O persoană din echipa noastră îți va răspunde aici cât mai curând. Dacă ești în pericol acum, sună la { $emergency }.

staff-reply =
    { $alias }:
    { $text }

conversation-closed = Această conversație este închisă. Ne poți scrie din nou oricând.
chat-closed-by-team = Echipa noastră a închis acest chat.

# Romanian puts "de" before counts from 20 up (except 101–119, 201–219, …), which is what the
# plural categories "few" and "other" tell apart.
message-too-long = Mesajul a fost prea lung și nu a fost trimis. Trimite-l în părți mai scurte, de cel mult { $limit ->
        [one] { $limit } caracter
        [few] { $limit } caractere
       *[other] { $limit } de caractere
    } fiecare.
message-not-delivered = Ultimul tău mesaj nu a putut fi trimis echipei noastre. Te rugăm să-l trimiți din nou.

## Răspunsuri gata făcute, pe care echipa le poate trimite.

canned-greeting = Bună! Ne poți scrie aici în limba ta. Suntem aici ca să te ascultăm.
canned-emergency = Dacă ești în pericol acum, sună la { $emergency }. Apelul este gratuit.
canned-hours = Echipa noastră răspunde la aceste ore: { $hours }
canned-soon = O persoană din echipa noastră îți va răspunde în curând.
canned-safe = Poți vorbi acum în siguranță? Te rugăm să răspunzi cu da sau nu.
canned-meet = Ne putem întâlni cu tine într-un loc sigur. Spune-ne unde și când îți convine.
canned-doctor = Poți merge la un medic, chiar și fără acte. Putem merge împreună cu tine.
canned-language = Poți scrie în limba ta. Noi vom traduce.

## Primul contact și mesajele botului.

greeting =
    Bună. Poți scrie aici în limba ta.
    Alege limba ta:
language-picker = Alege limba ta:
hold-question = Să îți trimitem răspunsurile imediat ce sunt scrise, sau să le păstrăm până când le ceri? Dacă altcineva se poate uita în telefonul tău, alege să le păstrăm.
hold-choice-send = Trimiteți-le imediat
hold-choice-keep = Păstrați-le până le cer
replies-held = Îți păstrăm răspunsurile. Scrie { -cmd-messages } când le poți citi în siguranță.
ready = O persoană îți va citi mesajele și îți va răspunde aici. Scrie { -cmd-help } pentru numerele de urgență.
no-held-messages = Nu ai mesaje noi.

help =
    Dacă ești în pericol acum, sună la { $emergency }. Apelul este gratuit.
    Poți scrie aici oricând. O persoană îți va răspunde.
    { -cmd-language } — schimbă limba
    { -cmd-messages } — vezi mesajele păstrate pentru tine
    { -cmd-hide } — șterge mesajele recente din acest chat
    { -cmd-autohide } — acest chat se șterge singur după un timp
    { -cmd-word } — alege un cuvânt secret care șterge imediat acest chat
    { -cmd-code } — continuă acest chat pe alt telefon
    { -cmd-forget } — șterge tot ce păstrăm despre tine
help-with-hours =
    Dacă ești în pericol acum, sună la { $emergency }. Apelul este gratuit.
    Echipa noastră răspunde la aceste ore: { $hours }
    Poți scrie aici oricând.
    { -cmd-language } — schimbă limba
    { -cmd-messages } — vezi mesajele păstrate pentru tine
    { -cmd-hide } — șterge mesajele recente din acest chat
    { -cmd-autohide } — acest chat se șterge singur după un timp
    { -cmd-word } — alege un cuvânt secret care șterge imediat acest chat
    { -cmd-code } — continuă acest chat pe alt telefon
    { -cmd-forget } — șterge tot ce păstrăm despre tine

hidden = Gata. Și acest mesaj va dispărea.

forget-question = Vrei să ștergem tot ce păstrăm despre tine și mesajele din acest chat? Asta nu mai poate fi anulat.
forget-choice-yes = Da, ștergeți tot
forget-choice-no = Nu, păstrați
forget-cancelled = Nu s-a șters nimic.
forgotten = Gata. Ne poți scrie din nou oricând.

location-question = Echipa noastră a primit doar o locație aproximativă (cam 1 km). Vrei să trimiți echipei noastre locația exactă?
location-choice-yes = Da, trimiteți locația exactă
location-choice-no = Nu, doar cea aproximativă
location-sent = Locația ta exactă a fost trimisă echipei noastre.
location-kept-approximate = Echipa noastră are doar locația aproximativă.

contact-not-relayed = Nu transmitem contactele trimise, ca să protejăm persoanele din ele. Dacă vrei să ne spui ceva despre o persoană, scrie într-un mesaj.
file-too-large = Acest fișier este prea mare pentru a fi primit aici (limita este { $megabytes } MB). Te rugăm să trimiți un fișier mai mic sau să ne spui în cuvinte.

# $language is the own name of this language (Română).
language-hint-question = Se pare că scrii în română. Vrei să continui în română?
language-hint-yes = Da, continui în română
language-hint-no = Nu, rămân la { $current }

## Siguranța persoanei care scrie.

safety-question = Poți scrie acum în siguranță?
safety-choice-yes = Da, este sigur
safety-choice-not-now = Nu acum
safety-not-now = Bine. Scrie-ne mai târziu.

safe-word-explain =
    Poți alege un cuvânt secret. Dacă îl trimiți aici, acest chat este șters imediat de pe telefonul tău, iar noi îți păstrăm răspunsurile.
    Ca să le citești când este sigur, trimite { -cmd-messages } și cuvântul secret, de exemplu: { -cmd-messages } lalea
    Ca să alegi cuvântul, trimite { -cmd-word } și cuvântul, de exemplu: { -cmd-word } lalea
    De fiecare dată, cuvântul este șters din chat.
safe-word-too-short = Cuvântul secret trebuie să aibă cel puțin { $length ->
        [one] { $length } literă
        [few] { $length } litere
       *[other] { $length } de litere
    }. Te rugăm să alegi un cuvânt mai lung.
safe-word-set = Salvat. Acest mesaj va dispărea.
safe-word-removed = Cuvântul secret a fost eliminat.
# An ordinary reminder from a hair salon.
decoy = Programarea dumneavoastră de joi, la ora 14:00, este confirmată. Vă așteptăm!

auto-hide-question = Vrei ca acest chat să se șteargă singur la un timp după ultimul mesaj?
auto-hide-choice-minutes = După { $minutes ->
        [one] { $minutes } minut
        [few] { $minutes } minute
       *[other] { $minutes } de minute
    }
auto-hide-choice-off = Nu, păstrați mesajele
auto-hide-on = Acest chat se va șterge singur la { $minutes ->
        [one] { $minutes } minut
        [few] { $minutes } minute
       *[other] { $minutes } de minute
    } după ultimul mesaj.
auto-hide-off = Salvat. Acest mesaj va dispărea.

code-given = Ca să continui pe alt telefon, trimite-ne de pe telefonul nou aceste patru cuvinte în engleză, exact cum sunt scrise: { $phrase }
    Funcționează o singură dată, timp de { $minutes ->
        [one] { $minutes } minut
        [few] { $minutes } minute
       *[other] { $minutes } de minute
    }. Oricine are aceste cuvinte îți poate citi mesajele noi, așa că păstrează-le secrete. Acest mesaj va dispărea.
code-moved = Bine ai revenit. Chatul tău continuă aici.
code-wrong = Aceste cuvinte nu sunt corecte sau nu mai sunt valabile. Te rugăm să le verifici și să încerci din nou.
code-locked = Prea multe încercări greșite. Te rugăm să aștepți { $minutes ->
        [one] { $minutes } minut
        [few] { $minutes } minute
       *[other] { $minutes } de minute
    } și să încerci din nou.

## Meniul de comenzi. Cuvinte neutre: cineva se poate uita la acest meniu.

menu-help = Ajutor și numere de telefon
menu-language = Schimbă limba
menu-messages = Mesaje noi
menu-hide = Șterge mesajele recente
menu-autohide = Șterge automat acest chat
menu-word = Alege un cuvânt secret
menu-code = Continuă pe alt telefon
menu-forget = Șterge datele mele

# A visitor's file was refused: their files for the day reached the limit ([limits]). Words still flow.
file-over-daily-limit = Ai trimis multe fișiere astăzi, așa că acesta nu a fost primit. Cuvintele tale ajung în continuare la noi: scrie-ne sau trimite fișierul mâine.
# A visitor's file was refused: the server's disk is nearly full. Words still flow.
file-not-received-now = Acum nu putem primi fișiere. Cuvintele tale ajung în continuare la noi: te rugăm să ne scrii.

machine-translated-note = (Un calculator a tradus acest mesaj. Dacă ceva nu e clar, te rugăm să ne întrebi.)

partner-intro = Iată un loc unde te pot ajuta:
partner-address = Adresa: { $address }
partner-hours = Program: { $hours }
partner-phone = Telefon: { $phone }
partner-bring = Ce să iei cu tine: { $bring }

card-line = Ai întrebări? Cineva te ascultă. Scrie-ne în limba ta.
card-line-discreet = Unghii · Coafură · Lecții — programări prin mesaj

## Opt-in news (/news)
menu-news = Noutăți de la noi
news-subscribed = Gata. Vei primi noutățile noastre aici (cursuri, întâlniri), în limba ta. Trimite { -cmd-news } din nou ca să oprești.
news-unsubscribed = Gata. Nu mai primești noutăți de la noi. Trimite { -cmd-news } dacă le vrei din nou.
news-announcement =
    { $text }

    — Trimite { -cmd-news } ca să nu mai primești aceste mesaje.

## Sharing with a friend (/share)

menu-share = Trimite acest chat cuiva
share-invitation = Cineva cu care să vorbești, gratuit și discret, în limba ta:
    { $link }
share-invitation-matrix = Cineva cu care să vorbești, gratuit și discret, în limba ta:
    { $link }
    Scrie { -cmd-start } share ca să începi.
share-sent = Trimite mai departe mesajul de mai sus unei persoane în care ai încredere. Dispare de aici în { $minutes ->
    [one] { $minutes } minut
    [few] { $minutes } minute
   *[other] { $minutes } de minute
    }.
share-keep = Păstrați-l
share-kept = Mesajul rămâne. Acesta va dispărea.
share-unavailable = Acum nu se poate trimite acest chat cuiva.
