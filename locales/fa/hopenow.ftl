### فارسی (Persian)
### Reviewed: machine-drafted, needs native review
### Date: 2026-12-05
###
### Translated from locales/en/hopenow.ftl, which explains each message.
### Plain words shared by Iranian Persian and Afghan Dari (تلفن, گفتگو, جواب, دکتر); no Iranian slang.
### Register: polite "شما" with plural verbs, on purpose: it is how a stranger is addressed with
### respect in both Iran and Afghanistan, while "تو" from a stranger can sound rude. Persian has no
### grammatical gender, so nothing about the reader is gendered.
### "Secret word" = کلمه مخفی (کلمه امن reads like a security term); delete = حذف (chat messages),
### erase = پاک کردن (/forget). Nouns stay singular after numbers.
### Dates come in the Solar Hijri calendar, the one read in Iran and Afghanistan ("پنجشنبه ۱۹ آذر"), and every
### number the bridge inserts in Persian digits, CLDR's default for fa, like the digits written here. Phone numbers
### and opening hours stay as the team wrote them (they are dialled as written). Commands are isolated left to right.

received = از پیام شما تشکر می‌کنیم. یک نفر از تیم ما به‌زودی همین‌جا به شما جواب می‌دهد.

many-writing-wait = از پیام شما تشکر می‌کنیم. الان افراد زیادی به ما پیام می‌دهند. پیام شما نگه داشته شده است و یک نفر از تیم ما هر چه زودتر همین‌جا به شما جواب می‌دهد. اگر الان در خطر هستید، به شماره { $emergency } زنگ بزنید.

out-of-hours-today = از اینکه به ما نوشتید تشکر می‌کنیم. الان کسی نمی‌تواند جواب بدهد. یک نفر از تیم ما امروز از ساعت { $time } همین‌جا به شما جواب می‌دهد. اگر الان در خطر هستید، به شماره { $emergency } زنگ بزنید.
out-of-hours-tomorrow = از اینکه به ما نوشتید تشکر می‌کنیم. الان کسی نمی‌تواند جواب بدهد. یک نفر از تیم ما فردا از ساعت { $time } همین‌جا به شما جواب می‌دهد. اگر الان در خطر هستید، به شماره { $emergency } زنگ بزنید.
out-of-hours-later = از اینکه به ما نوشتید تشکر می‌کنیم. الان کسی نمی‌تواند جواب بدهد. یک نفر از تیم ما روز { $date } از ساعت { $time } همین‌جا به شما جواب می‌دهد. اگر الان در خطر هستید، به شماره { $emergency } زنگ بزنید.
out-of-hours-unknown = از اینکه به ما نوشتید تشکر می‌کنیم. الان کسی نمی‌تواند جواب بدهد. یک نفر از تیم ما در اولین فرصت همین‌جا به شما جواب می‌دهد. اگر الان در خطر هستید، به شماره { $emergency } زنگ بزنید.

staff-reply =
    { $alias }:
    { $text }

conversation-closed = این گفتگو بسته شد. هر وقت بخواهید، می‌توانید دوباره به ما بنویسید.
chat-closed-by-team = تیم ما این گفتگو را بست.

message-too-long = پیام شما خیلی طولانی بود و فرستاده نشد. لطفاً آن را در چند بخش کوتاه‌تر بفرستید، هر بخش حداکثر { $limit } حرف.
message-not-delivered = آخرین پیام شما به تیم ما فرستاده نشد. لطفاً آن را دوباره بفرستید.

## Ready-made answers the team can send in the visitor's language.

canned-greeting = سلام! شما می‌توانید اینجا به زبان خودتان به ما بنویسید. ما اینجا هستیم تا به حرف‌های شما گوش بدهیم.
canned-emergency = اگر الان در خطر هستید، به شماره { $emergency } زنگ بزنید. این تماس رایگان است.
canned-hours = تیم ما در این ساعت‌ها جواب می‌دهد: { $hours }
canned-soon = یک نفر از تیم ما به‌زودی به شما جواب می‌دهد.
canned-safe = آیا الان می‌توانید بدون خطر صحبت کنید؟ لطفاً با بله یا نه جواب بدهید.
canned-meet = ما می‌توانیم شما را در یک جای امن ببینیم. به ما بگویید کجا و چه وقت برای شما خوب است.
canned-doctor = شما می‌توانید پیش دکتر بروید، حتی بدون مدارک. ما می‌توانیم با شما بیاییم.
canned-language = شما می‌توانید به زبان خودتان بنویسید. ما آن را ترجمه می‌کنیم.

## First contact and the bridge's own prompts.

greeting =
    سلام. شما می‌توانید اینجا به زبان خودتان بنویسید.
    لطفاً زبان خود را انتخاب کنید:
language-picker = لطفاً زبان خود را انتخاب کنید:
hold-question = جواب‌های ما را همان وقت که نوشته شد برای شما بفرستیم، یا آن‌ها را نگه داریم تا خودتان بخواهید؟ اگر ممکن است کس دیگری به تلفن شما نگاه کند، نگه داشتن را انتخاب کنید.
hold-choice-send = فوراً بفرستید
hold-choice-keep = نگه دارید تا خودم بخواهم
replies-held = ما جواب‌هایمان را برای شما نگه می‌داریم. هر وقت خواندن آن‌ها امن بود، { -cmd-messages } را بنویسید.
ready = یک نفر پیام‌های شما را می‌خواند و همین‌جا به شما جواب می‌دهد. برای دیدن شماره‌های اضطراری، { -cmd-help } را بنویسید.
no-held-messages = پیام جدیدی برای شما نیست.

help =
    اگر الان در خطر هستید، به شماره { $emergency } زنگ بزنید. این تماس رایگان است.
    شما هر وقت بخواهید می‌توانید اینجا بنویسید. یک نفر به شما جواب می‌دهد.
    { -cmd-language } — تغییر زبان
    { -cmd-messages } — نشان دادن پیام‌هایی که برای شما نگه داشتیم
    { -cmd-hide } — حذف پیام‌های اخیر این گفتگو
    { -cmd-autohide } — حذف خودکار این گفتگو بعد از مدتی
    { -cmd-word } — انتخاب کلمه مخفی که این گفتگو را فوراً حذف می‌کند
    { -cmd-code } — ادامه این گفتگو در یک تلفن دیگر
    { -cmd-forget } — پاک کردن همه چیزهایی که دربارهٔ شما نگه می‌داریم
help-with-hours =
    اگر الان در خطر هستید، به شماره { $emergency } زنگ بزنید. این تماس رایگان است.
    تیم ما در این ساعت‌ها جواب می‌دهد: { $hours }
    شما هر وقت بخواهید می‌توانید اینجا بنویسید.
    { -cmd-language } — تغییر زبان
    { -cmd-messages } — نشان دادن پیام‌هایی که برای شما نگه داشتیم
    { -cmd-hide } — حذف پیام‌های اخیر این گفتگو
    { -cmd-autohide } — حذف خودکار این گفتگو بعد از مدتی
    { -cmd-word } — انتخاب کلمه مخفی که این گفتگو را فوراً حذف می‌کند
    { -cmd-code } — ادامه این گفتگو در یک تلفن دیگر
    { -cmd-forget } — پاک کردن همه چیزهایی که دربارهٔ شما نگه می‌داریم

hidden = انجام شد. این پیام هم ناپدید می‌شود.

forget-question = آیا می‌خواهید همه چیزهایی را که دربارهٔ شما نگه می‌داریم، و پیام‌های این گفتگو را پاک کنیم؟ بعد از آن، دیگر نمی‌شود آن‌ها را برگرداند.
forget-choice-yes = بله، همه چیز را پاک کنید
forget-choice-no = نه، نگه دارید
forget-cancelled = چیزی پاک نشد.
forgotten = انجام شد. هر وقت بخواهید، می‌توانید دوباره بنویسید.

location-question = تیم ما فقط یک مکان تقریبی (حدود ۱ کیلومتر) دریافت کرد. آیا می‌خواهید مکان دقیق خود را برای تیم ما بفرستید؟
location-choice-yes = بله، مکان دقیق را بفرستید
location-choice-no = نه، فقط مکان تقریبی
location-sent = مکان دقیق شما برای تیم ما فرستاده شد.
location-kept-approximate = تیم ما فقط مکان تقریبی را دارد.

contact-not-relayed = ما مخاطب‌ها را به تیم نمی‌فرستیم، تا از کسانی که در آن‌ها هستند محافظت کنیم. اگر می‌خواهید دربارهٔ کسی چیزی به ما بگویید، آن را در یک پیام بنویسید.
file-too-large = این فایل برای فرستادن در اینجا خیلی بزرگ است (حداکثر { $megabytes } مگابایت). لطفاً یک فایل کوچک‌تر بفرستید، یا با کلمات به ما بگویید.

language-hint-question = به نظر می‌رسد شما به زبان { $language } می‌نویسید. آیا می‌خواهید به زبان { $language } ادامه بدهید؟
language-hint-yes = بله، ادامه به زبان { $language }
language-hint-no = نه، { $current } بماند

## Safety of the person writing.

safety-question = آیا الان نوشتن برای شما امن است؟
safety-choice-yes = بله، امن است
safety-choice-not-now = الان نه
safety-not-now = بسیار خوب. بعداً دوباره بنویسید.

safe-word-explain =
    شما می‌توانید یک کلمه مخفی انتخاب کنید. اگر آن را اینجا بفرستید، این گفتگو فوراً از تلفن شما حذف می‌شود و ما جواب‌هایمان را برای شما نگه می‌داریم.
    برای خواندن آن‌ها، وقتی امن بود، { -cmd-messages } و کلمه مخفی خود را بفرستید، مثلاً: { -cmd-messages } آفتابگردان
    برای انتخاب کلمه، { -cmd-word } و کلمه خود را بفرستید، مثلاً: { -cmd-word } آفتابگردان
    هر بار، کلمه شما از گفتگو حذف می‌شود.
safe-word-too-short = کلمه مخفی باید حداقل { $length ->
    [one] { $length } حرف
   *[other] { $length } حرف
    } داشته باشد. لطفاً یک کلمه طولانی‌تر انتخاب کنید.
safe-word-set = ذخیره شد. این پیام ناپدید می‌شود.
safe-word-removed = کلمه مخفی شما حذف شد.
# Must read like an ordinary message from a hair salon.
decoy = نوبت شما برای روز پنجشنبه ساعت ۱۴:۰۰ تأیید شد. منتظر شما هستیم.

auto-hide-question = آیا این گفتگو مدتی بعد از آخرین پیام خودبه‌خود حذف شود؟
auto-hide-choice-minutes = بعد از { $minutes ->
    [one] { $minutes } دقیقه
   *[other] { $minutes } دقیقه
    }
auto-hide-choice-off = نه، پیام‌ها بمانند
auto-hide-on = این گفتگو { $minutes ->
    [one] { $minutes } دقیقه
   *[other] { $minutes } دقیقه
    } بعد از آخرین پیام خودبه‌خود حذف می‌شود.
auto-hide-off = ذخیره شد. این پیام ناپدید می‌شود.

code-given = برای ادامه در یک تلفن دیگر، این چهار کلمه انگلیسی را دقیقاً همان‌طور که هست از تلفن جدید برای ما بفرستید: { $phrase }
    این کلمه‌ها فقط یک بار کار می‌کنند، به مدت { $minutes ->
        [one] { $minutes } دقیقه
       *[other] { $minutes } دقیقه
    }. هر کسی که این کلمه‌ها را داشته باشد می‌تواند پیام‌های جدید شما را بخواند، پس آن‌ها را مخفی نگه دارید. این پیام ناپدید می‌شود.
code-moved = دوباره خوش آمدید. گفتگوی شما اینجا ادامه دارد.
code-wrong = این کلمه‌ها درست نیستند، یا دیگر کار نمی‌کنند. لطفاً آن‌ها را بررسی کنید و دوباره امتحان کنید.
code-locked = تعداد تلاش‌های اشتباه زیاد بود. لطفاً { $minutes ->
    [one] { $minutes } دقیقه
   *[other] { $minutes } دقیقه
    } صبر کنید و دوباره امتحان کنید.

## The command menu of the chat app. Neutral words: someone may look at this menu.

menu-help = راهنما و شماره‌های تلفن
menu-language = تغییر زبان
menu-messages = نشان دادن پیام‌های جدید
menu-hide = حذف پیام‌های اخیر
menu-autohide = حذف خودکار گفتگو
menu-word = انتخاب کلمه مخفی
menu-code = ادامه در تلفن دیگر
menu-forget = پاک کردن اطلاعات من

# A visitor's file was refused: their files for the day reached the limit ([limits]). Words still flow.
file-over-daily-limit = امروز فایل‌های زیادی فرستاده‌اید، برای همین این یکی دریافت نشد. کلمات شما همچنان به ما می‌رسد: برای ما بنویسید، یا فایل را فردا بفرستید.
# A visitor's file was refused: the server's disk is nearly full. Words still flow.
file-not-received-now = الان نمی‌توانیم فایل دریافت کنیم. کلمات شما همچنان به ما می‌رسد: لطفاً برای ما بنویسید.

machine-translated-note = (این پیام را کامپیوتر ترجمه کرده است. اگر چیزی روشن نیست، لطفاً بپرسید.)

partner-intro = اینجا جایی است که می‌تواند به شما کمک کند:
partner-address = نشانی: { $address }
partner-hours = ساعت کار: { $hours }
partner-phone = تلفن: { $phone }
partner-bring = چه چیزی همراه بیاورید: { $bring }

card-line = سؤالی دارید؟ کسی هست که گوش بدهد. به زبان خودتان برای ما بنویسید.
card-line-discreet = ناخن، مو، کلاس؛ رزرو با پیام

## Opt-in news (/news)
menu-news = خبرهای ما
news-subscribed = انجام شد. خبرهای ما (کلاس‌ها، دیدارها) را اینجا به زبان خودت می‌گیری. برای قطع کردن، دوباره { -cmd-news } را بفرست.
news-unsubscribed = انجام شد. دیگر خبری از ما نمی‌گیری. اگر دوباره خواستی، { -cmd-news } را بفرست.
news-announcement =
    { $text }

    — برای قطع این پیام‌ها { -cmd-news } را بفرست.

## Sharing with a friend (/share)

menu-share = فرستادن این گفتگو برای یک دوست
share-invitation = کسی برای حرف زدن، رایگان و محرمانه، به زبان خودتان:
    { $link }
share-invitation-matrix = کسی برای حرف زدن، رایگان و محرمانه، به زبان خودتان:
    { $link }
    برای شروع، اول این را بنویسید:
    { -cmd-start } share
share-sent = پیام بالا را برای کسی که به او اعتماد دارید بفرستید. این پیام { $minutes ->
    [one] { $minutes } دقیقه
   *[other] { $minutes } دقیقه
    } دیگر از اینجا ناپدید می‌شود.
share-keep = نگه دارید
share-kept = پیام می‌ماند. این پیام ناپدید می‌شود.
share-unavailable = الان نمی‌شود این گفتگو را از اینجا فرستاد.
