### Dansk (Danish)
### Reviewed: machine-drafted, needs native review
### Date: 2026-12-05
### Only en and da have a staff.ftl (staff read English or Danish); the other locales have
### none on purpose. Translation tools: locales/l10n.toml, locales/README.md.
###
### Translated from locales/en/staff.ftl, which explains each message.
### Til teamet i Element, ofte om natten: korte, præcise beskeder. Kommandoord (!duty, on,
### consent=yes, contacted…) skrives af medarbejderne og står derfor uændret på engelsk.
### "Visitor" is "den besøgende", "transcript" is "samtaleloggen", "peer worker" is
### "peer-medarbejderen", "on duty" is "på vagt". Informal "du", as in hopenow.ftl.

## Vagtrummet: læses af hele teamet.

duty-new-conversation = { $label } → { $staff } (ny samtale)
duty-from-queue = { $label } → { $staff } (fra køen)
duty-transferred = { $label } → { $staff } (overdraget)
duty-reassigned-unanswered = { $label } → { $staff } (flyttet: ikke besvaret i tide)
duty-reassigned-off-duty = { $label } → { $staff } (flyttet: den forrige medarbejder gik af vagt)

duty-waiting = Venter: { $label } — ingen på vagt kan tage den; den går til den første, der kommer på vagt.
duty-back-in-queue = Venter: { $label } — tilbage i køen, ingen andre er på vagt
duty-reopened = Genåbnet: { $label }

duty-shift-started = { $staff } er på vagt (vagten er begyndt).
duty-shift-ended = { $staff } er gået af vagt (vagten er slut).
duty-bot-new-session = ⚠ En ny session ({ $device }) er logget ind på broens egen Matrix-konto. Broen giver den ingen nøgler, så længe den ikke er verificeret, men den, der loggede ind, kender bottens adgangskode: skift adgangskoden, og log den session ud.

duty-unanswered-reassigned =
    Ubesvaret i { $minutes } { $minutes ->
        [one] minut
       *[other] minutter
    }: { $label } — { $staff } svarede ikke; nu hos { $next }.
duty-unanswered-stays =
    Ubesvaret i { $minutes } { $minutes ->
        [one] minut
       *[other] minutter
    }: { $label } — ingen andre på vagt kan tage den; den bliver hos { $staff }. Svar venligst.

duty-referral =
    Henvisning #{ $number } for { $label }: { $kind } (samtykke: { $consent ->
        [yes] ja
       *[no] nej — peer-medarbejderen er ikke inviteret til rummet
    }) af { $staff }
duty-referral-follow-up =
    Henvisning #{ $number } for { $label }: { $kind } (samtykke: { $consent ->
        [yes] ja
       *[no] nej — peer-medarbejderen er ikke inviteret til rummet
    }) af { $staff }; opfølgning { $date }
duty-follow-up-due = Tid til opfølgning: henvisning #{ $number } ({ $kind }) for { $label } er stadig { $status }.

duty-blocked = Blokeret: { $label } af { $staff }. Vedkommendes beskeder videresendes ikke længere.
duty-visitor-erased = { $pseudonym } har slettet sine data: samtalerne og samtaleloggene er væk.
duty-delivery-failed = ⚠ Kunne ikke udføre { $action } ({ $lane }): { $reason }

## Samtalerum: på sproget hos den medarbejder, der har samtalen.

room-transferred =
    Overdraget fra { $from } til { $to }.
    { $summary }
room-transferred-off-duty =
    Overdraget fra { $from } til { $to } (bemærk: vedkommende er ikke på vagt).
    { $summary }

summary =
    Overblik: { $label }; åben i { $minutes } { $minutes ->
        [one] minut
       *[other] minutter
    }; { $waiting }; henvisninger: { $referrals }; overdraget af { $from }.
summary-answered = besvaret
summary-waiting =
    har ventet { $minutes } { $minutes ->
        [one] minut
       *[other] minutter
    } på svar
summary-no-referrals = ingen
summary-referral = #{ $number } { $kind } ({ $status })

room-not-delivered = ⚠ Ikke leveret til den besøgende: { $reason }
room-file-too-large =
    Den besøgende prøvede at sende { $kind ->
        [photo] et billede
        [video] en video
        [video-note] en videobesked
        [voice] en talebesked
        [audio] en lydfil
        [document] et dokument
        [sticker] et klistermærke
       *[file] en fil
    }, men filen var for stor til at blive hentet.
room-file-not-fetched =
    { $kind ->
        [photo] Billedet
        [video] Videoen
        [video-note] Videobeskeden
        [voice] Talebeskeden
        [audio] Lydfilen
        [document] Dokumentet
        [sticker] Klistermærket
       *[file] Filen
    } ovenfor kunne ikke hentes. Bed den besøgende sende den igen, hvis den er vigtig.
room-file-held-back =
    { $kind ->
        [photo] Billedet
        [video] Videoen
        [video-note] Videobeskeden
        [voice] Talebeskeden
        [audio] Lydfilen
        [document] Dokumentet
        [sticker] Klistermærket
       *[file] Filen
    } ovenfor blev holdt tilbage: broen kan ikke rense dette format for det, det kan afsløre om hvor og hvornår det blev lavet. Hvis du har brug for at se det, så bed den besøgende om et skærmbillede af det.
room-language-chosen = Den besøgende valgte sproget { $language }.
room-visitor-erased = Den besøgende har slettet sine data: denne samtale og dens samtalelog er væk. Du kan forlade rummet.
room-replaced =
    Det tidligere rum for denne samtale gik tabt, så dette rum erstatter det. Tidligere beskeder er gemt i samtaleloggen (hopenow transcript show { $conversation }). { $name }; åben i { $minutes } { $minutes ->
        [one] minut
       *[other] minutter
    }.

room-safe-word-used = ⚠ Den besøgende brugte sit hemmelige ord. Chatten blev ryddet, og en uskyldig besked blev sendt. Skriv ikke: svar venter, til den besøgende sender /messages med sit hemmelige ord. Alt andet fra denne konto kan være en anden.
room-reply-held-safe-word = Holdt tilbage: den besøgende brugte sit hemmelige ord. Svaret venter, til vedkommende vender tilbage med det (/messages og ordet).
room-visitor-back = Den besøgende skrev igen med sit hemmelige ord (/messages og ordet). Svar, der ventede, sendes nu.
room-after-safe-word = ⚠ Skrevet efter det hemmelige ord — det er måske ikke den besøgende. Intet blev sendt tilbage; svar venter stadig.
room-release-refused = ⚠ Nogen bad om de tilbageholdte svar uden det hemmelige ord — det er måske ikke den besøgende. Intet blev sendt.
room-reply-held = Holdt tilbage: denne besøgende læser kun svar, når vedkommende beder om dem (/messages).
room-not-sent-closed = Ikke sendt: samtalen er lukket. Den åbner igen, når den besøgende skriver igen.
room-not-sent-blocked = Ikke sendt: den besøgende er blokeret (!unblock fortryder).
room-not-relayed-unencrypted = ⚠ Ikke videresendt: beskeden blev sendt ukrypteret. Brug en app med kryptering slået til (Element).
room-not-relayed-unverified-device = ⚠ Ikke videresendt: { $staff } skrev fra en session, der ikke er verificeret. Kun verificerede sessioner kan læse og skrive her. I Element: Indstillinger → Sessioner → verificér denne session med en anden indlogget session eller gendannelsesnøglen.
room-not-relayed-not-on-roster = ⚠ Ingen virkning: afsenderen er ikke på holdets liste, så intet af det, de skriver her, videresendes eller udføres.
room-stranger-removed = ⚠ En konto, der ikke er på holdets liste, blev inviteret hertil og er fjernet. Broen deler ingen nøgler med den.
room-not-sent-uncleanable-file = ⚠ Ikke sendt: broen kan ikke fjerne de skjulte oplysninger (sted, tid, enhed) fra denne slags fil. Billeder sendes som JPEG, PNG, WebP eller GIF; alt andet må skrives som tekst.

## Emner for samtalerum.

topic-new = ny
topic-queued = i kø: ingen på vagt
topic-assigned = tildelt { $alias }
topic-closed = lukket

## Svar på kommandoer, på sproget hos den, der skrev kommandoen.

command-help =
    Kommandoer — vagtrum: !duty on|off · !who · !queue · !handover · !referrals [open|due|mine] · !referral R12 STATUS · !partners TYPE [SPROG] · !announce SPROG|all TEKST · !help
    Samtalerum: almindelig tekst går til den besøgende · !note TEKST · !transfer MEDARBEJDER-ID · !refer TYPE [partner=ID] consent=yes|no [follow-up=ÅÅÅÅ-MM-DD] · !referral N contacted|done|declined · !partners TYPE [SPROG] · !close · !send NAVN · !send partner ID · !lang SPROGKODE · !hold ÅÅÅÅ-MM-DD BEGRUNDELSE · !unhold · !block · !unblock · !translate on|off|auto · !raw [TEKST]
    Henvisningstyper: { $kinds }. Færdige svar: { $canned }.
command-unknown = Ukendt kommando !{ $command }. Skriv !help for at se listen.
command-usage-no-arguments = Brug: !{ $command } (uden argumenter)
command-usage-duty = Brug: !duty on|off
command-usage-note = Brug: !note TEKST (en privat note; når aldrig frem til den besøgende)
command-usage-transfer = Brug: !transfer MEDARBEJDER-ID
command-usage-refer = Brug: !refer TYPE [partner=ID] consent=yes|no [follow-up=ÅÅÅÅ-MM-DD]; TYPE er en af: { $kinds }
command-usage-referral = Brug: !referral N contacted|done|declined [NOTE] (N: nummeret i denne samtale, eller skrivebordsnummeret som R12 overalt; NOTE bliver i samtaleloggen)
command-usage-send = Brug: !send NAVN, hvor NAVN er et af: { $names }
command-usage-lang = Brug: !lang SPROGKODE (f.eks. !lang ro)
command-usage-hold = Brug: !hold ÅÅÅÅ-MM-DD BEGRUNDELSE (dato for gennemgang, derefter hvorfor samtalen skal gemmes)
command-needs-room = Denne kommando virker i et samtalerum.

command-duty-on = { $staff } er på vagt. { $who }
command-duty-off = { $staff } er gået af vagt. { $who }
command-who-nobody = Ingen er på vagt.
command-who = På vagt: { $staff }
command-who-entry =
    { $staff } ({ $languages }) — { $open } { $open ->
        [one] åben
       *[other] åbne
    }
command-queue-empty = Køen er tom.
command-queue = Kø ({ $count }), ældste først:
command-queue-entry =
    - { $label } · har ventet { $minutes } { $minutes ->
        [one] minut
       *[other] minutter
    }

command-note-kept = Noten er gemt i samtaleloggen (den besøgende kan ikke se den).
command-transfer-unknown = Ingen medarbejder hedder "{ $target }". Medarbejdere: { $staff }
command-transfer-closed = Samtalen er lukket; der er intet at overdrage.
command-transfer-already = { $staff } har allerede denne samtale.
command-transfer-role = { $staff } tager ikke samtaler (rolle).
command-referral-opened = Henvisning #{ $number } ({ $kind }) er oprettet, R{ $desk } på skrivebordet. Opdatér den med !referral { $number } contacted|done|declined.
command-referral-unknown = Der er ingen henvisning #{ $number } i denne samtale.
command-referral-cannot = Henvisning #{ $number } er { $from }; den kan ikke blive { $to }.
command-referral-updated = Henvisning #{ $number } ({ $kind }) er nu { $status }.
command-referral-updated-open = Henvisning #{ $number } ({ $kind }) er nu { $status } (R{ $desk } på skrivebordet).
command-already-closed = Allerede lukket.
command-not-sent-closed-or-blocked = Ikke sendt: samtalen er lukket, eller den besøgende er blokeret.
command-language-unknown = "{ $tag }" er ikke et af de sprog, vi har tekster på. Vælg et af: { $tags }
command-language-set = Sproget er nu { $language }. Færdige svar sendes nu på det sprog.
command-hold-coordinator-only = Kun en koordinator kan sætte en samtale på hold.
command-hold-set = På hold: gemmes ud over den normale slettefrist, indtil den gennemgås { $date }.
command-unhold-coordinator-only = Kun en koordinator kan ophæve et hold.
command-unhold-done = Hold ophævet: den normale slettefrist gælder igen.
command-already-blocked = Allerede blokeret.
command-unblock-coordinator-only = Kun en koordinator kan ophæve en blokering.
command-unblocked = Blokeringen er ophævet: den besøgendes næste besked genåbner samtalen.

## Ord for henvisninger.

referral-kind-doctor = læge
referral-kind-hospital = sygehus
referral-kind-shelter = krisecenter
referral-kind-legal = juridisk hjælp
referral-kind-asylum = asyl
referral-kind-national-centre = nationalt center
referral-kind-other = andet

referral-status-open = åben
referral-status-contacted = kontaktet
referral-status-done = afsluttet
referral-status-declined = afvist

## Opbevaring: samtaler, hvis tid er gået, slettes kryptografisk; en person tager stilling til hold.

# $label: pseudonym, sprog, kanal; $review: datoen for gennemgang (ÅÅÅÅ-MM-DD); $staff: hvem der satte samtalen i bero.
duty-hold-review-due = Samtale i bero skal gennemgås: { $label } (gennemgås { $review }, sat i bero af { $staff }). Den bevares, til en koordinator beslutter: !unhold i dens rum lader de normale opbevaringsregler gælde, !hold med en ny dato bevarer den.
# $count: hvor mange samtaler der blev slettet, med deres rum.
duty-audit-checkpoint = Daglig kontrol: auditloggen er intakt. Kontrolpunkt { $checkpoint }: senere skal `hopenow audit --checkpoint { $checkpoint }` stadig bestå. Fejler den, er loggen blevet afkortet: sig det til koordinatoren.
duty-audit-broken = ⚠ Daglig kontrol: auditloggen er blevet ændret ({ $why }). Lad datamappen være, som den er, og sig det til koordinatoren.
duty-retention-shredded = Opbevaring: { $count ->
    [one] én samtale, hvis tid var gået, blev slettet med sit rum.
   *[other] { $count } samtaler, hvis tid var gået, blev slettet med deres rum.
}

## Fortsæt på en anden telefon (/code)

room-visitor-moved = Den besøgende skriver nu fra en anden telefon eller konto. Svar går dertil; intet mere går til den gamle.
# En besøgskanal sendte en opdatering, broen ikke kunne læse; den blev sprunget over, så senere beskeder stadig kommer frem.
# $count: hvor mange siden sidste besked af denne slags (højst én i timen).
duty-unreadable-update = { $count ->
    [one] En besked kunne ikke læses; afsenderen kunne ikke identificeres. Nogen venter måske: hvis en besøgende siger, at de skrev uden at få svar, kan det være grunden.
   *[other] { $count } beskeder kunne ikke læses; afsenderne kunne ikke identificeres. Nogen venter måske: hvis en besøgende siger, at de skrev uden at få svar, kan det være grunden.
}
# En Matrix-hændelse (en medarbejders eller en Matrix-besøgendes besked), broen ikke kunne behandle; den blev sprunget over,
# så senere beskeder stadig kommer frem. $count: hvor mange siden sidste besked af denne slags (højst én i timen).
duty-unapplied-matrix-event = { $count ->
    [one] En Matrix-besked kunne ikke behandles og blev sprunget over, så senere beskeder ikke holdes tilbage; afsenderen vises ikke. Hvis et svar fra en medarbejder eller en besøgendes besked synes at mangle, kan det være grunden: se samtalen efter, og sig det til den, der driver serveren (broens log siger, hvad der gik galt).
   *[other] { $count } Matrix-beskeder kunne ikke behandles og blev sprunget over, så senere beskeder ikke holdes tilbage; afsenderne vises ikke. Hvis et svar fra en medarbejder eller en besøgendes besked synes at mangle, kan det være grunden: se samtalen efter, og sig det til den, der driver serveren (broens log siger, hvad der gik galt).
}
# $megabytes: grænsen for én besøgendes filer pr. dag ([limits] visitor_files_mb_per_day).
room-file-quota-reached = Den besøgende har sendt { $megabytes } MB filer i dag, det meste broen tager imod fra én person på en dag. Flere filer i dag bliver afvist (de har fået besked); deres ord kommer stadig frem.
duty-disk-low = ⚠ Serverens disk er næsten fuld: besøgendes filer bliver afvist, deres ord kommer stadig frem. Sig det til den, der driver serveren ([limits] min_free_disk_mb).
# $megabytes: [matrix] download_limit_mb.
room-not-sent-file-too-large = Ikke sendt til den besøgende: filen er større end { $megabytes } MB, det største broen henter. Send en mindre.

duty-busy = Travlt: { $count ->
    [one] én besked mere om fordeling blev
   *[other] { $count } beskeder mere om fordeling blev
} ikke vist en ad gangen (højst { $limit } i minuttet). { $waiting ->
    [0] Ingen ny samtale venter på sit rum.
    [one] Én ny samtale venter på sit rum; der åbnes { $rate } rum i minuttet ([limits] new_conversations_per_minute).
   *[other] { $waiting } nye samtaler venter på deres rum; der åbnes { $rate } rum i minuttet ([limits] new_conversations_per_minute).
}

## Broen siger til, når den ikke har det godt: én gang, når noget begynder, og én gang, når det er forbi.
## $since, $at, $started, $now: et klokkeslæt i vagternes tidszone (med dagen, når det ikke er i dag), derfor uden "kl.".
duty-health-telegram-unreachable = ⚠ Telegram kan ikke nås siden { $since }. Besøgendes beskeder venter hos Telegram, og jeres svar venter i broen; intet går tabt. Rummet får besked, når forbindelsen er tilbage. Varer det ved, så sig det til den, der driver serveren.
duty-health-telegram-back = ✅ Telegram svarer igen fra { $at } efter { $minutes ->
    [one] ét minut
   *[other] { $minutes } minutter
} uden forbindelse. Det, der ventede, bliver leveret nu.
duty-health-telegram-off = Broen kører nu uden Telegram (det er fjernet fra konfigurationen), så den tidligere besked om, at Telegram ikke kan nås, gælder ikke længere.
duty-health-homeserver-unreachable = ⚠ Matrix-serveren kunne ikke nås siden { $since }. Besøgendes beskeder ventede i broen og bliver leveret nu; intet er gået tabt.
duty-health-homeserver-back = ✅ Matrix-serveren svarer igen fra { $at } efter { $minutes ->
    [one] ét minut
   *[other] { $minutes } minutter
} uden forbindelse.
duty-health-disk-low = ⚠ Serverens disk er næsten fuld: { $free_mb } MB fri, under grænsen på { $floor_mb } MB. Besøgendes filer bliver afvist, deres ord kommer stadig frem. Sig det straks til den, der driver serveren.
duty-health-disk-ok = ✅ Serverens disk har plads igen: { $free_mb } MB fri. Besøgendes filer bliver taget imod igen.
duty-health-outbox-stale = ⚠ { $count ->
    [one] Én besked venter
   *[other] { $count } beskeder venter
} på at blive leveret; den ældste siden { $since } ({ $minutes } min.). Sig det til den, der driver serveren: broens log siger, hvad der går galt.
duty-health-outbox-flowing = ✅ Beskeder bliver leveret igen: ingen har ventet for længe.
duty-health-unclean-shutdown = ⚠ Broen blev ikke stoppet korrekt sidste gang (den var startet { $started }); den startede igen { $now }. Intet er gået tabt: det, den havde modtaget, er gemt, og Telegram og Matrix sender igen det, den ikke havde bekræftet. Sker det igen, så sig det til den, der driver serveren.

## Maskinoversættelse ([translation]).
room-machine-translation =
    🌐 maskinoversættelse, { $from } → { $to }:
    { $text }
room-reply-translated =
    🌐 sendt som maskinoversættelse, { $from } → { $to }:
    { $text }
    Tilbageoversættelse, { $to } → { $from } (tjek, at den siger det, du mente):
    { $back }
room-reply-waits-translation = ⏳ Ikke sendt endnu: oversættelsestjenesten svarer ikke. Der prøves igen i { $minutes } minutter. Skriv !raw for at sende svaret, som du skrev det, eller !raw TEKST for at sende andre ord i stedet.
room-reply-not-translated = Ikke sendt: svaret kunne ikke oversættes ({ $from } → { $to }: { $reason }). Skriv !raw TEKST for at sende ord, som de er skrevet, eller !send NAVN for et færdigt svar på den besøgendes sprog.
room-reply-translation-gave-up = Ikke sendt: oversættelsestjenesten svarede ikke i { $minutes } minutter. Skriv !raw TEKST for at sende ord, som de er skrevet, eller !send NAVN for et færdigt svar.
room-translation-refused = Maskinoversættelse { $from } → { $to } findes ikke ({ $reason }), så den er slået fra for denne samtale: beskeder kommer uoversat. !translate on prøver igen.
duty-translation-down = ⚠ Maskinoversættelsen svarer ikke. Besøgendes beskeder kommer stadig med det samme, uoversat; oversættelserne følger, når den svarer igen (der prøves i { $minutes } minutter). Svar, der skal oversættes, venter; de kan sendes, som de er skrevet, med !raw.
duty-translation-back = ✅ Maskinoversættelsen svarer igen.
command-translate-on = Maskinoversættelse er slået til for denne samtale: den besøgendes beskeder oversættes for dig, og dine svar for den besøgende.
command-translate-off = Maskinoversættelse er slået fra for denne samtale: beskeder og svar går, som de er skrevet.
command-translate-auto = Maskinoversættelse er automatisk for denne samtale: slået til, når den, der har samtalen, ikke taler sproget.
command-translate-not-set-up = Maskinoversættelse er ikke sat op på denne bro ([translation] i konfigurationen).
command-translate-no-model = Der findes ingen maskinoversættelse for { $language }.
command-usage-translate = Brug: !translate on|off|auto
command-raw-nothing-waiting = Intet svar venter på oversættelse. Skriv !raw TEKST for at sende ord, som de er skrevet.
command-raw-sent = { $count ->
    [one] Det ventende svar blev sendt, som det var skrevet.
   *[other] { $count } ventende svar blev sendt, som de var skrevet.
}
command-raw-withdrawn = { $count ->
    [one] Svaret, der ventede på oversættelse, blev trukket tilbage; dine nye ord sendes i stedet.
   *[other] { $count } svar, der ventede på oversættelse, blev trukket tilbage; dine nye ord sendes i stedet.
}

## Henvisningsregistret ([[partner]]).
partner-known-yes = ja
partner-known-no = nej
partner-known-unknown = ukendt
command-usage-partners = Brug: !partners TYPE [SPROG]; TYPE er en af: { $kinds }
command-usage-send-partner = Brug: !send partner ID [confirm] (!partners TYPE viser id'erne)
command-partners = Samarbejdspartnere for { $kind } ({ $count }), de der taler { $language } først:
command-partners-any = Samarbejdspartnere for { $kind } ({ $count }):
command-partners-entry = - { $id }: { $name } · taler { $languages } · { $hours } · { $address } · telefon { $phone } · beder om ID: { $asks_id }, CPR: { $asks_cpr } · deler data med politiet: { $police }, udlændingemyndigheder: { $immigration } · pris: { $cost } · { $notes }
command-partners-none = Ingen samarbejdspartner i registret for { $kind } ([[partner]] i konfigurationen).
command-refer-partner-unknown = Ikke registreret: ingen samarbejdspartner "{ $partner }" for { $kind }. Samarbejdspartnere for { $kind }: { $partners } (!partners { $command } viser dem).
command-send-partner-unknown = Ingen samarbejdspartner "{ $partner }" i registret. !partners TYPE viser dem.
command-send-partner-no-consent = Ikke sendt: registrér først henvisningen med den besøgendes samtykke: !refer TYPE partner={ $partner } consent=yes
command-send-partner-warning = ⚠ Ikke sendt endnu: { $name } deler data med politiet: { $police }; med udlændingemyndigheder: { $immigration }. Sørg for, at den besøgende ved det, før vedkommende går derhen. Send oplysningerne alligevel: !send partner { $partner } confirm
command-send-partner-sent = { $name }: oplysningerne blev sendt til den besøgende på { $language }.

## Vagtoverdragelse (`!handover`, og når en vagt slutter).
handover = 🔁 Overdragelse til næste medarbejder ({ $time }):
handover-after-shift = 🔁 { $staff }: vagten er slut. Overdragelse til næste medarbejder ({ $time }):
handover-open = Åbne samtaler ({ $count }), længst ventende først:
handover-open-waiting = - { $label } · { $staff } · venter { $minutes } min.
handover-open-answered = - { $label } · { $staff } · besvaret
handover-queue = Kø ({ $count }):
handover-queue-entry = - { $label } · venter { $minutes } min.
handover-holds = Tilbageholdelser til gennemsyn ({ $count }):
handover-hold-entry = - { $label } · gennemsyn { $date }
handover-referrals = Opfølgninger på henvisninger ({ $count }):
handover-referral-entry = - R{ $desk } · { $label } · { $kind } · frist { $date } · { $status }
handover-careful = Skriv ikke først til:
handover-careful-secret-word = - { $label } · har brugt det hemmelige ord: kun vedkommendes /messages med ordet åbner igen
handover-careful-held = - { $label } · holder svar tilbage, til vedkommende beder om dem
handover-nothing = Intet åbent: ingen samtaler, ingen kø, intet forfaldent.

## Den peer-ansattes skrivebord ([peer_desk]) og holdets liste over henvisninger.
command-usage-referrals = Brug: !referrals [open|due|mine]
command-referral-desk-unknown = Der er ingen åben henvisning R{ $desk }. !referrals viser dem.
command-referrals-open = Åbne henvisninger ({ $count }):
command-referrals-due = Henvisninger med frist i dag eller overskredet ({ $count }):
command-referrals-mine = Henvisninger, du har oprettet eller fulgt op på ({ $count }):
command-referrals-none = Ingen henvisninger at vise.
command-referrals-entry = - R{ $desk } · { $label } · { $kind } → { $partner } · { $status } · { $days } d. · frist { $date }
desk-new-referral = 📋 Ny henvisning R{ $desk }: { $label } · { $kind } → { $partner } · samtykke { $consent } · frist { $date } · af { $staff }
desk-digest = ☀ Godmorgen. Frist i dag eller overskredet: { $count } af { $open ->
    [one] 1 åben henvisning
   *[other] { $open } åbne henvisninger
}.
desk-digest-nothing = ☀ Godmorgen. Intet har frist i dag ({ $open ->
    [one] 1 åben henvisning
   *[other] { $open } åbne henvisninger
}).
duty-referral-overdue = ⚠ Henvisning R{ $desk } ({ $kind }) for { $label } er en uge over sin opfølgningsdato ({ $date }) og stadig { $status }.

## Meddelelser (`!announce`, koordinatorer, i vagtrummet). Tal under 5 vises som "<5".
command-usage-announce = Brug: !announce SPROG|all TEKST (først en forhåndsvisning) · !announce send · !announce cancel
command-announce-duty-room = Meddelelser skrives i vagtrummet.
command-announce-coordinator-only = Kun en koordinator kan sende meddelelser.
command-announce-unknown-language = { $language } er ikke et af vores sprog. Brug all eller en af: { $languages }
command-announce-too-long = Det er for langt til én besked: højst { $max } tegn.
command-announce-preview =
    📣 Forhåndsvisning, til { $audience }: { $recipients } abonnenter ville få den nu.

    { $text }

    Besøgende ser første linje på en låst skærm: hold den harmløs. Send den med !announce send, eller drop den med !announce cancel.
announce-audience-all = alle abonnenter
command-announce-busy = Meddelelse { $number } er stadig ved at gå ud ({ $left } tilbage). Vent på den, eller stop den med !announce cancel.
command-announce-no-draft = Intet at sende: skriv den først med !announce SPROG|all TEKST.
command-announce-dropped = Forhåndsvisningen er droppet; intet blev sendt.
command-announce-nothing = Der er ingen forhåndsvisning, og intet er ved at gå ud.
duty-announce-sending = 📣 Meddelelse { $number } fra { $staff } går ud til { $recipients } abonnenter, ca. { $seconds } s. Parkeret hos dem, der holder svar tilbage: { $parked }.
duty-announce-done = 📣 Meddelelse { $number } er ude: { $delivered } leveret, { $failed } kunne ikke leveres, { $interrupted } afbrudt af en genstart (måske leveret, ikke sendt igen), { $withdrawn } trukket tilbage (hemmeligt ord, afmeldt eller slettet). Venter med tilbageholdte svar: { $parked }.
duty-announce-stopped = 📣 Meddelelse { $number } stoppet: { $delivered } var gået ud, { $stopped } går ikke ud.
