### Filipino (Filipino/Tagalog)
### Reviewed: machine-drafted, needs native review
### Date: 2026-12-05
###
### Translated from locales/en/hopenow.ftl, which explains each message.
### Everyday Filipino with common loanwords (team, chat, cellphone, file, data, letra, at least),
### as people text; chatting is "mag-message", never the school words "sumulat/pagsulat".
### Register: familiar "ka/mo", on purpose, like a helper of one's own age, and no "po" at all:
### "po" beside "ka/mo" mixed two registers, and only some sentences had it. Polite requests use
### "paki-". Only the decoy keeps "po", as a salon writes. Filipino pronouns have no gender.
### "Secret word" is "sikretong salita" (everyday; "lihim na salita" sounds bookish and
### secretive). Plural selects use the same form in both variants.

received = Salamat sa mensahe mo. Maya-maya lang, sasagutin ka rito ng isang tao mula sa aming team.

many-writing-wait = Salamat sa mensahe mo. Maraming nagme-message sa amin ngayon. Nakatago ang mensahe mo, at sasagutin ka rito ng isang tao mula sa aming team sa lalong madaling panahon. Kung nasa panganib ka ngayon, tumawag ka sa { $emergency }.

out-of-hours-today = Salamat sa pag-message mo. Walang makakasagot ngayon. Sasagutin ka rito ng isang tao mula sa aming team ngayong araw, simula { $time }. Kung nasa panganib ka ngayon, tumawag ka sa { $emergency }.
out-of-hours-tomorrow = Salamat sa pag-message mo. Walang makakasagot ngayon. Sasagutin ka rito ng isang tao mula sa aming team bukas, simula { $time }. Kung nasa panganib ka ngayon, tumawag ka sa { $emergency }.
out-of-hours-later = Salamat sa pag-message mo. Walang makakasagot ngayon. Sasagutin ka rito ng isang tao mula sa aming team sa { $date }, simula { $time }. Kung nasa panganib ka ngayon, tumawag ka sa { $emergency }.
out-of-hours-unknown = Salamat sa pag-message mo. Walang makakasagot ngayon. Sasagutin ka rito ng isang tao mula sa aming team sa lalong madaling panahon. Kung nasa panganib ka ngayon, tumawag ka sa { $emergency }.

staff-reply =
    { $alias }:
    { $text }

conversation-closed = Sarado na ang usapang ito. Puwede kang mag-message ulit sa amin anumang oras.
chat-closed-by-team = Isinara ng aming team ang chat na ito.

message-too-long = Masyadong mahaba ang mensahe mo kaya hindi ito naipadala. Pakipadala ito nang hati-hati, hanggang { $limit } letra lang bawat bahagi.
message-not-delivered = Hindi naipadala sa aming team ang huli mong mensahe. Pakipadala ulit.

## Ready-made answers the team can send in the visitor's language.

canned-greeting = Kumusta! Puwede kang mag-message sa amin dito sa sarili mong wika. Nandito kami para makinig sa iyo.
canned-emergency = Kung nasa panganib ka ngayon, tumawag ka sa { $emergency }. Libre ang tawag.
canned-hours = Sumasagot ang aming team sa mga oras na ito: { $hours }
canned-soon = Maya-maya lang, sasagutin ka ng isang tao mula sa aming team.
canned-safe = Ligtas ba para sa iyo na mag-usap tayo ngayon? Pakisagot ng oo o hindi.
canned-meet = Puwede tayong magkita sa isang ligtas na lugar. Sabihin mo sa amin kung saan at kailan ka puwede.
canned-doctor = Puwede kang magpatingin sa doktor, kahit wala kang papeles. Puwede ka naming samahan.
canned-language = Puwede kang mag-message sa sarili mong wika. Isasalin namin ito.

## First contact and the bridge's own prompts.

# First line shows in notification previews: keep it neutral.
greeting =
    Kumusta. Puwede kang mag-message dito sa sarili mong wika.
    Pakipili ang iyong wika:
language-picker = Pakipili ang iyong wika:
hold-question = Ipapadala ba namin agad ang mga sagot namin, o itatabi muna namin hanggang hingin mo? Kung may ibang tao na puwedeng tumingin sa cellphone mo, piliin na itabi muna.
hold-choice-send = Ipadala agad
hold-choice-keep = Itabi hanggang hingin ko
replies-held = Itatabi namin ang mga sagot namin para sa iyo. I-type ang { -cmd-messages } kapag ligtas nang basahin ang mga ito.
ready = May taong magbabasa ng mga mensahe mo at sasagot sa iyo dito. I-type ang { -cmd-help } para makita ang mga emergency number.
no-held-messages = Walang bagong mensahe para sa iyo.

help =
    Kung nasa panganib ka ngayon, tumawag ka sa { $emergency }. Libre ang tawag.
    Puwede kang mag-message dito anumang oras. May taong sasagot sa iyo.
    { -cmd-language } — palitan ang wika
    { -cmd-messages } — ipakita ang mga mensaheng itinabi namin para sa iyo
    { -cmd-hide } — burahin ang mga huling mensahe sa chat na ito
    { -cmd-autohide } — kusang burahin ang chat na ito pagkalipas ng oras na pipiliin mo
    { -cmd-word } — pumili ng sikretong salita na agad na bubura sa chat na ito
    { -cmd-code } — ituloy ang chat na ito sa ibang cellphone
    { -cmd-forget } — burahin ang lahat ng itinatago namin tungkol sa iyo
help-with-hours =
    Kung nasa panganib ka ngayon, tumawag ka sa { $emergency }. Libre ang tawag.
    Sumasagot ang aming team sa mga oras na ito: { $hours }
    Puwede kang mag-message dito anumang oras.
    { -cmd-language } — palitan ang wika
    { -cmd-messages } — ipakita ang mga mensaheng itinabi namin para sa iyo
    { -cmd-hide } — burahin ang mga huling mensahe sa chat na ito
    { -cmd-autohide } — kusang burahin ang chat na ito pagkalipas ng oras na pipiliin mo
    { -cmd-word } — pumili ng sikretong salita na agad na bubura sa chat na ito
    { -cmd-code } — ituloy ang chat na ito sa ibang cellphone
    { -cmd-forget } — burahin ang lahat ng itinatago namin tungkol sa iyo

hidden = Tapos na. Mawawala rin ang mensaheng ito.

forget-question = Gusto mo bang burahin namin ang lahat ng itinatago namin tungkol sa iyo, pati ang mga mensahe sa chat na ito? Hindi na ito maibabalik.
forget-choice-yes = Oo, burahin lahat
forget-choice-no = Hindi, huwag burahin
forget-cancelled = Walang nabura.
forgotten = Tapos na. Puwede kang mag-message ulit anumang oras.

location-question = Tinatayang lokasyon lang ang natanggap ng aming team (mga 1 km). Gusto mo bang ipadala sa aming team ang eksaktong lokasyon mo?
location-choice-yes = Oo, ipadala ang eksaktong lokasyon
location-choice-no = Hindi, tinatayang lokasyon lang
location-sent = Naipadala na sa aming team ang eksaktong lokasyon mo.
location-kept-approximate = Tinatayang lokasyon lang ang nasa aming team.

contact-not-relayed = Hindi namin ipinapasa ang mga contact, para protektahan ang mga taong nandoon. Kung may gusto kang sabihin tungkol sa isang tao, i-message mo ito sa amin.
file-too-large = Masyadong malaki ang file na ito para matanggap dito ({ $megabytes } MB ang limit). Pakipadala ng mas maliit na file, o sabihin mo na lang sa amin sa salita.

language-hint-question = Mukhang nagme-message ka sa { $language }. Gusto mo bang magpatuloy sa { $language }?
language-hint-yes = Oo, magpatuloy sa { $language }
language-hint-no = Hindi, manatili sa { $current }

## Safety of the person writing.

safety-question = Ligtas ba para sa iyo na mag-message ngayon?
safety-choice-yes = Oo, ligtas
safety-choice-not-now = Hindi ngayon
safety-not-now = Sige. Mag-message ka ulit mamaya.

safe-word-explain =
    Puwede kang pumili ng sikretong salita. Kapag ipinadala mo ito dito, agad na mabubura ang chat na ito sa cellphone mo, at itatabi namin ang mga sagot namin para sa iyo.
    Para mabasa ang mga ito kapag ligtas na, ipadala ang { -cmd-messages } at ang sikretong salita mo, halimbawa: { -cmd-messages } sampaguita
    Para pumili ng salita, ipadala ang { -cmd-word } at ang salita, halimbawa: { -cmd-word } sampaguita
    Sa bawat pagkakataon, nabubura ang salita mo sa chat.
safe-word-too-short = Dapat at least { $length ->
    [one] { $length } letra
   *[other] { $length } letra
    } ang sikretong salita. Pumili ka ng mas mahabang salita.
safe-word-set = Naka-save na. Mawawala ang mensaheng ito.
safe-word-removed = Tinanggal na ang sikretong salita mo.
# Must read like an ordinary message from a hair salon.
decoy = Kumpirmado na po ang appointment mo sa Huwebes, 2:00 PM. Hihintayin ka po namin.

auto-hide-question = Gusto mo bang kusang mabura ang chat na ito ilang minuto pagkatapos ng huling mensahe?
auto-hide-choice-minutes = Pagkalipas ng { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minuto
    }
auto-hide-choice-off = Hindi, huwag burahin ang mga mensahe
auto-hide-on = Kusang mabubura ang chat na ito { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minuto
    } pagkatapos ng huling mensahe.
auto-hide-off = Naka-save na. Mawawala ang mensaheng ito.

code-given = Para ituloy sa ibang cellphone, ipadala sa amin mula sa bagong cellphone ang apat na English na salitang ito, nang eksaktong ganito: { $phrase }
    Isang beses lang gagana ang mga ito, sa loob ng { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minuto
    }. Mababasa ng sinumang may hawak ng mga salitang ito ang mga bago mong mensahe, kaya huwag mong ipakita ang mga ito kahit kanino. Mawawala ang mensaheng ito.
code-moved = Nandito ka na ulit. Dito na magpapatuloy ang chat mo.
code-wrong = Mali ang mga salitang ito, o hindi na gumagana ang mga ito. Pakitingnan at subukan ulit.
code-locked = Masyadong maraming maling pagsubok. Pakihintay ng { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minuto
    } at subukan ulit.

## The command menu of the chat app. Neutral words: someone may look at this menu.

menu-help = Tulong at mga numero ng telepono
menu-language = Palitan ang wika
menu-messages = Ipakita ang mga bagong mensahe
menu-hide = Burahin ang mga huling mensahe
menu-autohide = Kusang burahin ang chat
menu-word = Pumili ng sikretong salita
menu-code = Ituloy sa ibang cellphone
menu-forget = Burahin ang aking data

# A visitor's file was refused: their files for the day reached the limit ([limits]). Words still flow.
file-over-daily-limit = Marami ka nang naipadalang file ngayong araw, kaya hindi natanggap ang isang ito. Natatanggap pa rin namin ang mga salita mo: mag-message ka sa amin, o ipadala ang file bukas.
# A visitor's file was refused: the server's disk is nearly full. Words still flow.
file-not-received-now = Hindi makakatanggap ng file ngayon. Natatanggap pa rin namin ang mga salita mo: mag-message ka sa amin.

machine-translated-note = (Computer ang nagsalin ng mensaheng ito. Kung may hindi malinaw, magtanong ka lang.)

partner-intro = Narito ang isang lugar na makakatulong sa iyo:
partner-address = Lugar: { $address }
partner-hours = Bukas: { $hours }
partner-phone = Telepono: { $phone }
partner-bring = Dalhin: { $bring }

card-line = May tanong ka? May makikinig sa iyo. Sumulat sa amin sa sarili mong wika.
card-line-discreet = Kuko · Buhok · Leksiyon — mag-book sa pamamagitan ng mensahe

## Opt-in news (/news)
menu-news = Balita mula sa amin
news-subscribed = Ayos na. Makakatanggap ka ng balita namin dito (klase, pagtitipon), sa wika mo. Ipadala ulit ang { -cmd-news } para itigil.
news-unsubscribed = Ayos na. Hindi ka na makakatanggap ng balita mula sa amin. Ipadala ang { -cmd-news } kung gusto mo ulit.
news-announcement =
    { $text }

    — Ipadala ang { -cmd-news } para itigil ang mga mensaheng ito.

## Sharing with a friend (/share)

menu-share = Ipadala ang chat na ito sa isang kaibigan
share-invitation = May makakausap ka, libre at pribado, sa sarili mong wika:
    { $link }
share-invitation-matrix = May makakausap ka, libre at pribado, sa sarili mong wika:
    { $link }
    Para magsimula, i-type ang { -cmd-start } share
share-sent = I-forward ang mensahe sa itaas sa isang kaibigang pinagkakatiwalaan mo. Mawawala ito rito pagkalipas ng { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minuto
    }.
share-keep = Itabi ito
share-kept = Mananatili ang mensahe. Mawawala ang mensaheng ito.
share-unavailable = Hindi pa puwedeng ipadala ang chat na ito mula rito ngayon.
