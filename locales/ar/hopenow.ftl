### العربية (Arabic)
### Reviewed: machine-drafted, needs native review
### Date: 2026-11-29
###
### Translated from locales/en/hopenow.ftl, which explains each message.
### Simple Modern Standard Arabic for Maghreb and Mashriq readers. Gender-neutral wording where possible (يمكنك + masdar, يُرجى), buttons in plural imperative to the team.
### "safe word" = كلمة الأمان; delete = حذف (chat messages), erase = مسح (/forget).
### Digits are Western (0-9): CLDR's default for ar (as ICU4X 2.4 ships it), and what Maghreb readers use; dates
### ("الخميس، 10 ديسمبر") and times ("2:00 م", CLDR's 12-hour clock) follow it. Commands are isolated left to right.

received = شكرًا على رسالتك. سيرد عليك شخص من فريقنا هنا قريبًا.

many-writing-wait = شكرًا على رسالتك. كثير من الناس يكتبون إلينا الآن. رسالتك محفوظة، وسيرد عليك شخص من فريقنا هنا في أقرب وقت ممكن. إذا كنت في خطر الآن، يُرجى الاتصال بالرقم { $emergency }.

out-of-hours-today = شكرًا على رسالتك. لا يمكن لأحد أن يرد الآن. سيرد عليك شخص من فريقنا هنا اليوم ابتداءً من الساعة { $time }. إذا كنت في خطر الآن، يُرجى الاتصال بالرقم { $emergency }.
out-of-hours-tomorrow = شكرًا على رسالتك. لا يمكن لأحد أن يرد الآن. سيرد عليك شخص من فريقنا هنا غدًا ابتداءً من الساعة { $time }. إذا كنت في خطر الآن، يُرجى الاتصال بالرقم { $emergency }.
out-of-hours-later = شكرًا على رسالتك. لا يمكن لأحد أن يرد الآن. سيرد عليك شخص من فريقنا هنا يوم { $date } ابتداءً من الساعة { $time }. إذا كنت في خطر الآن، يُرجى الاتصال بالرقم { $emergency }.
out-of-hours-unknown = شكرًا على رسالتك. لا يمكن لأحد أن يرد الآن. سيرد عليك شخص من فريقنا هنا في أقرب وقت ممكن. إذا كنت في خطر الآن، يُرجى الاتصال بالرقم { $emergency }.

staff-reply =
    { $alias }:
    { $text }

conversation-closed = تم إغلاق هذه المحادثة. يمكنك الكتابة إلينا مرة أخرى في أي وقت.
chat-closed-by-team = أغلق فريقنا هذه المحادثة.

message-too-long = رسالتك طويلة جدًا ولم يتم إرسالها. يُرجى إرسالها في أجزاء أقصر، بحيث لا يزيد عدد الأحرف في كل جزء عن { $limit }.
message-not-delivered = لم يتم إرسال رسالتك الأخيرة إلى فريقنا. يُرجى إرسالها مرة أخرى.

## Ready-made answers the team can send in the visitor's language.

canned-greeting = مرحبًا! يمكنك الكتابة إلينا هنا بلغتك. نحن هنا لنستمع إليك.
canned-emergency = إذا كنت في خطر الآن، يُرجى الاتصال بالرقم { $emergency }. المكالمة مجانية.
canned-hours = يرد فريقنا في هذه الأوقات: { $hours }
canned-soon = سيرد عليك شخص من فريقنا قريبًا.
canned-safe = هل يمكنك الكلام الآن بأمان؟ يُرجى الإجابة بنعم أو لا.
canned-meet = يمكننا أن نلتقي بك في مكان آمن. ما هو المكان والوقت المناسب لك؟
canned-doctor = يمكنك زيارة طبيب، حتى بدون أوراق. يمكننا أن نذهب معك.
canned-language = يمكنك الكتابة بلغتك. سنترجم رسالتك.

## First contact and the bridge's own prompts.

greeting =
    مرحبًا. يمكنك الكتابة هنا بلغتك.
    يُرجى اختيار لغتك:
language-picker = يُرجى اختيار لغتك:
hold-question = هل نرسل إليك أجوبتنا فور كتابتها، أم نحتفظ بها إلى أن تطلبها؟ إذا كان شخص آخر قد ينظر إلى هاتفك، فالأفضل اختيار الاحتفاظ بها.
hold-choice-send = أرسلوها فورًا
hold-choice-keep = احتفظوا بها حتى أطلبها
replies-held = سنحتفظ بأجوبتنا لك. يمكنك كتابة { -cmd-messages } عندما تكون قراءتها آمنة.
ready = سيقرأ شخص رسائلك ويرد عليك هنا. لمعرفة أرقام الطوارئ، يمكنك كتابة { -cmd-help }.
no-held-messages = لا توجد رسائل جديدة لك.

help =
    إذا كنت في خطر الآن، يُرجى الاتصال بالرقم { $emergency }. المكالمة مجانية.
    يمكنك الكتابة هنا في أي وقت. سيرد عليك شخص.
    { -cmd-language } — تغيير اللغة
    { -cmd-messages } — عرض الرسائل التي احتفظنا بها لك
    { -cmd-hide } — حذف الرسائل الأخيرة من هذه المحادثة
    { -cmd-autohide } — حذف هذه المحادثة تلقائيًا بعد مدة
    { -cmd-safeword } — اختيار كلمة تحذف هذه المحادثة فورًا
    { -cmd-code } — متابعة هذه المحادثة على هاتف آخر
    { -cmd-forget } — مسح كل ما لدينا منك
help-with-hours =
    إذا كنت في خطر الآن، يُرجى الاتصال بالرقم { $emergency }. المكالمة مجانية.
    يرد فريقنا في هذه الأوقات: { $hours }
    يمكنك الكتابة هنا في أي وقت.
    { -cmd-language } — تغيير اللغة
    { -cmd-messages } — عرض الرسائل التي احتفظنا بها لك
    { -cmd-hide } — حذف الرسائل الأخيرة من هذه المحادثة
    { -cmd-autohide } — حذف هذه المحادثة تلقائيًا بعد مدة
    { -cmd-safeword } — اختيار كلمة تحذف هذه المحادثة فورًا
    { -cmd-code } — متابعة هذه المحادثة على هاتف آخر
    { -cmd-forget } — مسح كل ما لدينا منك

hidden = تم. ستختفي هذه الرسالة أيضًا.

forget-question = هل نمسح كل ما لدينا منك، والرسائل الموجودة في هذه المحادثة؟ لا يمكن التراجع عن ذلك.
forget-choice-yes = نعم، امسحوا كل شيء
forget-choice-no = لا، احتفظوا به
forget-cancelled = لم نمسح أي شيء.
forgotten = تم. يمكنك الكتابة مرة أخرى في أي وقت.

location-question = أرسلنا إلى فريقنا موقعًا تقريبيًا فقط (حوالي 1 كم). هل نرسل موقعك الدقيق إلى فريقنا؟
location-choice-yes = نعم، أرسلوا الموقع الدقيق
location-choice-no = لا، يكفي الموقع التقريبي
location-sent = تم إرسال موقعك الدقيق إلى فريقنا.
location-kept-approximate = تم إرسال الموقع التقريبي فقط.

contact-not-relayed = لا ننقل بطاقات جهات الاتصال، لحماية الأشخاص الموجودين فيها. إذا كان عندك شيء تقوله عن شخص ما، يمكنك كتابته في رسالة.
file-too-large = هذا الملف كبير جدًا ولا يمكن استقباله هنا (الحد الأقصى { $megabytes } MB). يُرجى إرسال ملف أصغر، أو كتابة ما تريد قوله في رسالة.

language-hint-question = يبدو أن رسالتك مكتوبة باللغة { $language }. هل نتابع باللغة { $language }؟
language-hint-yes = نعم، المتابعة باللغة { $language }
language-hint-no = لا، أريد { $current }

## Safety of the person writing.

safety-question = هل يمكنك الكتابة الآن بأمان؟
safety-choice-yes = نعم، الوضع آمن
safety-choice-not-now = ليس الآن
safety-not-now = حسنًا. يمكنك الكتابة لاحقًا.

safe-word-explain =
    يمكنك اختيار كلمة أمان. إذا أرسلتها هنا، تُحذف هذه المحادثة من هاتفك فورًا، ونحتفظ بردودنا لك.
    لقراءتها عندما يكون الوضع آمنًا، يمكنك إرسال { -cmd-messages } ثم كلمتك، مثلًا: { -cmd-messages } ياسمين
    لاختيار كلمتك، يمكنك إرسال { -cmd-safeword } ثم الكلمة، مثلًا: { -cmd-safeword } ياسمين
    في كل مرة، تُحذف كلمتك من المحادثة.
safe-word-too-short = يجب أن تتكون كلمة الأمان من { $length ->
    [zero] { $length } حرف
    [one] حرف واحد
    [two] حرفين
    [few] { $length } أحرف
    [many] { $length } حرفًا
   *[other] { $length } حرف
    } على الأقل. يُرجى اختيار كلمة أطول.
safe-word-set = تم الحفظ. ستختفي هذه الرسالة.
safe-word-removed = تم إلغاء كلمة الأمان.
# Must read like an ordinary message from a hair salon.
decoy = تم تأكيد موعدك يوم الخميس في الساعة 14:00. نراك في الموعد.

auto-hide-question = هل نحذف هذه المحادثة تلقائيًا بعد مدة من آخر رسالة؟
auto-hide-choice-minutes = بعد { $minutes ->
    [zero] { $minutes } دقيقة
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $minutes } دقائق
    [many] { $minutes } دقيقة
   *[other] { $minutes } دقيقة
    }
auto-hide-choice-off = لا، احتفظوا بالرسائل
auto-hide-on = ستُحذف هذه المحادثة تلقائيًا بعد { $minutes ->
    [zero] { $minutes } دقيقة
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $minutes } دقائق
    [many] { $minutes } دقيقة
   *[other] { $minutes } دقيقة
    } من آخر رسالة.
auto-hide-off = تم الحفظ. ستختفي هذه الرسالة.

code-given = للمتابعة على هاتف آخر، يجب إرسال هذه الكلمات الأربع إلينا من الهاتف الجديد: { $phrase }
    تعمل هذه الكلمات مرة واحدة فقط، لمدة { $minutes ->
        [zero] { $minutes } دقيقة
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
        [many] { $minutes } دقيقة
       *[other] { $minutes } دقيقة
    }. أي شخص لديه هذه الكلمات يمكنه قراءة رسائلك الجديدة، لذلك يجب أن تبقى سرًا. ستختفي هذه الرسالة.
code-moved = مرحبًا بعودتك. تستمر محادثتك هنا.
code-wrong = هذه الكلمات غير صحيحة، أو انتهت مدتها. يُرجى التحقق منها والمحاولة مرة أخرى.
code-locked = عدد كبير من المحاولات الخاطئة. يُرجى الانتظار { $minutes ->
    [zero] { $minutes } دقيقة
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $minutes } دقائق
    [many] { $minutes } دقيقة
   *[other] { $minutes } دقيقة
    } ثم المحاولة مرة أخرى.

## The command menu of the chat app. Neutral words: someone may look at this menu.

menu-help = المساعدة وأرقام الهاتف
menu-language = تغيير اللغة
menu-messages = عرض الرسائل الجديدة
menu-hide = حذف الرسائل الأخيرة
menu-autohide = حذف المحادثة تلقائيًا
menu-safeword = اختيار كلمة أمان
menu-code = المتابعة على هاتف آخر
menu-forget = مسح بياناتي

# A visitor's file was refused: their files for the day reached the limit ([limits]). Words still flow.
file-over-daily-limit = لقد أرسلت ملفات كثيرة اليوم، لذلك لم يصلنا هذا الملف. كلماتك ما زالت تصلنا: اكتب لنا، أو أرسل الملف غدًا.
# A visitor's file was refused: the server's disk is nearly full. Words still flow.
file-not-received-now = لا يمكن استقبال الملفات الآن. كلماتك ما زالت تصلنا: اكتب لنا من فضلك.
