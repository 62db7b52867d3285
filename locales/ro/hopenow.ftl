### Română (Romanian)
### Reviewed: machine-drafted, needs native review
### Date: 2026-11-29
###
### Translated from locales/en/hopenow.ftl, which explains each message.
### Propoziții scurte, cuvinte simple, ton cald și calm. Adresare politicoasă (dumneavoastră).
### Polite form (dumneavoastră) throughout. "Safe word" is "cuvânt secret"; "delete" and "erase" are both "a șterge".

received = Vă mulțumim pentru mesaj. O persoană din echipa noastră vă va răspunde aici în curând.

many-writing-wait = Vă mulțumim pentru mesaj. Acum ne scriu foarte multe persoane. Mesajul dumneavoastră este păstrat, iar o persoană din echipa noastră vă va răspunde aici cât de repede poate. Dacă sunteți în pericol acum, sunați la { $emergency }.

out-of-hours-today = Vă mulțumim că ne-ați scris. Acum nu vă poate răspunde nimeni. O persoană din echipa noastră vă va răspunde aici astăzi, de la ora { $time }. Dacă sunteți în pericol acum, sunați la { $emergency }.
out-of-hours-tomorrow = Vă mulțumim că ne-ați scris. Acum nu vă poate răspunde nimeni. O persoană din echipa noastră vă va răspunde aici mâine, de la ora { $time }. Dacă sunteți în pericol acum, sunați la { $emergency }.
out-of-hours-later = Vă mulțumim că ne-ați scris. Acum nu vă poate răspunde nimeni. O persoană din echipa noastră vă va răspunde aici pe { $date }, de la ora { $time }. Dacă sunteți în pericol acum, sunați la { $emergency }.
out-of-hours-unknown = Vă mulțumim că ne-ați scris. Acum nu vă poate răspunde nimeni. O persoană din echipa noastră vă va răspunde aici cât mai curând posibil. Dacă sunteți în pericol acum, sunați la { $emergency }.

staff-reply =
    { $alias }:
    { $text }

conversation-closed = Această conversație este închisă. Ne puteți scrie din nou oricând.
chat-closed-by-team = Echipa noastră a închis acest chat.

# Romanian puts "de" before counts from 20 up (except 101–119, 201–219, …), which is what the
# plural categories "few" and "other" tell apart.
message-too-long = Mesajul a fost prea lung și nu a fost trimis. Vă rugăm să îl trimiteți în părți mai scurte, de cel mult { $limit ->
        [one] { $limit } caracter
        [few] { $limit } caractere
       *[other] { $limit } de caractere
    } fiecare.
message-not-delivered = Ultimul mesaj nu a putut fi trimis echipei noastre. Vă rugăm să îl trimiteți din nou.

## Răspunsuri gata făcute, pe care echipa le poate trimite.

canned-greeting = Bună! Ne puteți scrie aici în limba dumneavoastră. Suntem aici ca să vă ascultăm.
canned-emergency = Dacă sunteți în pericol acum, sunați la { $emergency }. Apelul este gratuit.
canned-hours = Echipa noastră răspunde în aceste intervale: { $hours }
canned-soon = O persoană din echipa noastră vă va răspunde în curând.
canned-safe = Puteți vorbi acum în siguranță? Vă rugăm să răspundeți cu da sau nu.
canned-meet = Ne putem întâlni cu dumneavoastră într-un loc sigur. Spuneți-ne unde și când vă este bine.
canned-doctor = Puteți merge la un medic, chiar și fără acte. Putem merge împreună cu dumneavoastră.
canned-language = Puteți scrie în limba dumneavoastră. Noi vom traduce.

## Primul contact și mesajele botului.

greeting =
    Bună ziua. Puteți scrie aici în limba dumneavoastră.
    Vă rugăm să alegeți limba:
language-picker = Vă rugăm să alegeți limba:
hold-question = Să vă trimitem răspunsurile imediat ce sunt scrise, sau să le păstrăm până când le cereți? Dacă altcineva se poate uita în telefonul dumneavoastră, alegeți să le păstrăm.
hold-choice-send = Trimiteți-le imediat
hold-choice-keep = Păstrați-le până le cer
replies-held = Vă păstrăm răspunsurile. Scrieți { -cmd-messages } când este sigur să le citiți.
ready = O persoană vă va citi mesajele și vă va răspunde aici. Scrieți { -cmd-help } pentru numerele de urgență.
no-held-messages = Nu aveți mesaje noi.

help =
    Dacă sunteți în pericol acum, sunați la { $emergency }. Apelul este gratuit.
    Puteți scrie aici oricând. O persoană vă va răspunde.
    { -cmd-language } — schimbați limba
    { -cmd-messages } — vedeți mesajele păstrate pentru dumneavoastră
    { -cmd-hide } — ștergeți mesajele recente din acest chat
    { -cmd-autohide } — acest chat se șterge singur după un timp
    { -cmd-safeword } — alegeți un cuvânt care șterge imediat acest chat
    { -cmd-code } — continuați acest chat pe alt telefon
    { -cmd-forget } — ștergeți tot ce avem de la dumneavoastră
help-with-hours =
    Dacă sunteți în pericol acum, sunați la { $emergency }. Apelul este gratuit.
    Echipa noastră răspunde la aceste ore: { $hours }
    Puteți scrie aici oricând.
    { -cmd-language } — schimbați limba
    { -cmd-messages } — vedeți mesajele păstrate pentru dumneavoastră
    { -cmd-hide } — ștergeți mesajele recente din acest chat
    { -cmd-autohide } — acest chat se șterge singur după un timp
    { -cmd-safeword } — alegeți un cuvânt care șterge imediat acest chat
    { -cmd-code } — continuați acest chat pe alt telefon
    { -cmd-forget } — ștergeți tot ce avem de la dumneavoastră

hidden = Gata. Și acest mesaj va dispărea.

forget-question = Doriți să ștergem tot ce avem de la dumneavoastră și mesajele din acest chat? Acest lucru nu poate fi anulat.
forget-choice-yes = Da, ștergeți tot
forget-choice-no = Nu, păstrați
forget-cancelled = Nu s-a șters nimic.
forgotten = Gata. Ne puteți scrie din nou oricând.

location-question = Am transmis doar o locație aproximativă (aproximativ 1 km). Doriți să trimiteți echipei noastre locația exactă?
location-choice-yes = Da, trimiteți locația exactă
location-choice-no = Nu, păstrați-o aproximativă
location-sent = Locația dumneavoastră exactă a fost trimisă echipei noastre.
location-kept-approximate = A fost transmisă doar locația aproximativă.

contact-not-relayed = Nu transmitem carduri de contact, pentru a proteja persoanele din ele. Dacă vreți să ne spuneți ceva despre o persoană, scrieți într-un mesaj.
file-too-large = Acest fișier este prea mare pentru a fi primit aici (limita este { $megabytes } MB). Vă rugăm să trimiteți un fișier mai mic sau să ne spuneți în cuvinte.

# $language is the own name of this language (Română).
language-hint-question = Se pare că scrieți în română. Doriți să continuați în română?
language-hint-yes = Da, continui în română
language-hint-no = Nu, rămân la { $current }

## Siguranța persoanei care scrie.

safety-question = Puteți scrie acum în siguranță?
safety-choice-yes = Da, este sigur
safety-choice-not-now = Nu acum
safety-not-now = Bine. Scrieți-ne mai târziu.

safe-word-explain =
    Puteți alege un cuvânt secret. Dacă îl trimiteți aici, acest chat este șters imediat de pe telefonul dumneavoastră, iar noi vă păstrăm răspunsurile.
    Ca să le citiți când este sigur, trimiteți { -cmd-messages } și cuvântul secret, de exemplu: { -cmd-messages } lalea
    Ca să alegeți cuvântul, trimiteți { -cmd-safeword } și cuvântul, de exemplu: { -cmd-safeword } lalea
    De fiecare dată, cuvântul este șters din chat.
safe-word-too-short = Cuvântul secret trebuie să aibă cel puțin { $length ->
        [one] { $length } literă
        [few] { $length } litere
       *[other] { $length } de litere
    }. Vă rugăm să alegeți un cuvânt mai lung.
safe-word-set = Salvat. Acest mesaj va dispărea.
safe-word-removed = Cuvântul secret a fost eliminat.
# An ordinary reminder from a hair salon.
decoy = Programarea dumneavoastră de joi, la ora 14:00, este confirmată. Vă așteptăm!

auto-hide-question = Doriți ca acest chat să se șteargă singur la un timp după ultimul mesaj?
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

code-given = Ca să continuați pe alt telefon, trimiteți-ne aceste patru cuvinte de pe telefonul nou: { $phrase }
    Ele funcționează o singură dată, timp de { $minutes ->
        [one] { $minutes } minut
        [few] { $minutes } minute
       *[other] { $minutes } de minute
    }. Oricine are aceste cuvinte vă poate citi mesajele noi, așa că păstrați-le secrete. Acest mesaj va dispărea.
code-moved = Bine ați revenit. Chatul dumneavoastră continuă aici.
code-wrong = Aceste cuvinte nu sunt corecte sau sunt prea vechi. Vă rugăm să le verificați și să încercați din nou.
code-locked = Prea multe încercări greșite. Vă rugăm să așteptați { $minutes ->
        [one] { $minutes } minut
        [few] { $minutes } minute
       *[other] { $minutes } de minute
    } și să încercați din nou.

## Meniul de comenzi. Cuvinte neutre: cineva se poate uita la acest meniu.

menu-help = Ajutor și numere de telefon
menu-language = Schimbați limba
menu-messages = Mesaje noi
menu-hide = Ștergeți mesajele recente
menu-autohide = Ștergeți automat acest chat
menu-safeword = Alegeți un cuvânt secret
menu-code = Continuați pe alt telefon
menu-forget = Ștergeți datele mele

# A visitor's file was refused: their files for the day reached the limit ([limits]). Words still flow.
file-over-daily-limit = Ați trimis multe fișiere astăzi, așa că acesta nu a fost primit. Cuvintele dumneavoastră ajung în continuare la noi: scrieți-ne sau trimiteți fișierul mâine.
# A visitor's file was refused: the server's disk is nearly full. Words still flow.
file-not-received-now = Acum nu putem primi fișiere. Cuvintele dumneavoastră ajung în continuare la noi: vă rugăm să ne scrieți.
