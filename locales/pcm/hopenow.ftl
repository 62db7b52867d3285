### Naijá (Nigerian Pidgin)
### Reviewed: machine-drafted, needs native review
### Date: 2026-12-05
###
### Translated from locales/en/hopenow.ftl, which explains each message.
### Everyday Naija Pidgin as spoken around Benin City (dey, don, fit, go, wey, dis, di, am, abeg), warm and simple.
### Register: Pidgin has one "you" and no polite form; respect comes from "abeg" and a calm tone,
### not from titles. No gender anywhere: a team member is "one person", "dem".
### "Secret word" is "secret word" (English words Pidgin readers know); "delete" for chat messages,
### "clear" for erasing everything (/forget). "One time" means "at once" here; "only once" is "only once".
### `decoy` is plain Nigerian English, as a salon would text it: a Pidgin appointment text would look odd.

received = Thank you for your message. One person from our team go answer you for here soon.

many-writing-wait = Thank you for your message. Plenty people dey write us now. We don keep your message, and one person from our team go answer you for here as soon as dem fit. If you dey for danger now, call { $emergency }.

out-of-hours-today = Thank you as you write us. Nobody fit answer you now. One person from our team go answer you for here today from { $time }. If you dey for danger now, call { $emergency }.
out-of-hours-tomorrow = Thank you as you write us. Nobody fit answer you now. One person from our team go answer you for here tomorrow from { $time }. If you dey for danger now, call { $emergency }.
out-of-hours-later = Thank you as you write us. Nobody fit answer you now. One person from our team go answer you for here on { $date } from { $time }. If you dey for danger now, call { $emergency }.
out-of-hours-unknown = Thank you as you write us. Nobody fit answer you now. One person from our team go answer you for here as quick as we fit. If you dey for danger now, call { $emergency }.

staff-reply =
    { $alias }:
    { $text }

conversation-closed = Dis conversation don close. You fit write us again any time wey you want.
chat-closed-by-team = Our team don close dis chat.

message-too-long = Your message too long, so e no go. Abeg send am for small small parts, and no put pass { $limit } letters for each part.
message-not-delivered = Di last message wey you send no reach our team. Abeg send am again.

## Ready-made answers the team can send in the visitor's language.

canned-greeting = Hello! You fit write us for here for your own language. We dey here to listen to you.
canned-emergency = If you dey for danger now, call { $emergency }. Di call na free.
canned-hours = Our team dey answer for dis times: { $hours }
canned-soon = One person from our team go answer you soon.
canned-safe = E safe for you to talk now? Abeg answer yes or no.
canned-meet = We fit meet you for one safe place. Tell us where and when e go good for you.
canned-doctor = You fit see doctor, even if you no get papers. We fit follow you go.
canned-language = You fit write for your own language. We go translate am.

## First contact and the bridge's own prompts.

# First line shows in notification previews: keep it neutral.
greeting =
    Hello. You fit write for here for your own language.
    Abeg choose your language:
language-picker = Abeg choose your language:
hold-question = You want make we send our answers as we write dem finish, or make we keep dem until you ask for dem? If another person fit look your phone, choose make we keep dem.
hold-choice-send = Send dem now now
hold-choice-keep = Keep dem until I ask
replies-held = We go keep our answers for you. Type { -cmd-messages } when e safe to read dem.
ready = One person go read your messages and answer you for here. Type { -cmd-help } to see emergency numbers.
no-held-messages = No new message dey for you.

help =
    If you dey for danger now, call { $emergency }. Di call na free.
    You fit write for here any time. One person go answer you.
    { -cmd-language } — change di language
    { -cmd-messages } — show di messages wey we keep for you
    { -cmd-hide } — delete di last messages for dis chat
    { -cmd-autohide } — make dis chat delete on im own after some time
    { -cmd-word } — choose one secret word wey go delete dis chat one time
    { -cmd-code } — continue dis chat for another phone
    { -cmd-forget } — clear everything wey we keep about you
help-with-hours =
    If you dey for danger now, call { $emergency }. Di call na free.
    Our team dey answer for dis times: { $hours }
    You fit write for here any time.
    { -cmd-language } — change di language
    { -cmd-messages } — show di messages wey we keep for you
    { -cmd-hide } — delete di last messages for dis chat
    { -cmd-autohide } — make dis chat delete on im own after some time
    { -cmd-word } — choose one secret word wey go delete dis chat one time
    { -cmd-code } — continue dis chat for another phone
    { -cmd-forget } — clear everything wey we keep about you

hidden = We don do am. Dis message go disappear too.

forget-question = You want make we clear everything wey we keep about you, plus di messages for dis chat? If we do am, e no go fit come back.
forget-choice-yes = Yes, clear everything
forget-choice-no = No, leave am
forget-cancelled = We no clear anything.
forgotten = We don do am. You fit write again any time.

location-question = Na only di area wey you dey (about 1 km) we send to our team. You want send di exact place wey you dey to our team?
location-choice-yes = Yes, send di exact place
location-choice-no = No, na only di area
location-sent = We don send di exact place wey you dey to our team.
location-kept-approximate = Na only di area our team get.

contact-not-relayed = We no dey pass contacts, to protect di people wey dey inside dem. If you want tell us something about one person, write am for message.
file-too-large = Dis file too big to receive for here (di limit na { $megabytes } MB). Abeg send smaller file, or tell us with words.

language-hint-question = E be like say you dey write for { $language }. You want continue for { $language }?
language-hint-yes = Yes, continue for { $language }
language-hint-no = No, stay for { $current }

## Safety of the person writing.

safety-question = E safe for you to write now?
safety-choice-yes = Yes, e safe
safety-choice-not-now = No be now
safety-not-now = OK. Write us again later.

safe-word-explain =
    You fit choose one secret word. If you send am for here, dis chat go delete from your phone one time, and we no go write you again until you ask with your word: we go keep our answers for you.
    To read dem when e safe, send { -cmd-messages } and your secret word, for example: { -cmd-messages } mango
    To choose your word, send { -cmd-word } and di word, for example: { -cmd-word } mango
    Every time, your word go delete from di chat.
safe-word-too-short = Di secret word need at least { $length ->
    [one] { $length } letter
   *[other] { $length } letters
    }. Abeg choose longer word.
safe-word-set = We don save am. Dis message go disappear.
safe-word-removed = We don remove your secret word.
# Must read like an ordinary message from a hair salon.
decoy = Your hair appointment on Thursday at 2pm is confirmed. See you then.

auto-hide-question = You want make dis chat delete on im own some time after di last message?
auto-hide-choice-minutes = After { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
    } don pass
auto-hide-choice-off = No, leave di messages
auto-hide-on = Dis chat go delete on im own { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
    } after di last message.
auto-hide-off = We don save am. Dis message go disappear.

code-given = To continue for another phone, send dis four English words to us from di new phone, exactly as dem be: { $phrase }
    Dem go work only once, for { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }. Anybody wey get dis words fit read your new messages, so no show dem to anybody. Dis message go disappear.
code-moved = You don come back. Your chat go continue for here.
code-wrong = Dis words no correct, or dem no dey work again. Abeg check dem and try again.
code-locked = You don try wrong too many times. Abeg wait { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
    } and try again.

## The command menu of the chat app. Neutral words: someone may look at this menu.

menu-help = Help plus phone numbers
menu-language = Change di language
menu-messages = See new messages
menu-hide = Delete di last messages
menu-autohide = Make dis chat delete on im own
menu-word = Choose secret word
menu-code = Continue for another phone
menu-forget = Clear my data

# A visitor's file was refused: their files for the day reached the limit ([limits]). Words still flow.
file-over-daily-limit = You don send plenty files today, so dis one no reach us. Your words still dey reach us: abeg write to us, or send di file tomorrow.
# A visitor's file was refused: the server's disk is nearly full. Words still flow.
file-not-received-now = We no fit receive files now. Your words still dey reach us: abeg write to us.

machine-translated-note = (Na computer translate dis message. If anything no clear, abeg ask us.)

partner-intro = Dis na one place wey fit help you:
partner-address = Where e dey: { $address }
partner-hours = Dem dey open: { $hours }
partner-phone = Phone number: { $phone }
partner-bring = Wetin you go carry: { $bring }

card-line = You get question? Person dey wey go listen. Write us for your own language.
card-line-discreet = Nails · Hair · Lesson — book wit message

## Opt-in news (/news)
menu-news = We news
news-subscribed = E don set. You go dey get our news for here (class, meeting), for your language. Send { -cmd-news } again if you wan stop am.
news-unsubscribed = E don set. You no go get our news again. Send { -cmd-news } if you wan get am again.
news-announcement =
    { $text }

    — Send { -cmd-news } if you wan stop these messages.

## Sharing with a friend (/share)

menu-share = Send dis chat give your friend
share-invitation = Person wey you fit talk to, free and private, for your own language:
    { $link }
share-invitation-matrix = Person wey you fit talk to, free and private, for your own language:
    { $link }
    Type { -cmd-start } share to start.
share-sent = Forward di message wey dey up give one friend wey you trust. E go disappear from here after { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
    }.
share-keep = Keep am
share-kept = Di message go stay. Dis one go disappear.
share-unavailable = You no fit send dis chat from here now.
