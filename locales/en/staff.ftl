### English
### Reviewed: reference text
### Date: 2026-12-05
### Only en and da have a staff.ftl (staff read English or Danish); the other locales have
### none on purpose. Translation tools: locales/l10n.toml, locales/README.md.
###
### The reference for every staff locale: each one has exactly these ids and variables.
### Read by the team in Element, often at night: short, exact, no decoration. Command words
### (!duty, on, consent=yes, contacted…) are typed by staff and stay as they are in every
### language. A staff text never holds what a visitor wrote, nor anyone's platform identity.
###
### Common variables: $label names a conversation ("Amber Heron · 4K7 · Thai (th) · telegram");
### $staff, $from, $to, $next and $target are roster ids (typed in !transfer); $minutes and
### $count are whole numbers; $kind and $status are already in this language (the
### referral-kind-* and referral-status-* messages below).

## Duty room: read by the whole team, in [routing] staff_language.

# A conversation was given to a staffer, and why.
duty-new-conversation = { $label } → { $staff } (new conversation)
duty-from-queue = { $label } → { $staff } (from the queue)
duty-transferred = { $label } → { $staff } (transferred)
duty-reassigned-unanswered = { $label } → { $staff } (reassigned: not answered in time)
duty-reassigned-off-duty = { $label } → { $staff } (reassigned: previous staffer went off duty)

duty-waiting = Waiting: { $label } — nobody on duty can take it; it goes to the first who comes on.
duty-back-in-queue = Waiting: { $label } — back in the queue, nobody else on duty
duty-reopened = Reopened: { $label }

duty-shift-started = { $staff } is on duty (shift started).
duty-shift-ended = { $staff } is off duty (shift ended).
duty-bot-new-session = ⚠ A new session ({ $device }) signed in to the bridge's own Matrix account. The bridge gives it no keys while it is not verified, but whoever signed in knows the bot's password: change the password and sign that session out.

# $minutes: how long the visitor has waited. $next: who has the conversation now.
duty-unanswered-reassigned = Unanswered for { $minutes } min: { $label } — { $staff } did not answer; now with { $next }.
duty-unanswered-stays = Unanswered for { $minutes } min: { $label } — nobody else on duty can take it; it stays with { $staff }. Please answer.

# $number numbers the referrals of one conversation (1, 2, 3…). $consent is yes or no: without
# consent the peer worker is told here but not let into the conversation room.
duty-referral =
    Referral #{ $number } for { $label }: { $kind } (consent: { $consent ->
        [yes] yes
       *[no] no — peer worker not invited to the room
    }) by { $staff }
# As duty-referral, with the day ($date, YYYY-MM-DD) the duty room is reminded of it.
duty-referral-follow-up =
    Referral #{ $number } for { $label }: { $kind } (consent: { $consent ->
        [yes] yes
       *[no] no — peer worker not invited to the room
    }) by { $staff }; follow-up { $date }
duty-follow-up-due = Follow-up due: referral #{ $number } ({ $kind }) for { $label } is still { $status }.

duty-blocked = Blocked: { $label } by { $staff }. Their messages are no longer relayed.
# $pseudonym: the name the visitor had (the conversation is gone, so there is no label).
duty-visitor-erased = { $pseudonym } erased their data: their conversations and transcripts are gone.
# Something the bridge does for staff failed for good. $action and $lane are technical names
# for whoever looks into it; $reason comes from the connector, in English.
duty-delivery-failed = ⚠ Could not { $action } ({ $lane }): { $reason }

## Conversation room: notices in the language of the staffer who has the conversation.

# Posted after a transfer, for the staffer who takes over (the one who handed it over has left
# the room). $summary is the summary message below.
room-transferred =
    Transferred from { $from } to { $to }.
    { $summary }
room-transferred-off-duty =
    Transferred from { $from } to { $to } (note: they are off duty).
    { $summary }

# What a staffer who takes over needs to know; routing facts only. $waiting is summary-answered
# or summary-waiting; $referrals is a list of summary-referral, or summary-no-referrals.
summary = Summary: { $label }; open since { $minutes } min; { $waiting }; referrals: { $referrals }; handed over by { $from }.
summary-answered = answered
summary-waiting = waiting { $minutes } min for an answer
summary-no-referrals = none
summary-referral = #{ $number } { $kind } ({ $status })

# $reason comes from the connector, in English (e.g. "the visitor blocked the bot").
room-not-delivered = ⚠ Not delivered to the visitor: { $reason }
# $kind is what the file was: photo, video, video-note, voice, audio, document or sticker.
room-file-too-large =
    The visitor tried to send { $kind ->
        [photo] a photo
        [video] a video
        [video-note] a video note
        [voice] a voice message
        [audio] an audio file
        [document] a document
        [sticker] a sticker
       *[file] a file
    } too large to fetch.
# A visitor's file did not come with their message (shown under it). $kind as above.
room-file-not-fetched =
    The { $kind ->
        [photo] photo
        [video] video
        [video-note] video note
        [voice] voice message
        [audio] audio file
        [document] document
        [sticker] sticker
       *[file] file
    } above could not be fetched. Ask the visitor to send it again if it matters.
room-file-held-back =
    The { $kind ->
        [photo] photo
        [video] video
        [video-note] video note
        [voice] voice message
        [audio] audio file
        [document] document
        [sticker] sticker
       *[file] file
    } above was held back: the bridge cannot clean this format of what it may say about where and when it was made. If you need to see it, ask the visitor for a screenshot of it.
# $language: English name and tag, like "Thai (th)".
room-language-chosen = The visitor chose the language { $language }.
room-visitor-erased = The visitor erased their data: this conversation and its transcript are gone. You can leave this room.
# The bridge made a new room for a conversation whose room was lost. $conversation is the id to
# look its transcript up with; $name is the room's name; $minutes how long it has been open.
room-replaced = The earlier room of this conversation was lost, so this one replaces it. Earlier messages are kept in the transcript (hopenow transcript show { $conversation }). { $name }; open since { $minutes } min.

# Answers to a staffer's words for the visitor, in that staffer's language.
room-reply-held = Held: this visitor reads replies only when they ask for them (/messages).
# The visitor sent their secret word (/word; "safe word" before): someone may be holding their phone.
room-safe-word-used = ⚠ The visitor used their secret word. Their chat was cleared and a harmless message was sent. Do not write: replies wait until the visitor sends /messages with their secret word. Anything else from this account may be someone else.
room-reply-held-safe-word = Held: the visitor used their secret word. This reply waits until they come back with it (/messages and the word).
room-visitor-back = The visitor wrote again with their secret word (/messages and the word). Replies that waited are sent now.
room-after-safe-word = ⚠ Written after the secret word — it may not be the visitor. Nothing was sent back; replies still wait.
room-release-refused = ⚠ Someone asked for the held replies without the secret word — it may not be the visitor. Nothing was sent.
room-not-sent-closed = Not sent: this conversation is closed. It reopens when the visitor writes again.
room-not-sent-blocked = Not sent: this visitor is blocked (!unblock to undo).
room-not-relayed-unencrypted = ⚠ Not relayed: this message was sent unencrypted. Use an app with encryption on (Element).
room-not-relayed-unverified-device = ⚠ Not relayed: { $staff } wrote from a session that is not verified. Only verified sessions can read and write here. In Element: Settings → Sessions → verify this session, with another signed-in session or the recovery key.
room-not-relayed-not-on-roster = ⚠ No effect: the sender is not on the team's roster, so nothing they write here is relayed or obeyed.
room-stranger-removed = ⚠ An account that is not on the team's roster was invited here and has been removed. The bridge shares no keys with it.
room-not-sent-uncleanable-file = ⚠ Not sent: the bridge cannot remove the hidden details (place, time, device) from this kind of file. Photos go as JPEG, PNG, WebP or GIF; for anything else, write it as text.

## Room topics: one short line under a conversation room's name.

topic-new = new
topic-queued = queued: nobody on duty
# $alias: what visitors see above that staffer's answers, e.g. "Grace, HopeNow".
topic-assigned = assigned to { $alias }
topic-closed = closed

## Answers to staff commands, in the language of the staffer who typed them.

# $kinds and $canned list the words !refer and !send take.
command-help =
    Commands — duty room: !duty on|off · !who · !queue · !handover · !referrals [open|due|mine] · !referral R12 STATUS · !partners KIND [LANG] · !announce LANG|all TEXT · !help
    Conversation room: plain text goes to the visitor · !note TEXT · !transfer STAFF-ID · !refer KIND [partner=ID] consent=yes|no [follow-up=YYYY-MM-DD] · !referral N contacted|done|declined · !partners KIND [LANG] · !close · !send NAME · !send partner ID · !lang TAG · !hold YYYY-MM-DD REASON · !unhold · !block · !unblock · !translate on|off|auto · !raw [TEXT]
    Referral kinds: { $kinds }. Canned replies: { $canned }.
# $command: the command as typed, without its "!".
command-unknown = Unknown command !{ $command }. Type !help for the list.
command-usage-no-arguments = Usage: !{ $command } (no arguments)
command-usage-duty = Usage: !duty on|off
command-usage-note = Usage: !note TEXT (a private note; never reaches the visitor)
command-usage-transfer = Usage: !transfer STAFF-ID
command-usage-refer = Usage: !refer KIND [partner=ID] consent=yes|no [follow-up=YYYY-MM-DD]; KIND is one of: { $kinds }
command-usage-referral = Usage: !referral N contacted|done|declined [NOTE] (N: the number in this conversation, or the desk number like R12 anywhere; NOTE stays in the transcript)
command-usage-send = Usage: !send NAME, where NAME is one of: { $names }
command-usage-lang = Usage: !lang TAG (e.g. !lang ro)
command-usage-hold = Usage: !hold YYYY-MM-DD REASON (review date, then why it must be kept)
command-needs-room = This command works in a conversation room.

# $who is command-who or command-who-nobody.
command-duty-on = { $staff } is on duty. { $who }
command-duty-off = { $staff } is off duty. { $who }
command-who-nobody = Nobody is on duty.
# $staff: command-who-entry for each, separated by semicolons.
command-who = On duty: { $staff }
# $languages: the language tags that staffer answers in; $open: their open conversations.
command-who-entry = { $staff } ({ $languages }) — { $open } open
command-queue-empty = The queue is empty.
# The heading of the queue listing; one command-queue-entry line per conversation follows.
command-queue = Queue ({ $count }), oldest first:
command-queue-entry = - { $label } · waiting { $minutes } min

command-note-kept = Note kept in the transcript (the visitor does not see it).
# $staff: every roster id, to pick from.
command-transfer-unknown = No staff member "{ $target }". Staff: { $staff }
command-transfer-closed = This conversation is closed; nothing to transfer.
command-transfer-already = { $staff } already has this conversation.
command-transfer-role = { $staff } does not take conversations (role).
command-referral-opened = Referral #{ $number } ({ $kind }) is open, R{ $desk } on the desk. Update it with !referral { $number } contacted|done|declined.
command-referral-unknown = There is no referral #{ $number } in this conversation.
# $from and $to are referral-status-* words.
command-referral-cannot = Referral #{ $number } is { $from }; it cannot become { $to }.
command-referral-updated = Referral #{ $number } ({ $kind }) is now { $status }.
# Still open: $desk is its desk number (12 for R12).
command-referral-updated-open = Referral #{ $number } ({ $kind }) is now { $status } (R{ $desk } on the desk).
command-already-closed = Already closed.
command-not-sent-closed-or-blocked = Not sent: the conversation is closed or the visitor is blocked.
# $tag: what the staffer typed; $tags: the tags to choose from.
command-language-unknown = "{ $tag }" is not a shipped language. Choose one of: { $tags }
# $language: English name and tag, like "Thai (th)".
command-language-set = Language set to { $language }. Canned replies now go out in it.
# A hold keeps a conversation beyond the retention period, until a review date ($date, YYYY-MM-DD).
command-hold-coordinator-only = Only a coordinator can put a conversation on hold.
command-hold-set = On hold: kept beyond retention until reviewed on { $date }.
command-unhold-coordinator-only = Only a coordinator can lift a hold.
command-unhold-done = Hold lifted: normal retention applies.
command-already-blocked = Already blocked.
command-unblock-coordinator-only = Only a coordinator can unblock.
command-unblocked = Unblocked: the visitor's next message reopens the conversation.

## Referral words, shown inside other staff texts. Staff still type the English command words.

referral-kind-doctor = doctor
referral-kind-hospital = hospital
referral-kind-shelter = shelter
referral-kind-legal = legal
referral-kind-asylum = asylum
referral-kind-national-centre = national-centre
referral-kind-other = other

referral-status-open = open
referral-status-contacted = contacted
referral-status-done = done
referral-status-declined = declined

## Retention: conversations past their time are shredded; holds are reviewed by a person.

# $label: pseudonym, language, channel; $review: the review date (YYYY-MM-DD); $staff: who set the hold.
duty-hold-review-due = Hold due for review: { $label } (review date { $review }, hold set by { $staff }). It is kept until a coordinator decides: !unhold in its room lets retention apply, or !hold with a new date keeps it.
# $count: how many conversations were erased, with their rooms.
duty-audit-checkpoint = Daily check: the audit log is intact. Checkpoint { $checkpoint }: later, `hopenow audit --checkpoint { $checkpoint }` must still pass. If it fails, the log was cut: tell the coordinator.
duty-audit-broken = ⚠ Daily check: the audit log was changed ({ $why }). Keep the data dir as it is and tell the coordinator.
duty-retention-shredded = Retention: { $count ->
    [one] one conversation past its time was erased, with its room.
   *[other] { $count } conversations past their time were erased, with their rooms.
}

## Continue on another phone (/code)

# The visitor sent their /code phrase from another phone or account: the conversation goes on there.
room-visitor-moved = The visitor now writes from another phone or account. Replies go there; nothing more goes to the old one.
# A visitor channel sent an update the bridge could not read; it was skipped so later messages still arrive.
# $count: how many since the last such notice (at most one notice an hour).
duty-unreadable-update = { $count ->
    [one] A message could not be read; its sender was not identified. Someone may be waiting: if a visitor says they wrote and got no answer, this may be why.
   *[other] { $count } messages could not be read; their senders were not identified. Someone may be waiting: if a visitor says they wrote and got no answer, this may be why.
}
# A Matrix event (a staffer's message, or a Matrix visitor's) that the bridge could not process; it was
# skipped so later messages still arrive. $count: how many since the last such notice (at most one an hour).
duty-unapplied-matrix-event = { $count ->
    [one] A Matrix message could not be processed and was skipped, so later ones are not held up; who sent it is not shown. If a staffer's answer or a visitor's message seems lost, this may be why: check the conversation and tell whoever runs the server (the bridge's log says what failed).
   *[other] { $count } Matrix messages could not be processed and were skipped, so later ones are not held up; who sent them is not shown. If a staffer's answer or a visitor's message seems lost, this may be why: check the conversation and tell whoever runs the server (the bridge's log says what failed).
}
# $megabytes: the daily limit of one visitor's files ([limits] visitor_files_mb_per_day).
room-file-quota-reached = The visitor has sent { $megabytes } MB of files today, the most the bridge takes from one person in a day. Their further files today are refused (they were told); their words still arrive.
duty-disk-low = ⚠ The server's disk is nearly full: visitors' files are refused, their words still arrive. Tell whoever runs the server ([limits] min_free_disk_mb).
# $megabytes: [matrix] download_limit_mb.
room-not-sent-file-too-large = Not sent to the visitor: the file is larger than { $megabytes } MB, the most the bridge fetches. Send a smaller one.

# A minute's routing notices past the first few, counted instead of posted one by one.
duty-busy = Busy: { $count ->
    [one] one more routing notice was
   *[other] { $count } more routing notices were
} not posted one by one (at most { $limit } a minute). { $waiting ->
    [0] No new conversation waits for its room.
    [one] One new conversation waits for its room; rooms open at { $rate } a minute ([limits] new_conversations_per_minute).
   *[other] { $waiting } new conversations wait for their room; rooms open at { $rate } a minute ([limits] new_conversations_per_minute).
}

## The bridge says when it is unwell: once when a condition starts, once when it ends.
## $since, $at, $started, $now: a time in the shifts' time zone (with the day when not today).
## $minutes: whole minutes.
duty-health-telegram-unreachable = ⚠ Telegram cannot be reached since { $since }. Visitors' messages wait at Telegram and your replies wait in the bridge; nothing is lost. This room is told when it is back. If it lasts, tell whoever runs the server.
duty-health-telegram-back = ✅ Telegram is back at { $at }, after { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
} unreachable. What waited is being delivered now.
# Telegram was taken out of the bridge's config while it was unreachable: no "back" will come.
duty-health-telegram-off = The bridge runs without Telegram now (it was removed from the configuration), so the earlier notice that Telegram cannot be reached no longer applies.
# Posted when the homeserver is back (it could not be posted while it was down).
duty-health-homeserver-unreachable = ⚠ The Matrix homeserver could not be reached since { $since }. Visitors' messages waited in the bridge and are delivered now; nothing is lost.
duty-health-homeserver-back = ✅ The Matrix homeserver is back at { $at }, after { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
} unreachable.
# $free_mb, $floor_mb: megabytes ([limits] min_free_disk_mb is the floor).
duty-health-disk-low = ⚠ The server's disk is nearly full: { $free_mb } MB free, below the floor of { $floor_mb } MB. Visitors' files are refused, their words still arrive. Tell whoever runs the server now.
duty-health-disk-ok = ✅ The server's disk has room again: { $free_mb } MB free. Visitors' files are taken again.
# $count: messages waiting to be delivered; $minutes: how long the oldest has waited.
duty-health-outbox-stale = ⚠ { $count ->
    [one] One message waits
   *[other] { $count } messages wait
} to be delivered; the oldest since { $since } ({ $minutes } min). Tell whoever runs the server: the bridge's log says what fails.
duty-health-outbox-flowing = ✅ Messages are delivered again: none has waited too long.
duty-health-unclean-shutdown = ⚠ The bridge did not stop cleanly last time (it had started at { $started }); it started again at { $now }. Nothing is lost: what it had received is stored, and Telegram and Matrix send again what it had not confirmed. If this repeats, tell whoever runs the server.

## Machine translation ([translation]). $from and $to are language tags (th, en).
# A visitor's message, machine translated: posted as a reply to the original, which stands above it.
room-machine-translation =
    🌐 machine translation, { $from } → { $to }:
    { $text }
# A staff reply that was machine translated and sent: what the visitor got, and that text translated back.
room-reply-translated =
    🌐 sent as machine translation, { $from } → { $to }:
    { $text }
    Back-translation, { $to } → { $from } (check it says what you meant):
    { $back }
room-reply-waits-translation = ⏳ Not sent yet: the translation service is not answering. It is tried again for { $minutes } minutes. Type !raw to send it as you wrote it, or !raw TEXT to send other words instead.
room-reply-not-translated = Not sent: it could not be translated ({ $from } → { $to }: { $reason }). Type !raw TEXT to send words as written, or !send NAME for a canned reply in the visitor's language.
room-reply-translation-gave-up = Not sent: the translation service did not answer for { $minutes } minutes. Type !raw TEXT to send words as written, or !send NAME for a canned reply.
room-translation-refused = Machine translation { $from } → { $to } is not available ({ $reason }), so it is off for this conversation: messages arrive untranslated. !translate on tries again.
duty-translation-down = ⚠ Machine translation is not answering. Visitors' messages still arrive at once, untranslated; their translations follow when it answers again (tried for { $minutes } minutes). Replies that need translating wait; staff can send them as written with !raw.
duty-translation-back = ✅ Machine translation is answering again.
command-translate-on = Machine translation is on for this conversation: the visitor's messages are translated for you, and your replies for them.
command-translate-off = Machine translation is off for this conversation: messages and replies go as written.
command-translate-auto = Machine translation is automatic for this conversation: on when whoever has it does not speak its language.
command-translate-not-set-up = Machine translation is not set up on this bridge ([translation] in the config).
# $language: the language's own name.
command-translate-no-model = There is no machine translation for { $language }.
command-usage-translate = Usage: !translate on|off|auto
command-raw-nothing-waiting = No reply is waiting for translation. Type !raw TEXT to send words as written.
command-raw-sent = { $count ->
    [one] The waiting reply was sent as written.
   *[other] { $count } waiting replies were sent as written.
}
command-raw-withdrawn = { $count ->
    [one] The reply waiting for translation was withdrawn; your new words go instead.
   *[other] { $count } replies waiting for translation were withdrawn; your new words go instead.
}

## The referral directory ([[partner]]).
partner-known-yes = yes
partner-known-no = no
partner-known-unknown = unknown
command-usage-partners = Usage: !partners KIND [LANG]; KIND is one of: { $kinds }
command-usage-send-partner = Usage: !send partner ID [confirm] (!partners KIND lists the ids)
# $language: the language's English name and tag; the partners who speak it come first.
command-partners = Partners for { $kind } ({ $count }), those who speak { $language } first:
command-partners-any = Partners for { $kind } ({ $count }):
# One partner. $asks_id, $asks_cpr, $police, $immigration: partner-known-*; empty fields are "—".
command-partners-entry = - { $id }: { $name } · speaks { $languages } · { $hours } · { $address } · phone { $phone } · asks for ID: { $asks_id }, CPR: { $asks_cpr } · shares data with police: { $police }, immigration: { $immigration } · cost: { $cost } · { $notes }
command-partners-none = No partner in the directory for { $kind } ([[partner]] in the config).
# $command: the kind as typed in commands.
command-refer-partner-unknown = Not recorded: no partner "{ $partner }" for { $kind }. Partners for { $kind }: { $partners } (!partners { $command } shows them).
command-send-partner-unknown = No partner "{ $partner }" in the directory. !partners KIND lists them.
command-send-partner-no-consent = Not sent: first record the referral with the visitor's consent: !refer KIND partner={ $partner } consent=yes
command-send-partner-warning = ⚠ Not sent yet: { $name } shares data with the police: { $police }; with immigration: { $immigration }. Make sure the visitor knows this before they go. To send the details anyway: !send partner { $partner } confirm
command-send-partner-sent = { $name }: the details were sent to the visitor in { $language }.

## The shift handover (`!handover`, and when a shift ends): pseudonyms and states only.
handover = 🔁 Handover for the next worker ({ $time }):
# $staff: whose shift ended (staff ids, comma-separated).
handover-after-shift = 🔁 { $staff }: shift ended. Handover for the next worker ({ $time }):
handover-open = Open conversations ({ $count }), longest waiting first:
handover-open-waiting = - { $label } · { $staff } · waiting { $minutes } min
handover-open-answered = - { $label } · { $staff } · answered
handover-queue = Queue ({ $count }):
handover-queue-entry = - { $label } · waiting { $minutes } min
handover-holds = Holds due for review ({ $count }):
handover-hold-entry = - { $label } · review { $date }
handover-referrals = Referral follow-ups due ({ $count }):
handover-referral-entry = - R{ $desk } · { $label } · { $kind } · due { $date } · { $status }
handover-careful = Do not write first to:
handover-careful-secret-word = - { $label } · used the secret word: only their /messages with the word brings them back
handover-careful-held = - { $label } · holds replies until they ask
handover-nothing = Nothing open: no conversation, no queue, nothing due.

## The peer worker's desk ([peer_desk]) and the team's referral list. $desk is the desk number (12 for R12).
command-usage-referrals = Usage: !referrals [open|due|mine]
command-referral-desk-unknown = There is no open referral R{ $desk }. !referrals lists them.
command-referrals-open = Open referrals ({ $count }):
command-referrals-due = Referrals due today or overdue ({ $count }):
command-referrals-mine = Referrals you made or moved on ({ $count }):
command-referrals-none = No referral to list.
# $days: since it was made; $date: its follow-up date, or "—".
command-referrals-entry = - R{ $desk } · { $label } · { $kind } → { $partner } · { $status } · { $days } d · due { $date }
desk-new-referral = 📋 New referral R{ $desk }: { $label } · { $kind } → { $partner } · consent { $consent } · due { $date } · by { $staff }
desk-digest = ☀ Good morning. Due today or overdue: { $count } of { $open ->
    [one] 1 open referral
   *[other] { $open } open referrals
}.
desk-digest-nothing = ☀ Good morning. Nothing is due today ({ $open ->
    [one] 1 open referral
   *[other] { $open } open referrals
}).
duty-referral-overdue = ⚠ Referral R{ $desk } ({ $kind }) for { $label } is a week past its follow-up date ({ $date }) and still { $status }.

## Announcements (`!announce`, coordinators, in the duty room). Counts below 5 show as "<5".
command-usage-announce = Usage: !announce LANG|all TEXT (a preview first) · !announce send · !announce cancel
command-announce-duty-room = Announcements are written in the duty room.
command-announce-coordinator-only = Only a coordinator can send announcements.
# $language: what was typed; $languages: the shipped tags.
command-announce-unknown-language = { $language } is not one of our languages. Use all, or one of: { $languages }
command-announce-too-long = That is too long for one message: at most { $max } characters.
# $audience: "every subscriber" or a language as "Thai (th)"; $recipients: a count or "<5"; $text: the words as typed.
command-announce-preview =
    📣 Preview, for { $audience }: { $recipients } subscribers would get it now.

    { $text }

    Visitors read this first line on a locked screen: keep it harmless. Send it with !announce send, or drop it with !announce cancel.
announce-audience-all = every subscriber
command-announce-busy = Announcement { $number } is still going out ({ $left } left). Wait for it, or stop it with !announce cancel.
command-announce-no-draft = Nothing to send: write it first with !announce LANG|all TEXT.
command-announce-dropped = The preview is dropped; nothing was sent.
command-announce-nothing = There is no preview and nothing going out.
duty-announce-sending = 📣 Announcement { $number } from { $staff } is going out to { $recipients } subscribers, about { $seconds } s. Parked for those who hold replies: { $parked }.
duty-announce-done = 📣 Announcement { $number } is out: { $delivered } delivered, { $failed } not deliverable, { $interrupted } cut off by a restart (maybe delivered, not sent again), { $withdrawn } withdrawn (secret word, unsubscribed or erased). Waiting with held replies: { $parked }.
duty-announce-stopped = 📣 Announcement { $number } stopped: { $delivered } had gone out, { $stopped } will not.
