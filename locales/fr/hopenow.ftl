### Français (French)
### Reviewed: machine-drafted, needs native review
### Date: 2026-12-05
###
### Translated from locales/en/hopenow.ftl, which explains each message.
### Register: polite "vous", on purpose: in French "tu" from strangers to an adult can sound
### condescending, and "vous" is what a help service writes; short sentences and everyday words
### keep it warm. Gender: nothing about the reader takes a gender ("vous êtes en danger" is the
### same for all; no "prêt(e)", no "bienvenu(e)"). "Secret word" = "mot secret" (no "sécurité").
### Delete = "supprimer" (chat messages), erase = "effacer" (/forget). No-break spaces before ? ! : as usual in French.

received = Merci pour votre message. Une personne de notre équipe va vous répondre ici bientôt.

many-writing-wait = Merci pour votre message. Beaucoup de personnes nous écrivent en ce moment. Votre message est gardé, et une personne de notre équipe va vous répondre ici dès que possible. Si vous êtes en danger maintenant, appelez le { $emergency }.

out-of-hours-today = Merci de nous avoir écrit. Personne ne peut répondre pour le moment. Une personne de notre équipe va vous répondre ici aujourd'hui à partir de { $time }. Si vous êtes en danger maintenant, appelez le { $emergency }.
out-of-hours-tomorrow = Merci de nous avoir écrit. Personne ne peut répondre pour le moment. Une personne de notre équipe va vous répondre ici demain à partir de { $time }. Si vous êtes en danger maintenant, appelez le { $emergency }.
out-of-hours-later = Merci de nous avoir écrit. Personne ne peut répondre pour le moment. Une personne de notre équipe va vous répondre ici le { $date } à partir de { $time }. Si vous êtes en danger maintenant, appelez le { $emergency }.
out-of-hours-unknown = Merci de nous avoir écrit. Personne ne peut répondre pour le moment. Une personne de notre équipe va vous répondre ici dès que possible. Si vous êtes en danger maintenant, appelez le { $emergency }.

staff-reply =
    { $alias }:
    { $text }

conversation-closed = Cette conversation est terminée. Vous pouvez nous écrire de nouveau à tout moment.
chat-closed-by-team = Notre équipe a fermé cette discussion.

message-too-long = Votre message était trop long et n'a pas été envoyé. Envoyez-le en plusieurs parties plus courtes, avec { $limit } lettres au maximum dans chaque partie, s'il vous plaît.
message-not-delivered = Votre dernier message n'a pas pu être envoyé à notre équipe. Envoyez-le de nouveau, s'il vous plaît.

## Ready-made answers the team can send in the visitor's language.

canned-greeting = Bonjour ! Vous pouvez nous écrire ici dans votre langue. Nous sommes là pour vous écouter.
canned-emergency = Si vous êtes en danger maintenant, appelez le { $emergency }. L'appel est gratuit.
canned-hours = Notre équipe répond à ces heures : { $hours }
canned-soon = Une personne de notre équipe va vous répondre bientôt.
canned-safe = Pouvez-vous parler sans danger maintenant ? Répondez oui ou non, s'il vous plaît.
canned-meet = Nous pouvons vous rencontrer dans un endroit sûr. Dites-nous où et quand c'est bien pour vous.
canned-doctor = Vous pouvez voir un médecin, même sans papiers. Nous pouvons venir avec vous.
canned-language = Vous pouvez écrire dans votre langue. Nous allons traduire.

## First contact and the bridge's own prompts.

greeting =
    Bonjour. Vous pouvez écrire ici dans votre langue.
    Choisissez votre langue, s'il vous plaît :
language-picker = Choisissez votre langue, s'il vous plaît :
hold-question = Voulez-vous recevoir nos réponses tout de suite, ou voulez-vous que nous les gardions jusqu'à votre demande ? Si une autre personne peut regarder votre téléphone, choisissez de les garder.
hold-choice-send = Les envoyer tout de suite
hold-choice-keep = Les garder jusqu'à ma demande
replies-held = Nous gardons nos réponses pour vous. Tapez { -cmd-messages } quand vous pouvez les lire sans danger.
ready = Une personne va lire vos messages et vous répondre ici. Tapez { -cmd-help } pour voir les numéros d'urgence.
no-held-messages = Il n'y a pas de nouveaux messages pour vous.

help =
    Si vous êtes en danger maintenant, appelez le { $emergency }. L'appel est gratuit.
    Vous pouvez écrire ici à tout moment. Une personne va vous répondre.
    { -cmd-language } — changer la langue
    { -cmd-messages } — voir les messages gardés pour vous
    { -cmd-hide } — supprimer les messages récents de cette discussion
    { -cmd-autohide } — supprimer cette discussion automatiquement après un moment
    { -cmd-word } — choisir un mot secret qui supprime cette discussion tout de suite
    { -cmd-code } — continuer cette discussion sur un autre téléphone
    { -cmd-forget } — effacer tout ce que nous gardons sur vous
help-with-hours =
    Si vous êtes en danger maintenant, appelez le { $emergency }. L'appel est gratuit.
    Notre équipe répond à ces heures : { $hours }
    Vous pouvez écrire ici à tout moment.
    { -cmd-language } — changer la langue
    { -cmd-messages } — voir les messages gardés pour vous
    { -cmd-hide } — supprimer les messages récents de cette discussion
    { -cmd-autohide } — supprimer cette discussion automatiquement après un moment
    { -cmd-word } — choisir un mot secret qui supprime cette discussion tout de suite
    { -cmd-code } — continuer cette discussion sur un autre téléphone
    { -cmd-forget } — effacer tout ce que nous gardons sur vous

hidden = C'est fait. Ce message va aussi disparaître.

forget-question = Voulez-vous que nous effacions tout ce que nous gardons sur vous, et les messages de cette discussion ? Ensuite, il n'est pas possible de revenir en arrière.
forget-choice-yes = Oui, tout effacer
forget-choice-no = Non, garder
forget-cancelled = Rien n'a été effacé.
forgotten = C'est fait. Vous pouvez écrire de nouveau à tout moment.

location-question = Notre équipe a reçu seulement une position approximative (environ 1 km). Voulez-vous envoyer votre position exacte à notre équipe ?
location-choice-yes = Oui, envoyer la position exacte
location-choice-no = Non, seulement la position approximative
location-sent = Votre position exacte a été envoyée à notre équipe.
location-kept-approximate = Notre équipe a seulement la position approximative.

contact-not-relayed = Nous ne transmettons pas les contacts, pour protéger les personnes qui sont dedans. Si vous voulez nous dire quelque chose sur une personne, écrivez-le dans un message.
file-too-large = Ce fichier est trop gros pour être reçu ici (la limite est de { $megabytes } Mo). Envoyez un fichier plus petit, ou expliquez-nous avec des mots, s'il vous plaît.

language-hint-question = On dirait que vous écrivez en français. Voulez-vous continuer en français ?
language-hint-yes = Oui, continuer en français
language-hint-no = Non, garder { $current }

## Safety of the person writing.

safety-question = Pouvez-vous écrire sans danger maintenant ?
safety-choice-yes = Oui, sans danger
safety-choice-not-now = Pas maintenant
safety-not-now = D'accord. Écrivez-nous plus tard.

safe-word-explain =
    Vous pouvez choisir un mot secret. Si vous l'envoyez ici, cette discussion est supprimée de votre téléphone tout de suite, et nous gardons nos réponses pour vous.
    Pour les lire quand c'est sans danger, envoyez { -cmd-messages } et votre mot secret, par exemple : { -cmd-messages } tournesol
    Pour choisir votre mot, envoyez { -cmd-word } et le mot, par exemple : { -cmd-word } tournesol
    À chaque fois, votre mot est supprimé de la discussion.
safe-word-too-short = Le mot secret doit avoir au moins { $length ->
    [one] { $length } lettre
   *[other] { $length } lettres
    }. Choisissez un mot plus long, s'il vous plaît.
safe-word-set = C'est enregistré. Ce message va disparaître.
safe-word-removed = Votre mot secret est supprimé.
# Must read like an ordinary message from a hair salon.
decoy = Votre rendez-vous de jeudi à 14h00 est confirmé. À bientôt.

auto-hide-question = Voulez-vous que cette discussion se supprime toute seule quelque temps après le dernier message ?
auto-hide-choice-minutes = Après { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
    }
auto-hide-choice-off = Non, garder les messages
auto-hide-on = Cette discussion va se supprimer toute seule { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
    } après le dernier message.
auto-hide-off = C'est enregistré. Ce message va disparaître.

code-given = Pour continuer sur un autre téléphone, envoyez-nous depuis le nouveau téléphone ces quatre mots anglais, exactement comme ils sont écrits : { $phrase }
    Ils marchent une seule fois, pendant { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }. Toute personne qui a ces mots peut lire vos nouveaux messages, alors gardez-les secrets. Ce message va disparaître.
code-moved = Rebonjour. Votre discussion continue ici.
code-wrong = Ces mots ne sont pas bons, ou ils ne sont plus valables. Vérifiez-les et essayez de nouveau, s'il vous plaît.
code-locked = Trop d'essais incorrects. Attendez { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
    } et essayez de nouveau, s'il vous plaît.

## The command menu of the chat app. Neutral words: someone may look at this menu.

menu-help = Aide et numéros de téléphone
menu-language = Changer de langue
menu-messages = Voir les nouveaux messages
menu-hide = Supprimer les messages récents
menu-autohide = Supprimer la discussion automatiquement
menu-word = Choisir un mot secret
menu-code = Continuer sur un autre téléphone
menu-forget = Effacer mes données

# A visitor's file was refused: their files for the day reached the limit ([limits]). Words still flow.
file-over-daily-limit = Vous avez envoyé beaucoup de fichiers aujourd'hui, celui-ci n'a donc pas été reçu. Vos mots nous parviennent toujours : écrivez-nous, ou envoyez le fichier demain.
# A visitor's file was refused: the server's disk is nearly full. Words still flow.
file-not-received-now = Les fichiers ne peuvent pas être reçus pour le moment. Vos mots nous parviennent toujours : écrivez-nous, s'il vous plaît.

machine-translated-note = (Un ordinateur a traduit ce message. Si quelque chose n'est pas clair, demandez-nous.)

partner-intro = Voici un endroit qui peut vous aider :
partner-address = Adresse : { $address }
partner-hours = Ouvert : { $hours }
partner-phone = Téléphone : { $phone }
partner-bring = À apporter : { $bring }

card-line = Des questions ? Quelqu’un vous écoute. Écrivez-nous, dans votre langue.
card-line-discreet = Ongles · Coiffure · Cours — réservation par message

## Opt-in news (/news)
menu-news = Nos nouvelles
news-subscribed = C'est fait. Tu recevras nos nouvelles ici (cours, rencontres), dans ta langue. Envoie { -cmd-news } à nouveau pour arrêter.
news-unsubscribed = C'est fait. Tu ne recevras plus de nouvelles de notre part. Envoie { -cmd-news } si tu les veux à nouveau.
news-announcement =
    { $text }

    — Envoie { -cmd-news } pour ne plus recevoir ces messages.

## Sharing with a friend (/share)

menu-share = Envoyer ce chat à quelqu'un
share-invitation = Quelqu'un à qui parler, gratuit et confidentiel, dans votre langue :
    { $link }
share-invitation-matrix = Quelqu'un à qui parler, gratuit et confidentiel, dans votre langue :
    { $link }
    Écrivez { -cmd-start } share pour commencer.
share-sent = Transférez le message ci-dessus à une personne de confiance. Il disparaîtra d'ici dans { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
    }.
share-keep = Le garder
share-kept = Le message reste. Celui-ci va disparaître.
share-unavailable = Il n'est pas possible d'envoyer ce chat à quelqu'un pour le moment.
