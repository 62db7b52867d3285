### English
### Reviewed: reference text
### Date: 2026-12-05
###
### The reference for every other locale: each one has exactly these ids and variables.
### Readers may have little schooling, and someone else may read their phone or its
### notifications. Short sentences, plain words, no idioms, warm and calm. Never name what
### the service is for, and never name the organisation. A message may be read on a screen
### someone else is watching: never say what just happened on the phone.
### Each locale says in its header which "you" it uses (familiar or formal) and how it handles
### gender, chosen on purpose for this audience.
### Register: English has one "you"; no word about the reader has a gender ("If you are in
### danger", never "he or she"), and the team is "we" or "a person from our team".
###
### Commands are written as terms: `{ -cmd-help }` becomes /help on Telegram and !help on Matrix
### (Element keeps a leading / for itself). Keep them as they are; the words are English on
### every phone, so explain them in your language where the text says what they do.
### "Secret word": a word only the visitor knows (never "safe word", never a password or a
### security term).

# Sent first when a person from the team is on duty.
received = Thank you for your message. A person from our team will answer you here soon.

# Sent instead of `received` when many new people write at once and this conversation waits
# for its turn. $emergency is a phone number.
many-writing-wait = Thank you for your message. Many people are writing to us right now. Your message is kept, and a person from our team will answer you here as soon as they can. If you are in danger now, call { $emergency }.

# Sent first when nobody is on duty. $time is a time of day as the reader's language writes it
# ("2:00 pm" in English, "14:00" in most languages), $emergency a phone number.
out-of-hours-today = Thank you for writing. Nobody can answer right now. A person from our team will answer you here today from { $time }. If you are in danger now, call { $emergency }.
out-of-hours-tomorrow = Thank you for writing. Nobody can answer right now. A person from our team will answer you here tomorrow from { $time }. If you are in danger now, call { $emergency }.
# $date is a weekday, a day and a month name in the reader's language and calendar, like
# "Thursday 10 December" (French "jeudi 10 décembre", Hungarian "december 10., csütörtök"):
# write the words around it so that it reads well.
out-of-hours-later = Thank you for writing. Nobody can answer right now. A person from our team will answer you here on { $date } from { $time }. If you are in danger now, call { $emergency }.
out-of-hours-unknown = Thank you for writing. Nobody can answer right now. A person from our team will answer you here as soon as possible. If you are in danger now, call { $emergency }.

# How a team member's answer reaches the visitor: their alias, then their text on the next line.
staff-reply =
    { $alias }:
    { $text }

conversation-closed = This conversation is closed. You can write to us again at any time.
# Sent when the team blocks a pseudonym. Neutral: it must not accuse anyone.
chat-closed-by-team = Our team has closed this chat.

# $limit is a number of letters (any letter, digit or sign counts as one).
message-too-long = Your message was too long and was not sent. Please send it in shorter parts, with at most { $limit } letters in each part.
message-not-delivered = Your last message could not be sent to our team. Please send it again.

## Ready-made answers the team can send in the visitor's language.

canned-greeting = Hello! You can write to us here in your own language. We are here to listen to you.
canned-emergency = If you are in danger now, call { $emergency }. The call is free.
# $hours lists the opening times, written by the team.
canned-hours = Our team answers at these times: { $hours }
canned-soon = A person from our team will answer you soon.
canned-safe = Is it safe for you to talk now? Please answer yes or no.
canned-meet = We can meet you in a safe place. Tell us where and when is good for you.
canned-doctor = You can see a doctor, even without papers. We can go with you.
canned-language = You can write in your own language. We will translate it.

## First contact and the bridge's own prompts.

# The first message anyone gets. Its first line shows in notification previews: it must not
# say what this service is for or who runs it. Followed by one button per language.
greeting =
    Hello. You can write here in your own language.
    Please choose your language:
# Above the language buttons, when the visitor types /language.
language-picker = Please choose your language:
# Asked once, after the language. Followed by the two buttons below.
hold-question = Should we send our answers as soon as they are written, or keep them until you ask? If someone else may look at your phone, choose to keep them.
hold-choice-send = Send them right away
hold-choice-keep = Keep them until I ask
replies-held = We will keep our answers for you. Type { -cmd-messages } when it is safe to read them.
# The last step of the first contact.
ready = A person will read your messages and answer you here. Type { -cmd-help } for emergency numbers.
no-held-messages = There are no new messages for you.

# Answer to /help. $emergency is a phone number, $hours the opening times written by the team.
help =
    If you are in danger now, call { $emergency }. The call is free.
    You can write here at any time. A person will answer you.
    { -cmd-language } — change the language
    { -cmd-messages } — show messages we kept for you
    { -cmd-hide } — delete recent messages from this chat
    { -cmd-autohide } — delete this chat by itself after some time
    { -cmd-word } — choose a secret word that deletes this chat at once
    { -cmd-code } — continue this chat on another phone
    { -cmd-forget } — erase everything we keep about you
help-with-hours =
    If you are in danger now, call { $emergency }. The call is free.
    Our team answers at these times: { $hours }
    You can write here at any time.
    { -cmd-language } — change the language
    { -cmd-messages } — show messages we kept for you
    { -cmd-hide } — delete recent messages from this chat
    { -cmd-autohide } — delete this chat by itself after some time
    { -cmd-word } — choose a secret word that deletes this chat at once
    { -cmd-code } — continue this chat on another phone
    { -cmd-forget } — erase everything we keep about you

# After /hide. This message deletes itself after a minute; someone else may read it in that
# minute, so it says nothing about what happened (the same for every message that vanishes).
hidden = Done. This message will also disappear.

# /forget asks first, with the two buttons below.
forget-question = Do you want us to erase everything we keep about you, and the messages in this chat? This cannot be undone.
forget-choice-yes = Yes, erase everything
forget-choice-no = No, keep it
forget-cancelled = Nothing was erased.
# After erasing. Deletes itself after a minute; says nothing about what happened.
forgotten = Done. You can write again at any time.

# After the visitor shared a location. Followed by the two buttons below.
location-question = Our team got only an approximate location (about 1 km). Do you want to send your exact location to our team?
location-choice-yes = Yes, send the exact location
location-choice-no = No, only the approximate one
location-sent = Your exact location was sent to our team.
location-kept-approximate = Our team has only the approximate location.

# A shared contact (a person's name and number) is never passed on.
contact-not-relayed = We do not pass on contacts, to protect the people in them. If you want to tell us something about a person, write it in a message.
# $megabytes is a whole number.
file-too-large = This file is too big to receive here (the limit is { $megabytes } MB). Please send a smaller file, or tell us in words.

# Offered when a visitor writes without choosing a language and their words look like another
# shipped language. Rendered in that language; $language is its own name (e.g. Română).
# $current is the own name of the language in use now. Followed by the two buttons below.
# Nothing changes unless the visitor presses yes.
language-hint-question = It looks like you write in { $language }. Do you want to continue in { $language }?
language-hint-yes = Yes, continue in { $language }
language-hint-no = No, keep { $current }

## Safety of the person writing.

# Asked in the first contact, after the language. Followed by the two buttons below.
safety-question = Is it safe for you to write now?
safety-choice-yes = Yes, it is safe
safety-choice-not-now = Not now
# After "not now". The chat is then deleted from the phone; this message deletes itself too
# and says nothing about why.
safety-not-now = OK. Write again later.

# Answer to /word without a word. The secret word is a word only the visitor knows: sent here,
# it deletes the chat from the phone, and afterwards nothing the account writes releases the kept
# answers: only /messages followed by the word itself does (the word proves it is the visitor).
# The command's message with the word is deleted each time.
safe-word-explain =
    You can choose a secret word. If you send it here, this chat is deleted from your phone at once, and we keep our answers for you.
    To read them when it is safe, send { -cmd-messages } and your secret word, for example: { -cmd-messages } sunflower
    To choose your word, send { -cmd-word } and the word, for example: { -cmd-word } sunflower
    Each time, your word is deleted from the chat.
# $length is the smallest number of letters.
safe-word-too-short = The secret word needs at least { $length ->
    [one] { $length } letter
   *[other] { $length } letters
    }. Please choose a longer word.
# After choosing. This message deletes itself after a minute, so the word does not stay on the
# phone; it says nothing about what was saved.
safe-word-set = Saved. This message will disappear.
safe-word-removed = Your secret word is removed.
# Sent after the secret word when the organisation set no text of its own. It must look like an
# ordinary message from a shop or a salon, with nothing about this service. It invites no reply:
# whoever holds the phone should have no reason to write back.
decoy = Your appointment on Thursday at 14:00 is confirmed. See you then.

# Answer to /autohide. Followed by one button per choice below.
auto-hide-question = Should this chat delete itself some time after the last message?
# $minutes is a whole number.
auto-hide-choice-minutes = After { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
    }
auto-hide-choice-off = No, keep the messages
auto-hide-on = This chat will delete itself { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
    } after the last message.
# Deletes itself after a minute; says nothing about what changed.
auto-hide-off = Saved. This message will disappear.

# Answer to /code. $phrase is four English words (the same in every language); $minutes a whole
# number. Say that the words are English and must be sent exactly as they are. The message
# deletes itself.
code-given = To continue on another phone, send these four English words to us from the new phone, exactly as they are: { $phrase }
    They work only once, for { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }. Anyone who has these words can read your new messages, so keep them secret. This message will disappear.
# On the new phone, after the right words. Nothing more is sent to the old phone.
code-moved = Welcome back. Your chat continues here.
code-wrong = These words are not right, or they no longer work. Please check them and try again.
# After five wrong tries. $minutes is a whole number.
code-locked = Too many wrong tries. Please wait { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
    } and try again.

## The command menu of the chat app. Neutral words: someone may look at this menu.

menu-help = Help and phone numbers
menu-language = Change language
menu-messages = Show new messages
menu-hide = Delete recent messages
menu-autohide = Delete this chat by itself
menu-word = Choose a secret word
menu-code = Continue on another phone
menu-forget = Erase my data

# A visitor's file was refused: their files for the day reached the limit ([limits]). Words still flow.
file-over-daily-limit = You have sent a lot of files today, so this one was not received. Your words still reach us: please write, or send the file tomorrow.
# A visitor's file was refused: the server's disk is nearly full. Words still flow.
file-not-received-now = Files cannot be received right now. Your words still reach us: please write to us.

# Added once, under the first reply of a conversation that a machine translated from the staffer's
# language ([translation]): the visitor should know a computer chose these words.
machine-translated-note = (A computer translated this message. If something is not clear, please ask.)

# A partner of the referral directory ([[partner]]), sent with `!send partner ID`: the intro, then the
# partner's name on its own line, then these lines. The values are the team's own words, as written.
partner-intro = Here is a place that can help you:
partner-address = Address: { $address }
partner-hours = Open: { $hours }
partner-phone = Phone: { $phone }
partner-bring = What to bring: { $bring }

# `hopenow card`: the one line on a printed outreach card, beside the QR code and the bot's handle.
# Left in salons, clinics, shelters: warm and simple; it names neither the cause nor HopeNow.
card-line = Questions? Someone listens. Write to us, in your language.
# The discreet card, for places where a controller may find it: it must read like an ordinary
# beauty-salon or language-class card, nothing more.
card-line-discreet = Nails · Hair · Lessons — book by message

## Opt-in news (/news)
# The command menu's line for /news: neutral, like the others.
menu-news = News from us
# /news: the visitor asked for the team's announcements, or asked to stop them.
news-subscribed = Done. You will get our news here (classes, meetings), in your language. Send { -cmd-news } again to stop.
news-unsubscribed = Done. You will get no more news from us. Send { -cmd-news } if you want it again.
# An announcement a coordinator wrote (`!announce`): $text is their words as written, then the
# line that says how to stop. The visitor asked for it with /news.
news-announcement =
    { $text }

    — Send { -cmd-news } to stop these messages.

## Sharing with a friend (/share)

# The command menu's line for /share: neutral words, like the other menu lines.
menu-share = Send this chat to a friend
# /share: the one message a visitor may forward or copy (it is sent without protection). The
# friend may be in the same situation, and someone else may read it on either phone: one or two
# warm, harmless sentences a friend would send; never name the cause, help or the organisation.
# $link is the bot's address: keep it alone on the last line, so nothing sticks to it.
share-invitation = Someone to talk to, free and private, in your language:
    { $link }
# The same for Matrix: $link opens a chat with the bot; the friend types the command first.
share-invitation-matrix = Someone to talk to, free and private, in your language:
    { $link }
    Write { -cmd-start } share to begin.
# Right after the invitation, protected, with the share-keep button. Deletes itself too.
share-sent = Forward the message above to a friend you trust. It disappears from here in { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
    }.
# The button under share-sent: the invitation stays on the phone.
share-keep = Keep it
# After share-keep. Deletes itself after a minute.
share-kept = The message stays. This one will disappear.
# /share when the bot's link for this chat app is not known (the operator's config).
share-unavailable = Sending this chat to a friend is not possible here right now.
