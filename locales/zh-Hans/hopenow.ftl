### 简体中文 (Simplified Chinese)
### Reviewed: machine-drafted, needs native review
### Date: 2026-12-05
###
### Translated from locales/en/hopenow.ftl, which explains each message.
### Register: plain and warm, with 你 (not 您), on purpose: 您 reads like a bank or an office, and
### 你 is how a helper chats; the decoy uses 您 like a real shop. Chinese "you" has no gender in
### speech; the written 你 is the general form (never 妳). "Secret word" is 口令 (暗号 suggests
### covert signals). The /code words are English: 英文单词, copied 照原样.
### $date comes as 12月10日星期四 (month, day, weekday), $time as 14:00.

received = 谢谢你的消息。我们团队的人很快会在这里回复你。

many-writing-wait = 谢谢你的消息。现在有很多人给我们写信。你的消息已经保存，我们团队的人会尽快在这里回复你。如果你现在有危险，请拨打 { $emergency }。

out-of-hours-today = 谢谢你给我们发消息。现在没有人能回复。我们团队的人今天 { $time } 起会在这里回复你。如果你现在有危险，请拨打 { $emergency }。
out-of-hours-tomorrow = 谢谢你给我们发消息。现在没有人能回复。我们团队的人明天 { $time } 起会在这里回复你。如果你现在有危险，请拨打 { $emergency }。
out-of-hours-later = 谢谢你给我们发消息。现在没有人能回复。我们团队的人会在 { $date } { $time } 起在这里回复你。如果你现在有危险，请拨打 { $emergency }。
out-of-hours-unknown = 谢谢你给我们发消息。现在没有人能回复。我们团队的人会尽快在这里回复你。如果你现在有危险，请拨打 { $emergency }。

staff-reply =
    { $alias }:
    { $text }

conversation-closed = 这次对话已经结束。你随时可以再给我们发消息。
chat-closed-by-team = 我们的团队已关闭这个聊天。

message-too-long = 你的消息太长，没有发出去。请分成几段短一点的发送，每段最多 { $limit } 个字。
message-not-delivered = 你的上一条消息没能发给我们的团队。请再发一次。

## 团队可以用对方语言发送的现成回复。

canned-greeting = 你好！你可以在这里用自己的语言给我们发消息。我们在这里听你说。
canned-emergency = 如果你现在有危险，请拨打 { $emergency }。这个电话是免费的。
canned-hours = 我们的团队在这些时间回复：{ $hours }
canned-soon = 我们团队的人很快会回复你。
canned-safe = 你现在说话安全吗？请回答“安全”或“不安全”。
canned-meet = 我们可以在一个安全的地方和你见面。请告诉我们什么地方、什么时间对你方便。
canned-doctor = 你可以看医生，没有证件也可以。我们可以陪你去。
canned-language = 你可以用自己的语言写。我们会翻译。

## 第一次联系和系统自己的提示。

greeting =
    你好。你可以在这里用自己的语言写消息。
    请选择你的语言：
language-picker = 请选择你的语言：
hold-question = 我们的回复写好后，要马上发给你，还是先保存，等你要的时候再发？如果别人可能会看你的手机，请选择先保存。
hold-choice-send = 马上发给我
hold-choice-keep = 先保存，等我要的时候再发
replies-held = 我们会为你保存回复。安全的时候，请输入 { -cmd-messages } 来看。
ready = 会有人看你的消息，并在这里回复你。输入 { -cmd-help } 可以看紧急电话号码。
no-held-messages = 没有给你的新消息。

help =
    如果你现在有危险，请拨打 { $emergency }。这个电话是免费的。
    你随时可以在这里写消息。会有人回复你。
    { -cmd-language } — 更换语言
    { -cmd-messages } — 查看我们为你保存的消息
    { -cmd-hide } — 删除这个聊天里最近的消息
    { -cmd-autohide } — 过一段时间后自动删除这个聊天
    { -cmd-word } — 选一个口令，发出后马上删除这个聊天
    { -cmd-code } — 在另一部手机上继续这个聊天
    { -cmd-forget } — 清除我们保存的关于你的一切
help-with-hours =
    如果你现在有危险，请拨打 { $emergency }。这个电话是免费的。
    我们的团队在这些时间回复：{ $hours }
    你随时可以在这里写消息。
    { -cmd-language } — 更换语言
    { -cmd-messages } — 查看我们为你保存的消息
    { -cmd-hide } — 删除这个聊天里最近的消息
    { -cmd-autohide } — 过一段时间后自动删除这个聊天
    { -cmd-word } — 选一个口令，发出后马上删除这个聊天
    { -cmd-code } — 在另一部手机上继续这个聊天
    { -cmd-forget } — 清除我们保存的关于你的一切

hidden = 好了。这条消息也会消失。

forget-question = 你要我们清除保存的关于你的一切，还有这个聊天里的消息吗？清除以后就不能恢复了。
forget-choice-yes = 是，全部清除
forget-choice-no = 不，保留
forget-cancelled = 什么都没有清除。
forgotten = 好了。你随时可以再发消息。

location-question = 我们的团队只收到了大概的位置（约 1 公里范围）。你要把你的准确位置发给我们的团队吗？
location-choice-yes = 是，发送准确位置
location-choice-no = 不，只用大概位置
location-sent = 你的准确位置已经发给我们的团队。
location-kept-approximate = 我们的团队只有大概的位置。

contact-not-relayed = 为了保护联系人里的人，我们不转发联系人。如果你想告诉我们某个人的事，请写在消息里。
file-too-large = 这个文件太大，这里收不了（上限是 { $megabytes } MB）。请发一个小一点的文件，或者用文字告诉我们。

language-hint-question = 你好像在用中文写。你要继续用中文吗？
language-hint-yes = 是，继续用中文
language-hint-no = 不，还是用{ $current }

## 写消息的人的安全。

safety-question = 你现在写消息安全吗？
safety-choice-yes = 是，安全
safety-choice-not-now = 现在不行
safety-not-now = 好的。晚些时候再发消息吧。

safe-word-explain =
    你可以选一个口令。如果你在这里发这个口令，这个聊天会马上从你的手机上删除，我们会替你保留回复。
    安全的时候，想看回复，请发送 { -cmd-messages } 加上你的口令，例如：{ -cmd-messages } 向日葵
    要选口令，请发送 { -cmd-word } 加上你的词，例如：{ -cmd-word } 向日葵
    每一次，你的口令都会从聊天里删除。
safe-word-too-short = 口令至少要有 { $length } 个字。请选一个长一点的词。
safe-word-set = 已保存。这条消息会消失。
safe-word-removed = 你的口令已取消。
decoy = 您好，您周四 14:00 的预约已确认。到时见！

auto-hide-question = 要不要让这个聊天在最后一条消息之后，过一段时间自动删除？
auto-hide-choice-minutes = { $minutes } 分钟后
auto-hide-choice-off = 不，保留消息
auto-hide-on = 这个聊天会在最后一条消息 { $minutes } 分钟后自动删除。
auto-hide-off = 已保存。这条消息会消失。

code-given = 要在另一部手机上继续，请用新手机把这四个英文单词照原样抄写，发给我们：{ $phrase }
    这四个单词只能用一次，{ $minutes } 分钟内有效。任何人拿到这四个单词，都能看你的新消息，所以请保密。这条消息会消失。
code-moved = 欢迎回来。你的聊天在这里继续。
code-wrong = 这些单词不对，或者已经不能用了。请检查后再试一次。
code-locked = 错误次数太多。请等 { $minutes } 分钟后再试。

## 聊天软件的命令菜单。用词要中性：别人可能会看到这个菜单。

menu-help = 帮助和电话号码
menu-language = 更换语言
menu-messages = 查看新消息
menu-hide = 删除最近的消息
menu-autohide = 自动删除这个聊天
menu-word = 选择口令
menu-code = 在另一部手机上继续
menu-forget = 清除我的数据

# A visitor's file was refused: their files for the day reached the limit ([limits]). Words still flow.
file-over-daily-limit = 你今天已经发了很多文件，所以这个没有收到。你的文字仍然能发给我们：请给我们写信息，或者明天再发这个文件。
# A visitor's file was refused: the server's disk is nearly full. Words still flow.
file-not-received-now = 现在暂时收不了文件。你的文字仍然能发给我们：请给我们写信息。

machine-translated-note = （这条消息是电脑翻译的。如果有不清楚的地方，请问我们。）

partner-intro = 这里有一个可以帮助你的地方：
partner-address = 地址：{ $address }
partner-hours = 开放时间：{ $hours }
partner-phone = 电话：{ $phone }
partner-bring = 需要带的东西：{ $bring }

card-line = 有问题吗？有人愿意倾听。请用你的语言给我们留言。
card-line-discreet = 美甲 · 美发 · 课程 — 发消息预约

## Opt-in news (/news)
menu-news = 我们的消息
news-subscribed = 好了。你会在这里收到我们的消息（课程、聚会），用你的语言。想停止就再发一次 { -cmd-news }。
news-unsubscribed = 好了。你不会再收到我们的消息。如果还想收到，请发 { -cmd-news }。
news-announcement =
    { $text }

    — 发送 { -cmd-news } 就不再收到这类消息。

## Sharing with a friend (/share)

menu-share = 把这个聊天发给朋友
share-invitation = 有人可以聊天，免费、保密，用你的语言：
    { $link }
share-invitation-matrix = 有人可以聊天，免费、保密，用你的语言：
    { $link }
    先发送 { -cmd-start } share 开始。
share-sent = 把上面那条消息转发给你信任的朋友。它会在 { $minutes } 分钟后从这里消失。
share-keep = 保留
share-kept = 那条消息会保留。这条消息会消失。
share-unavailable = 现在无法从这里把这个聊天发给别人。
