### Dansk (Danish)
### Reviewed: machine-drafted, needs native review
### Date: 2026-12-05
###
### Translated from locales/en/hopenow.ftl, which explains each message.
### Korte sætninger, enkle ord, varm og rolig tone.
### Register: informal "du" throughout, the normal polite address in Danish ("De" would feel cold
### and old-fashioned). Danish "du" has no gender; the team is "vi". No "venligst": it sounds like
### an official letter; a plain imperative is friendly in Danish. "Secret word" is "hemmeligt ord".
### "Tegn" stays for characters: it is the everyday word (an SMS has 160 tegn), clearer than
### "bogstaver", which would leave out digits.

received = Tak for din besked. En person fra vores team svarer dig her snart.

many-writing-wait = Tak for din besked. Mange skriver til os lige nu. Din besked er gemt, og en person fra vores team svarer dig her, så snart de kan. Hvis du er i fare lige nu, så ring { $emergency }.

out-of-hours-today = Tak fordi du skriver. Lige nu kan ingen svare. En person fra vores team svarer dig her i dag fra kl. { $time }. Hvis du er i fare lige nu, så ring { $emergency }.
out-of-hours-tomorrow = Tak fordi du skriver. Lige nu kan ingen svare. En person fra vores team svarer dig her i morgen fra kl. { $time }. Hvis du er i fare lige nu, så ring { $emergency }.
out-of-hours-later = Tak fordi du skriver. Lige nu kan ingen svare. En person fra vores team svarer dig her { $date } fra kl. { $time }. Hvis du er i fare lige nu, så ring { $emergency }.
out-of-hours-unknown = Tak fordi du skriver. Lige nu kan ingen svare. En person fra vores team svarer dig her så hurtigt som muligt. Hvis du er i fare lige nu, så ring { $emergency }.

staff-reply =
    { $alias }:
    { $text }

conversation-closed = Denne samtale er lukket. Du kan altid skrive til os igen.
chat-closed-by-team = Vores team har lukket denne chat.

message-too-long = Din besked var for lang og blev ikke sendt. Send den i kortere dele, med højst { $limit } tegn i hver del.
message-not-delivered = Din sidste besked kunne ikke sendes til vores team. Send den igen.

## Færdige svar, som teamet kan sende.

canned-greeting = Hej! Du kan skrive til os her på dit eget sprog. Vi er her for at lytte til dig.
canned-emergency = Hvis du er i fare lige nu, så ring { $emergency }. Det er gratis at ringe.
canned-hours = Vores team svarer på disse tidspunkter: { $hours }
canned-soon = En person fra vores team svarer dig snart.
canned-safe = Er det sikkert for dig at tale nu? Svar ja eller nej.
canned-meet = Vi kan mødes med dig et sikkert sted. Fortæl os, hvor og hvornår det passer dig.
canned-doctor = Du kan komme til en læge, også uden papirer. Vi kan tage med dig.
canned-language = Du kan skrive på dit eget sprog. Vi oversætter det.

## Første kontakt og bottens egne beskeder.

greeting =
    Hej. Du kan skrive her på dit eget sprog.
    Vælg dit sprog:
language-picker = Vælg dit sprog:
hold-question = Skal vi sende vores svar, så snart de er skrevet, eller gemme dem, til du beder om dem? Hvis en anden kan se din telefon, så vælg at gemme dem.
hold-choice-send = Send dem med det samme
hold-choice-keep = Gem dem, til jeg beder om dem
replies-held = Vi gemmer vores svar til dig. Skriv { -cmd-messages }, når det er sikkert at læse dem.
ready = En person læser dine beskeder og svarer dig her. Skriv { -cmd-help } for at se nødnumre.
no-held-messages = Der er ingen nye beskeder til dig.

help =
    Hvis du er i fare nu, så ring { $emergency }. Opkaldet er gratis.
    Du kan skrive her når som helst. En person svarer dig.
    { -cmd-language } — skift sprog
    { -cmd-messages } — vis beskeder, vi har gemt til dig
    { -cmd-hide } — slet de seneste beskeder i denne chat
    { -cmd-autohide } — slet denne chat automatisk efter et stykke tid
    { -cmd-word } — vælg et hemmeligt ord, der sletter denne chat med det samme
    { -cmd-code } — fortsæt denne chat på en anden telefon
    { -cmd-forget } — slet alt, hvad vi gemmer om dig
help-with-hours =
    Hvis du er i fare nu, så ring { $emergency }. Opkaldet er gratis.
    Vores team svarer på disse tidspunkter: { $hours }
    Du kan skrive her når som helst.
    { -cmd-language } — skift sprog
    { -cmd-messages } — vis beskeder, vi har gemt til dig
    { -cmd-hide } — slet de seneste beskeder i denne chat
    { -cmd-autohide } — slet denne chat automatisk efter et stykke tid
    { -cmd-word } — vælg et hemmeligt ord, der sletter denne chat med det samme
    { -cmd-code } — fortsæt denne chat på en anden telefon
    { -cmd-forget } — slet alt, hvad vi gemmer om dig

hidden = Så er det gjort. Denne besked forsvinder også.

forget-question = Vil du have, at vi sletter alt, hvad vi gemmer om dig, og beskederne i denne chat? Det kan ikke fortrydes.
forget-choice-yes = Ja, slet alt
forget-choice-no = Nej, behold det
forget-cancelled = Intet blev slettet.
forgotten = Så er det gjort. Du kan skrive igen når som helst.

location-question = Vores team har kun fået en omtrentlig placering (ca. 1 km). Vil du sende din præcise placering til vores team?
location-choice-yes = Ja, send den præcise placering
location-choice-no = Nej, kun den omtrentlige
location-sent = Din præcise placering er sendt til vores team.
location-kept-approximate = Vores team har kun den omtrentlige placering.

contact-not-relayed = Vi giver ikke kontakter videre, for at beskytte personerne i dem. Hvis du vil fortælle os noget om en person, så skriv det i en besked.
file-too-large = Denne fil er for stor til at blive modtaget her (grænsen er { $megabytes } MB). Send en mindre fil, eller fortæl os det med ord.

language-hint-question = Det ser ud til, at du skriver på dansk. Vil du fortsætte på dansk?
language-hint-yes = Ja, fortsæt på dansk
language-hint-no = Nej, behold { $current }

## Sikkerhed for den, der skriver.

safety-question = Er det sikkert for dig at skrive nu?
safety-choice-yes = Ja, det er sikkert
safety-choice-not-now = Ikke nu
safety-not-now = Okay. Skriv igen senere.

safe-word-explain =
    Du kan vælge et hemmeligt ord. Hvis du sender det her, bliver chatten slettet fra din telefon med det samme, og vi gemmer vores svar til dig.
    For at læse dem, når det er sikkert, skal du sende { -cmd-messages } og dit hemmelige ord, for eksempel: { -cmd-messages } solsikke
    For at vælge ordet skal du sende { -cmd-word } og ordet, for eksempel: { -cmd-word } solsikke
    Hver gang bliver dit ord slettet fra chatten.
safe-word-too-short = Det hemmelige ord skal have mindst { $length ->
        [one] { $length } bogstav
       *[other] { $length } bogstaver
    }. Vælg et længere ord.
safe-word-set = Gemt. Denne besked forsvinder.
safe-word-removed = Dit hemmelige ord er fjernet.
# An ordinary reminder from a hair salon.
decoy = Din tid torsdag kl. 14.00 er bekræftet. Vi ses.

auto-hide-question = Skal denne chat slette sig selv et stykke tid efter den sidste besked?
auto-hide-choice-minutes = Efter { $minutes ->
        [one] { $minutes } minut
       *[other] { $minutes } minutter
    }
auto-hide-choice-off = Nej, behold beskederne
auto-hide-on = Denne chat sletter sig selv { $minutes ->
        [one] { $minutes } minut
       *[other] { $minutes } minutter
    } efter den sidste besked.
auto-hide-off = Gemt. Denne besked forsvinder.

code-given = For at fortsætte på en anden telefon skal du sende disse fire engelske ord til os fra den nye telefon, præcis som de står: { $phrase }
    De virker kun én gang, i { $minutes ->
        [one] { $minutes } minut
       *[other] { $minutes } minutter
    }. Alle, der har disse ord, kan læse dine nye beskeder, så hold dem hemmelige. Denne besked forsvinder.
code-moved = Velkommen tilbage. Din chat fortsætter her.
code-wrong = Disse ord er ikke rigtige, eller de virker ikke længere. Tjek dem, og prøv igen.
code-locked = For mange forkerte forsøg. Vent { $minutes ->
        [one] { $minutes } minut
       *[other] { $minutes } minutter
    }, og prøv så igen.

## Chat-appens kommandomenu. Neutrale ord: en anden kan se denne menu.

menu-help = Hjælp og telefonnumre
menu-language = Skift sprog
menu-messages = Vis nye beskeder
menu-hide = Slet de seneste beskeder
menu-autohide = Slet chatten automatisk
menu-word = Vælg et hemmeligt ord
menu-code = Fortsæt på en anden telefon
menu-forget = Slet mine data

# A visitor's file was refused: their files for the day reached the limit ([limits]). Words still flow.
file-over-daily-limit = Du har sendt mange filer i dag, så denne blev ikke modtaget. Dine ord når stadig frem til os: skriv til os, eller send filen i morgen.
# A visitor's file was refused: the server's disk is nearly full. Words still flow.
file-not-received-now = Filer kan ikke modtages lige nu. Dine ord når stadig frem til os: skriv til os.

machine-translated-note = (En computer har oversat denne besked. Hvis noget er uklart, så spørg endelig.)

partner-intro = Her er et sted, der kan hjælpe dig:
partner-address = Adresse: { $address }
partner-hours = Åbent: { $hours }
partner-phone = Telefon: { $phone }
partner-bring = Det skal du have med: { $bring }

card-line = Spørgsmål? Nogen lytter. Skriv til os på dit eget sprog.
card-line-discreet = Negle · Hår · Undervisning — book via besked

## Opt-in news (/news)
menu-news = Nyheder fra os
news-subscribed = Sådan. Du får vores nyheder her (undervisning, møder) på dit sprog. Send { -cmd-news } igen for at stoppe.
news-unsubscribed = Sådan. Du får ikke flere nyheder fra os. Send { -cmd-news }, hvis du vil have dem igen.
news-announcement =
    { $text }

    — Send { -cmd-news } for at stoppe disse beskeder.

## Sharing with a friend (/share)

menu-share = Send denne chat til en ven
share-invitation = Nogen at tale med, gratis og privat, på dit sprog:
    { $link }
share-invitation-matrix = Nogen at tale med, gratis og privat, på dit sprog:
    { $link }
    Skriv { -cmd-start } share for at begynde.
share-sent = Videresend beskeden ovenfor til en ven, du stoler på. Den forsvinder herfra om { $minutes ->
    [one] { $minutes } minut
   *[other] { $minutes } minutter
    }.
share-keep = Behold den
share-kept = Beskeden bliver. Denne her forsvinder.
share-unavailable = Det er ikke muligt at sende denne chat til en ven her lige nu.
