### English
### Reviewed: reference text
### Date: 2026-11-28
###
### The reference for every other locale: each one has exactly these ids and variables.
### Readers may have little schooling, and someone else may read their phone or its
### notifications. Short sentences, plain words, no idioms, warm and calm. Never name what
### the service is for, and never name the organisation.

# Sent first when a person from the team is on duty.
received = Thank you for your message. A person from our team will answer you here soon.

# Sent first when nobody is on duty. $time is a time of day, $emergency a phone number.
out-of-hours-today = Thank you for writing. Nobody can answer right now. A person from our team will answer you here today from { $time }. If you are in danger now, call { $emergency }.
out-of-hours-tomorrow = Thank you for writing. Nobody can answer right now. A person from our team will answer you here tomorrow from { $time }. If you are in danger now, call { $emergency }.
# $date is numeric, like 02.12.
out-of-hours-later = Thank you for writing. Nobody can answer right now. A person from our team will answer you here on { $date } from { $time }. If you are in danger now, call { $emergency }.
out-of-hours-unknown = Thank you for writing. Nobody can answer right now. A person from our team will answer you here as soon as possible. If you are in danger now, call { $emergency }.

# How a team member's answer reaches the visitor: their alias, then their text on the next line.
staff-reply =
    { $alias }:
    { $text }

conversation-closed = This conversation is closed. You can write to us again at any time.
# Sent when the team blocks a pseudonym. Neutral: it must not accuse anyone.
chat-closed-by-team = Our team has closed this chat.

# $limit is a number of characters.
message-too-long = Your message was too long and was not sent. Please send it in shorter parts, with at most { $limit } characters in each part.
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
