### Português do Brasil (Brazilian Portuguese)
### Reviewed: machine-drafted, needs native review
### Date: 2026-12-05
###
### Translated from locales/en/hopenow.ftl, which explains each message.
### Register: informal "você" with spoken "te" and "a gente", on purpose: how people chat in
### Brazil; "o senhor/a senhora" would be distant and force a gender. "Celular" for phone.
### Gender: nothing about the reader or the team takes a gender: no "bem-vindo/a", and thanks are
### "Agradecemos", not "Obrigado/a" (which agrees with the speaker).
### "Secret word" is "palavra secreta" ("palavra-chave" reads as a password; "palavra de
### segurança" can sound like security forces).

received = Agradecemos a sua mensagem. Uma pessoa da nossa equipe vai te responder aqui em breve.

many-writing-wait = Agradecemos a sua mensagem. Agora muitas pessoas estão escrevendo para nós. Sua mensagem está guardada, e uma pessoa da nossa equipe vai te responder aqui assim que puder. Se você está em perigo agora, ligue para { $emergency }.

out-of-hours-today = Agradecemos por escrever. Agora ninguém pode responder. Uma pessoa da nossa equipe vai te responder aqui hoje a partir das { $time }. Se você está em perigo agora, ligue para { $emergency }.
out-of-hours-tomorrow = Agradecemos por escrever. Agora ninguém pode responder. Uma pessoa da nossa equipe vai te responder aqui amanhã a partir das { $time }. Se você está em perigo agora, ligue para { $emergency }.
out-of-hours-later = Agradecemos por escrever. Agora ninguém pode responder. Uma pessoa da nossa equipe vai te responder aqui { $date }, a partir das { $time }. Se você está em perigo agora, ligue para { $emergency }.
out-of-hours-unknown = Agradecemos por escrever. Agora ninguém pode responder. Uma pessoa da nossa equipe vai te responder aqui o mais rápido possível. Se você está em perigo agora, ligue para { $emergency }.

staff-reply =
    { $alias }:
    { $text }

conversation-closed = Esta conversa foi encerrada. Você pode escrever para nós de novo quando quiser.
chat-closed-by-team = Nossa equipe encerrou este chat.

message-too-long = Sua mensagem era longa demais e não foi enviada. Por favor, envie em partes menores, com no máximo { $limit } letras em cada parte.
message-not-delivered = Sua última mensagem não pôde ser enviada para nossa equipe. Por favor, envie de novo.

## Ready-made answers the team can send in the visitor's language.

canned-greeting = Olá! Aqui você pode escrever para nós no seu próprio idioma. Estamos aqui para ouvir você.
canned-emergency = Se você está em perigo agora, ligue para { $emergency }. A ligação é gratuita.
canned-hours = Nossa equipe responde nestes horários: { $hours }
canned-soon = Uma pessoa da nossa equipe vai te responder em breve.
canned-safe = É seguro para você conversar agora? Por favor, responda sim ou não.
canned-meet = Podemos encontrar você em um lugar seguro. Diga onde e quando é bom para você.
canned-doctor = Você pode ir a um médico, mesmo sem documentos. Podemos ir com você.
canned-language = Você pode escrever no seu próprio idioma. Nós vamos traduzir.

## First contact and the bridge's own prompts.

# First line shows in notification previews: keep it neutral.
greeting =
    Olá. Aqui você pode escrever no seu próprio idioma.
    Por favor, escolha seu idioma:
language-picker = Por favor, escolha seu idioma:
hold-question = Você quer que a gente envie nossas respostas assim que forem escritas, ou que a gente guarde até você pedir? Se outra pessoa pode olhar seu celular, escolha guardar.
hold-choice-send = Enviar na hora
hold-choice-keep = Guardar até eu pedir
replies-held = Vamos guardar nossas respostas para você. Digite { -cmd-messages } quando for seguro ler.
ready = Uma pessoa vai ler suas mensagens e te responder aqui. Digite { -cmd-help } para ver os números de emergência.
no-held-messages = Não há mensagens novas para você.

help =
    Se você está em perigo agora, ligue para { $emergency }. A ligação é gratuita.
    Você pode escrever aqui a qualquer hora. Uma pessoa vai te responder.
    { -cmd-language } — mudar o idioma
    { -cmd-messages } — mostrar as mensagens que guardamos para você
    { -cmd-hide } — apagar as mensagens recentes deste chat
    { -cmd-autohide } — apagar este chat automaticamente depois de um tempo
    { -cmd-word } — escolher uma palavra secreta que apaga este chat na hora
    { -cmd-code } — continuar este chat em outro celular
    { -cmd-forget } — apagar tudo o que guardamos sobre você
help-with-hours =
    Se você está em perigo agora, ligue para { $emergency }. A ligação é gratuita.
    Nossa equipe responde nestes horários: { $hours }
    Você pode escrever aqui a qualquer hora.
    { -cmd-language } — mudar o idioma
    { -cmd-messages } — mostrar as mensagens que guardamos para você
    { -cmd-hide } — apagar as mensagens recentes deste chat
    { -cmd-autohide } — apagar este chat automaticamente depois de um tempo
    { -cmd-word } — escolher uma palavra secreta que apaga este chat na hora
    { -cmd-code } — continuar este chat em outro celular
    { -cmd-forget } — apagar tudo o que guardamos sobre você

hidden = Pronto. Esta mensagem também vai sumir.

forget-question = Você quer que a gente apague tudo o que guardamos sobre você e as mensagens deste chat? Isso não pode ser desfeito.
forget-choice-yes = Sim, apagar tudo
forget-choice-no = Não, manter
forget-cancelled = Nada foi apagado.
forgotten = Pronto. Você pode escrever de novo quando quiser.

location-question = Nossa equipe recebeu só uma localização aproximada (mais ou menos 1 km). Você quer enviar sua localização exata para nossa equipe?
location-choice-yes = Sim, enviar a localização exata
location-choice-no = Não, só a aproximada
location-sent = Sua localização exata foi enviada para nossa equipe.
location-kept-approximate = Nossa equipe tem só a localização aproximada.

contact-not-relayed = Não passamos contatos, para proteger as pessoas que estão neles. Se você quer contar algo sobre uma pessoa, escreva numa mensagem.
file-too-large = Este arquivo é grande demais para receber aqui (o limite é { $megabytes } MB). Por favor, envie um arquivo menor, ou conte para nós com palavras.

language-hint-question = Parece que você escreve em português. Quer continuar em português?
language-hint-yes = Sim, continuar em português
language-hint-no = Não, ficar em { $current }

## Safety of the person writing.

safety-question = É seguro para você escrever agora?
safety-choice-yes = Sim, é seguro
safety-choice-not-now = Agora não
safety-not-now = Tudo bem. Escreva mais tarde.

safe-word-explain =
    Você pode escolher uma palavra secreta. Se você enviar essa palavra aqui, este chat é apagado do seu celular na hora, e a gente guarda nossas respostas para você.
    Para ler quando for seguro, envie { -cmd-messages } e sua palavra secreta, por exemplo: { -cmd-messages } girassol
    Para escolher sua palavra, envie { -cmd-word } e a palavra, por exemplo: { -cmd-word } girassol
    Toda vez, sua palavra é apagada do chat.
safe-word-too-short = A palavra secreta precisa ter pelo menos { $length ->
    [one] { $length } letra
   *[other] { $length } letras
    }. Por favor, escolha uma palavra mais longa.
safe-word-set = Salvo. Esta mensagem vai sumir.
safe-word-removed = Sua palavra secreta foi removida.
# Must read like an ordinary message from a hair salon.
decoy = Seu horário na quinta-feira às 14h está confirmado. Até lá!

auto-hide-question = Você quer que este chat se apague sozinho um tempo depois da última mensagem?
auto-hide-choice-minutes = Depois de { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
    }
auto-hide-choice-off = Não, manter as mensagens
auto-hide-on = Este chat vai se apagar sozinho { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
    } depois da última mensagem.
auto-hide-off = Salvo. Esta mensagem vai sumir.

code-given = Para continuar em outro celular, envie para nós pelo celular novo estas quatro palavras em inglês, exatamente como estão: { $phrase }
    Elas funcionam uma vez só, por { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }. Qualquer pessoa que tem essas palavras pode ler suas mensagens novas, então não mostre para ninguém. Esta mensagem vai sumir.
code-moved = Olá de novo. Seu chat continua aqui.
code-wrong = Essas palavras não estão certas, ou não valem mais. Por favor, confira e tente de novo.
code-locked = Muitas tentativas erradas. Por favor, espere { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
    } e tente de novo.

## The command menu of the chat app. Neutral words: someone may look at this menu.

menu-help = Ajuda e números de telefone
menu-language = Mudar idioma
menu-messages = Ver mensagens novas
menu-hide = Apagar mensagens recentes
menu-autohide = Apagar este chat automaticamente
menu-word = Escolher uma palavra secreta
menu-code = Continuar em outro celular
menu-forget = Apagar meus dados

# A visitor's file was refused: their files for the day reached the limit ([limits]). Words still flow.
file-over-daily-limit = Você enviou muitos arquivos hoje, então este não foi recebido. Suas palavras continuam chegando até nós: escreva para nós, ou envie o arquivo amanhã.
# A visitor's file was refused: the server's disk is nearly full. Words still flow.
file-not-received-now = Não dá para receber arquivos agora. Suas palavras continuam chegando até nós: por favor, escreva para nós.

machine-translated-note = (Um computador traduziu esta mensagem. Se algo não ficar claro, pergunte, por favor.)

partner-intro = Aqui está um lugar que pode te ajudar:
partner-address = Endereço: { $address }
partner-hours = Horário: { $hours }
partner-phone = Telefone: { $phone }
partner-bring = O que levar: { $bring }

card-line = Tem alguma dúvida? Alguém escuta você. Escreva para nós no seu idioma.
card-line-discreet = Unhas · Cabelo · Aulas — agende por mensagem

## Opt-in news (/news)
menu-news = Notícias nossas
news-subscribed = Pronto. Você vai receber nossas notícias aqui (aulas, encontros), no seu idioma. Envie { -cmd-news } de novo para parar.
news-unsubscribed = Pronto. Você não vai mais receber notícias nossas. Envie { -cmd-news } se quiser de novo.
news-announcement =
    { $text }

    — Envie { -cmd-news } para parar de receber estas mensagens.

## Sharing with a friend (/share)

menu-share = Enviar este chat para alguém
share-invitation = Alguém para conversar, de graça e em sigilo, no seu idioma:
    { $link }
share-invitation-matrix = Alguém para conversar, de graça e em sigilo, no seu idioma:
    { $link }
    Escreva { -cmd-start } share para começar.
share-sent = Encaminhe a mensagem acima para uma pessoa de confiança. Ela vai sumir daqui em { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
    }.
share-keep = Guardar
share-kept = A mensagem fica. Esta aqui vai sumir.
share-unavailable = Agora não é possível enviar este chat para outra pessoa.
