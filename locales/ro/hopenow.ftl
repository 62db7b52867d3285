### Română (Romanian)
### Reviewed: machine-drafted, needs native review
### Date: 2026-11-28
###
### Translated from locales/en/hopenow.ftl, which explains each message.
### Propoziții scurte, cuvinte simple, ton cald și calm. Adresare politicoasă (dumneavoastră).

received = Vă mulțumim pentru mesaj. O persoană din echipa noastră vă va răspunde aici în curând.

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
