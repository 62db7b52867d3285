### Dansk (Danish)
### Reviewed: machine-drafted, needs native review
### Date: 2026-11-28
###
### Translated from locales/en/hopenow.ftl, which explains each message.
### Korte sætninger, enkle ord, varm og rolig tone.

received = Tak for din besked. En person fra vores team svarer dig her snart.

out-of-hours-today = Tak fordi du skriver. Lige nu kan ingen svare. En person fra vores team svarer dig her i dag fra kl. { $time }. Hvis du er i fare lige nu, så ring { $emergency }.
out-of-hours-tomorrow = Tak fordi du skriver. Lige nu kan ingen svare. En person fra vores team svarer dig her i morgen fra kl. { $time }. Hvis du er i fare lige nu, så ring { $emergency }.
out-of-hours-later = Tak fordi du skriver. Lige nu kan ingen svare. En person fra vores team svarer dig her den { $date } fra kl. { $time }. Hvis du er i fare lige nu, så ring { $emergency }.
out-of-hours-unknown = Tak fordi du skriver. Lige nu kan ingen svare. En person fra vores team svarer dig her så hurtigt som muligt. Hvis du er i fare lige nu, så ring { $emergency }.

staff-reply =
    { $alias }:
    { $text }

conversation-closed = Denne samtale er lukket. Du kan altid skrive til os igen.
chat-closed-by-team = Vores team har lukket denne chat.

message-too-long = Din besked var for lang og blev ikke sendt. Send den venligst i kortere dele, med højst { $limit } tegn i hver del.
message-not-delivered = Din sidste besked kunne ikke sendes til vores team. Send den venligst igen.

## Færdige svar, som teamet kan sende.

canned-greeting = Hej! Du kan skrive til os her på dit eget sprog. Vi er her for at lytte til dig.
canned-emergency = Hvis du er i fare lige nu, så ring { $emergency }. Det er gratis at ringe.
canned-hours = Vores team svarer på disse tidspunkter: { $hours }
canned-soon = En person fra vores team svarer dig snart.
canned-safe = Er det sikkert for dig at tale nu? Svar venligst ja eller nej.
canned-meet = Vi kan mødes med dig et sikkert sted. Fortæl os, hvor og hvornår det passer dig.
canned-doctor = Du kan komme til en læge, også uden papirer. Vi kan tage med dig.
canned-language = Du kan skrive på dit eget sprog. Vi oversætter det.
