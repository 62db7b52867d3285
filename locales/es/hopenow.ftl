### Español (Spanish)
### Reviewed: machine-drafted, needs native review
### Date: 2026-12-05
###
### Translated from locales/en/hopenow.ftl, which explains each message.
### Neutral Spanish for Spain and Latin America; "teléfono" (not móvil/celular); no expression
### used only in Spain ("te va bien" → "te conviene").
### Register: informal "tú", on purpose: warm, short, the simplest verb forms, how a helper writes
### in a chat; "usted" would sound like an office, and "vos" is only regional. No "vosotros".
### Gender: nothing about the reader takes a gender ("si estás en peligro", never "solo/sola").
### "Secret word" is "palabra secreta" ("palabra clave" means password in Latin America;
### "palabra de seguridad" can sound like security forces).

received = Gracias por tu mensaje. Una persona de nuestro equipo te responderá aquí pronto.

many-writing-wait = Gracias por tu mensaje. Ahora mismo nos escribe mucha gente. Tu mensaje está guardado y una persona de nuestro equipo te responderá aquí lo antes posible. Si estás en peligro ahora, llama al { $emergency }.

out-of-hours-today = Gracias por escribir. Ahora nadie puede responder. Una persona de nuestro equipo te responderá aquí hoy a partir de las { $time }. Si estás en peligro ahora, llama al { $emergency }.
out-of-hours-tomorrow = Gracias por escribir. Ahora nadie puede responder. Una persona de nuestro equipo te responderá aquí mañana a partir de las { $time }. Si estás en peligro ahora, llama al { $emergency }.
out-of-hours-later = Gracias por escribir. Ahora nadie puede responder. Una persona de nuestro equipo te responderá aquí el { $date } a partir de las { $time }. Si estás en peligro ahora, llama al { $emergency }.
out-of-hours-unknown = Gracias por escribir. Ahora nadie puede responder. Una persona de nuestro equipo te responderá aquí lo antes posible. Si estás en peligro ahora, llama al { $emergency }.

staff-reply =
    { $alias }:
    { $text }

conversation-closed = Esta conversación está cerrada. Puedes escribirnos de nuevo cuando quieras.
chat-closed-by-team = Nuestro equipo ha cerrado este chat.

message-too-long = Tu mensaje era demasiado largo y no se envió. Por favor, envíalo en partes más cortas, con { $limit } letras como máximo en cada parte.
message-not-delivered = Tu último mensaje no se pudo enviar a nuestro equipo. Por favor, envíalo otra vez.

## Ready-made answers the team can send in the visitor's language.

canned-greeting = ¡Hola! Aquí puedes escribirnos en tu propio idioma. Estamos aquí para escucharte.
canned-emergency = Si estás en peligro ahora, llama al { $emergency }. La llamada es gratis.
canned-hours = Nuestro equipo responde en estos horarios: { $hours }
canned-soon = Una persona de nuestro equipo te responderá pronto.
canned-safe = ¿Es seguro para ti hablar ahora? Por favor, responde sí o no.
canned-meet = Podemos vernos en un lugar seguro. Dinos dónde y cuándo te conviene.
canned-doctor = Puedes ver a un médico, incluso sin papeles. Podemos ir contigo.
canned-language = Puedes escribir en tu propio idioma. Nosotros lo traducimos.

## First contact and the bridge's own prompts.

# First line shows in notification previews: keep it neutral.
greeting =
    Hola. Aquí puedes escribir en tu propio idioma.
    Por favor, elige tu idioma:
language-picker = Por favor, elige tu idioma:
hold-question = ¿Te enviamos nuestras respuestas en cuanto estén escritas, o las guardamos hasta que las pidas? Si otra persona puede mirar tu teléfono, elige guardarlas.
hold-choice-send = Enviarlas ahora mismo
hold-choice-keep = Guardarlas hasta que las pida
replies-held = Guardaremos nuestras respuestas para ti. Escribe { -cmd-messages } cuando sea seguro leerlas.
ready = Una persona leerá tus mensajes y te responderá aquí. Escribe { -cmd-help } para ver los números de emergencia.
no-held-messages = No hay mensajes nuevos para ti.

help =
    Si estás en peligro ahora, llama al { $emergency }. La llamada es gratis.
    Puedes escribir aquí cuando quieras. Una persona te responderá.
    { -cmd-language } — cambiar el idioma
    { -cmd-messages } — ver los mensajes que guardamos para ti
    { -cmd-hide } — borrar los mensajes recientes de este chat
    { -cmd-autohide } — borrar este chat automáticamente después de un tiempo
    { -cmd-word } — elegir una palabra secreta que borre este chat al instante
    { -cmd-code } — seguir este chat en otro teléfono
    { -cmd-forget } — borrar todo lo que guardamos sobre ti
help-with-hours =
    Si estás en peligro ahora, llama al { $emergency }. La llamada es gratis.
    Nuestro equipo responde en estos horarios: { $hours }
    Puedes escribir aquí cuando quieras.
    { -cmd-language } — cambiar el idioma
    { -cmd-messages } — ver los mensajes que guardamos para ti
    { -cmd-hide } — borrar los mensajes recientes de este chat
    { -cmd-autohide } — borrar este chat automáticamente después de un tiempo
    { -cmd-word } — elegir una palabra secreta que borre este chat al instante
    { -cmd-code } — seguir este chat en otro teléfono
    { -cmd-forget } — borrar todo lo que guardamos sobre ti

hidden = Listo. Este mensaje también va a desaparecer.

forget-question = ¿Quieres que borremos todo lo que guardamos sobre ti y los mensajes de este chat? Esto no se puede deshacer.
forget-choice-yes = Sí, borrar todo
forget-choice-no = No, mejor no
forget-cancelled = No se borró nada.
forgotten = Listo. Puedes escribir de nuevo cuando quieras.

location-question = Nuestro equipo recibió solo una ubicación aproximada (más o menos 1 km). ¿Quieres enviar tu ubicación exacta a nuestro equipo?
location-choice-yes = Sí, enviar la ubicación exacta
location-choice-no = No, solo la aproximada
location-sent = Tu ubicación exacta se envió a nuestro equipo.
location-kept-approximate = Nuestro equipo tiene solo la ubicación aproximada.

contact-not-relayed = No pasamos los contactos que compartes, para proteger a esas personas. Si quieres contarnos algo sobre una persona, escríbelo en un mensaje.
file-too-large = Este archivo es demasiado grande para recibirlo aquí (el límite es { $megabytes } MB). Por favor, envía un archivo más pequeño, o cuéntanoslo con palabras.

language-hint-question = Parece que escribes en español. ¿Quieres seguir en español?
language-hint-yes = Sí, seguir en español
language-hint-no = No, quedarme en { $current }

## Safety of the person writing.

safety-question = ¿Es seguro para ti escribir ahora?
safety-choice-yes = Sí, es seguro
safety-choice-not-now = Ahora no
safety-not-now = Está bien. Escríbenos más tarde.

safe-word-explain =
    Puedes elegir una palabra secreta. Si la envías aquí, este chat se borra de tu teléfono al instante y guardamos nuestras respuestas para ti.
    Para leerlas cuando sea seguro, envía { -cmd-messages } y tu palabra secreta, por ejemplo: { -cmd-messages } girasol
    Para elegir tu palabra, envía { -cmd-word } y la palabra, por ejemplo: { -cmd-word } girasol
    Cada vez, tu palabra se borra del chat.
safe-word-too-short = La palabra secreta necesita por lo menos { $length ->
    [one] { $length } letra
   *[other] { $length } letras
    }. Por favor, elige una palabra más larga.
safe-word-set = Guardado. Este mensaje va a desaparecer.
safe-word-removed = Se quitó tu palabra secreta.
# Must read like an ordinary message from a hair salon.
decoy = Tu cita del jueves a las 14:00 está confirmada. ¡Nos vemos!

auto-hide-question = ¿Quieres que este chat se borre automáticamente un tiempo después del último mensaje?
auto-hide-choice-minutes = Después de { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
    }
auto-hide-choice-off = No, guardar los mensajes
auto-hide-on = Este chat se borrará automáticamente { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
    } después del último mensaje.
auto-hide-off = Guardado. Este mensaje va a desaparecer.

code-given = Para seguir en otro teléfono, envíanos desde el teléfono nuevo estas cuatro palabras en inglés, exactamente como están: { $phrase }
    Sirven una sola vez, durante { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }. Cualquier persona que tenga estas palabras puede leer tus mensajes nuevos, así que no se las muestres a nadie. Este mensaje va a desaparecer.
code-moved = Hola de nuevo. Tu chat sigue aquí.
code-wrong = Estas palabras no son correctas, o ya no sirven. Por favor, revísalas e inténtalo otra vez.
code-locked = Demasiados intentos fallidos. Por favor, espera { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
    } y vuelve a intentarlo.

## The command menu of the chat app. Neutral words: someone may look at this menu.

menu-help = Ayuda y números de teléfono
menu-language = Cambiar idioma
menu-messages = Ver mensajes nuevos
menu-hide = Borrar mensajes recientes
menu-autohide = Borrar este chat automáticamente
menu-word = Elegir una palabra secreta
menu-code = Seguir en otro teléfono
menu-forget = Borrar mis datos

# A visitor's file was refused: their files for the day reached the limit ([limits]). Words still flow.
file-over-daily-limit = Hoy has enviado muchos archivos, así que este no se recibió. Tus palabras siguen llegándonos: escríbenos, o envía el archivo mañana.
# A visitor's file was refused: the server's disk is nearly full. Words still flow.
file-not-received-now = Ahora mismo no se pueden recibir archivos. Tus palabras siguen llegándonos: por favor, escríbenos.

machine-translated-note = (Una computadora tradujo este mensaje. Si algo no está claro, pregunta, por favor.)

partner-intro = Aquí hay un lugar que te puede ayudar:
partner-address = Dirección: { $address }
partner-hours = Horario: { $hours }
partner-phone = Teléfono: { $phone }
partner-bring = Qué llevar: { $bring }

card-line = ¿Tienes preguntas? Alguien te escucha. Escríbenos en tu idioma.
card-line-discreet = Uñas · Peluquería · Clases — reserva por mensaje

## Opt-in news (/news)
menu-news = Noticias nuestras
news-subscribed = Listo. Recibirás nuestras noticias aquí (clases, encuentros), en tu idioma. Envía { -cmd-news } otra vez para dejar de recibirlas.
news-unsubscribed = Listo. Ya no recibirás noticias nuestras. Envía { -cmd-news } si las quieres otra vez.
news-announcement =
    { $text }

    — Envía { -cmd-news } para dejar de recibir estos mensajes.

## Sharing with a friend (/share)

menu-share = Enviar este chat a alguien
share-invitation = Alguien con quien hablar, gratis y en privado, en tu idioma:
    { $link }
share-invitation-matrix = Alguien con quien hablar, gratis y en privado, en tu idioma:
    { $link }
    Escribe { -cmd-start } share para empezar.
share-sent = Reenvía el mensaje de arriba a una persona de confianza. Se borrará de aquí en { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
    }.
share-keep = Guardarlo
share-kept = El mensaje se queda. Este va a desaparecer.
share-unavailable = Ahora no se puede enviar este chat a otra persona desde aquí.
