### ไทย (Thai)
### Reviewed: machine-drafted, needs native review
### Date: 2026-12-05
###
### Translated from locales/en/hopenow.ftl, which explains each message.
### Thai separates sentences with a space, not a full stop, and asks with ไหม, never with a
### question mark (one style everywhere).
### Register: "คุณ", polite and neutral, never the familiar "เธอ". Warm sentences (thanks, the
### first steps, "not now", the decoy) end with the polite particles ค่ะ/นะคะ, as Thai helplines
### and shops write to customers: without them the texts read cold. The female particles on
### purpose: most readers are women, and a woman's voice is the less threatening one. The visitor's
### own buttons use "ฉัน", which either gender writes. "Secret word" is "คำลับ".
### $date is weekday, day and month ("วันพฤหัสบดีที่ 10 ธันวาคม"), $time 24-hour ("14:00"). CLDR's preferred calendar
### for Thailand is the Buddhist era; no year is shown, so it changes nothing a reader sees.

received = ขอบคุณสำหรับข้อความค่ะ คนจากทีมของเราจะตอบคุณที่นี่เร็ว ๆ นี้นะคะ

many-writing-wait = ขอบคุณสำหรับข้อความค่ะ ตอนนี้มีคนส่งข้อความมาหาเราเยอะมาก เราเก็บข้อความของคุณไว้แล้ว คนจากทีมของเราจะตอบคุณที่นี่เร็วที่สุดเท่าที่ทำได้ ถ้าตอนนี้คุณอยู่ในอันตราย ให้โทร { $emergency }

out-of-hours-today = ขอบคุณที่ส่งข้อความมาค่ะ ตอนนี้ยังไม่มีใครตอบได้นะคะ คนจากทีมของเราจะตอบคุณที่นี่วันนี้ ตั้งแต่เวลา { $time } ถ้าตอนนี้คุณอยู่ในอันตราย ให้โทร { $emergency }
out-of-hours-tomorrow = ขอบคุณที่ส่งข้อความมาค่ะ ตอนนี้ยังไม่มีใครตอบได้นะคะ คนจากทีมของเราจะตอบคุณที่นี่พรุ่งนี้ ตั้งแต่เวลา { $time } ถ้าตอนนี้คุณอยู่ในอันตราย ให้โทร { $emergency }
out-of-hours-later = ขอบคุณที่ส่งข้อความมาค่ะ ตอนนี้ยังไม่มีใครตอบได้นะคะ คนจากทีมของเราจะตอบคุณที่นี่ใน{ $date } ตั้งแต่เวลา { $time } ถ้าตอนนี้คุณอยู่ในอันตราย ให้โทร { $emergency }
out-of-hours-unknown = ขอบคุณที่ส่งข้อความมาค่ะ ตอนนี้ยังไม่มีใครตอบได้นะคะ คนจากทีมของเราจะตอบคุณที่นี่โดยเร็วที่สุด ถ้าตอนนี้คุณอยู่ในอันตราย ให้โทร { $emergency }

staff-reply =
    { $alias }:
    { $text }

conversation-closed = การสนทนานี้ปิดแล้ว คุณส่งข้อความหาเราใหม่ได้ทุกเมื่อ
chat-closed-by-team = ทีมของเราปิดแชทนี้แล้ว

message-too-long = ข้อความของคุณยาวเกินไป จึงยังไม่ได้ส่ง กรุณาแบ่งส่งเป็นส่วนสั้น ๆ ส่วนละไม่เกิน { $limit } ตัวอักษร
message-not-delivered = ข้อความล่าสุดของคุณส่งถึงทีมของเราไม่ได้ กรุณาส่งอีกครั้ง

## คำตอบสำเร็จรูปที่ทีมส่งได้

canned-greeting = สวัสดี คุณเขียนถึงเราที่นี่เป็นภาษาของคุณเองได้ เราพร้อมรับฟังคุณ
canned-emergency = ถ้าตอนนี้คุณอยู่ในอันตราย ให้โทร { $emergency } โทรฟรี ไม่เสียเงิน
canned-hours = ทีมของเราตอบในเวลาเหล่านี้: { $hours }
canned-soon = คนจากทีมของเราจะตอบคุณเร็ว ๆ นี้
canned-safe = ตอนนี้คุณคุยได้อย่างปลอดภัยไหม กรุณาตอบว่า ได้ หรือ ไม่ได้
canned-meet = เราไปพบคุณในที่ที่ปลอดภัยได้ บอกเราว่าที่ไหนและเวลาไหนที่สะดวกสำหรับคุณ
canned-doctor = คุณไปหาหมอได้ แม้ไม่มีเอกสาร เราไปกับคุณได้
canned-language = คุณเขียนเป็นภาษาของคุณเองได้ เราจะแปลให้

## การติดต่อครั้งแรกและข้อความของระบบเอง

greeting =
    สวัสดี คุณเขียนที่นี่เป็นภาษาของคุณเองได้
    กรุณาเลือกภาษาของคุณ:
language-picker = กรุณาเลือกภาษาของคุณ:
hold-question = ให้เราส่งคำตอบทันทีที่เขียนเสร็จ หรือเก็บไว้จนกว่าคุณจะขอ ถ้าคนอื่นอาจดูโทรศัพท์ของคุณ ให้เลือกเก็บไว้
hold-choice-send = ส่งทันที
hold-choice-keep = เก็บไว้จนกว่าฉันจะขอ
replies-held = เราจะเก็บคำตอบไว้ให้คุณค่ะ พิมพ์ { -cmd-messages } เมื่ออ่านได้อย่างปลอดภัย
ready = จะมีคนอ่านข้อความของคุณและตอบคุณที่นี่ค่ะ พิมพ์ { -cmd-help } เพื่อดูเบอร์โทรฉุกเฉินนะคะ
no-held-messages = ไม่มีข้อความใหม่สำหรับคุณ

help =
    ถ้าตอนนี้คุณอยู่ในอันตราย ให้โทร { $emergency } โทรฟรี
    คุณเขียนที่นี่ได้ทุกเวลา จะมีคนตอบคุณ
    { -cmd-language } — เปลี่ยนภาษา
    { -cmd-messages } — ดูข้อความที่เราเก็บไว้ให้คุณ
    { -cmd-hide } — ลบข้อความล่าสุดในแชทนี้
    { -cmd-autohide } — ให้แชทนี้ลบตัวเองเมื่อผ่านไประยะหนึ่ง
    { -cmd-word } — เลือกคำลับที่ใช้ลบแชทนี้ได้ทันที
    { -cmd-code } — คุยต่อในแชทนี้บนโทรศัพท์เครื่องอื่น
    { -cmd-forget } — ลบข้อมูลทั้งหมดของคุณที่เราเก็บไว้
help-with-hours =
    ถ้าตอนนี้คุณอยู่ในอันตราย ให้โทร { $emergency } โทรฟรี
    ทีมของเราตอบในเวลาเหล่านี้: { $hours }
    คุณเขียนที่นี่ได้ทุกเวลา
    { -cmd-language } — เปลี่ยนภาษา
    { -cmd-messages } — ดูข้อความที่เราเก็บไว้ให้คุณ
    { -cmd-hide } — ลบข้อความล่าสุดในแชทนี้
    { -cmd-autohide } — ให้แชทนี้ลบตัวเองเมื่อผ่านไประยะหนึ่ง
    { -cmd-word } — เลือกคำลับที่ใช้ลบแชทนี้ได้ทันที
    { -cmd-code } — คุยต่อในแชทนี้บนโทรศัพท์เครื่องอื่น
    { -cmd-forget } — ลบข้อมูลทั้งหมดของคุณที่เราเก็บไว้

hidden = เรียบร้อยแล้ว ข้อความนี้จะหายไปด้วย

forget-question = คุณต้องการให้เราลบข้อมูลทั้งหมดของคุณที่เราเก็บไว้ และข้อความในแชทนี้ไหม ทำแล้วย้อนกลับไม่ได้
forget-choice-yes = ใช่ ลบทั้งหมด
forget-choice-no = ไม่ เก็บไว้
forget-cancelled = ไม่มีอะไรถูกลบ
forgotten = เรียบร้อยแล้ว คุณส่งข้อความมาใหม่ได้ทุกเมื่อ

location-question = ทีมของเราได้รับเพียงตำแหน่งโดยประมาณ (ประมาณ 1 กม.) คุณต้องการส่งตำแหน่งที่แน่นอนให้ทีมของเราไหม
location-choice-yes = ใช่ ส่งตำแหน่งที่แน่นอน
location-choice-no = ไม่ ใช้แค่ตำแหน่งโดยประมาณ
location-sent = ส่งตำแหน่งที่แน่นอนของคุณให้ทีมของเราแล้ว
location-kept-approximate = ทีมของเรามีเพียงตำแหน่งโดยประมาณเท่านั้น

contact-not-relayed = เราไม่ส่งต่อรายชื่อผู้ติดต่อ เพื่อปกป้องคนที่อยู่ในนั้น ถ้าคุณอยากบอกเราเรื่องใครสักคน ให้เขียนเป็นข้อความ
file-too-large = ไฟล์นี้ใหญ่เกินไปที่จะรับที่นี่ (จำกัดที่ { $megabytes } MB) กรุณาส่งไฟล์ที่เล็กกว่า หรือเล่าให้เราฟังเป็นคำพูด

language-hint-question = ดูเหมือนคุณเขียนเป็นภาษา{ $language } คุณต้องการใช้ภาษา{ $language }ต่อไหม
language-hint-yes = ใช่ ใช้ภาษา{ $language }ต่อ
language-hint-no = ไม่ ใช้ { $current } เหมือนเดิม

## ความปลอดภัยของคนที่เขียนมา

safety-question = ตอนนี้คุณเขียนได้อย่างปลอดภัยไหม
safety-choice-yes = ใช่ ปลอดภัย
safety-choice-not-now = ตอนนี้ยังไม่ได้
safety-not-now = ได้ค่ะ ไว้ส่งข้อความมาใหม่ทีหลังนะคะ

safe-word-explain =
    คุณเลือกคำลับได้ ถ้าคุณส่งคำนี้มาที่นี่ แชทนี้จะถูกลบออกจากโทรศัพท์ของคุณทันที และเราจะเก็บคำตอบไว้ให้คุณ
    ถ้าอยากอ่านเมื่อปลอดภัยแล้ว ให้ส่ง { -cmd-messages } ตามด้วยคำลับของคุณ เช่น { -cmd-messages } ทานตะวัน
    วิธีเลือกคำ ให้ส่ง { -cmd-word } ตามด้วยคำนั้น เช่น { -cmd-word } ทานตะวัน
    ทุกครั้ง คำของคุณจะถูกลบออกจากแชท
safe-word-too-short = คำลับต้องมีอย่างน้อย { $length } ตัวอักษร กรุณาเลือกคำที่ยาวกว่านี้
safe-word-set = บันทึกแล้ว ข้อความนี้จะหายไป
safe-word-removed = ยกเลิกคำลับของคุณแล้ว
decoy = ขอยืนยันนัดหมายของคุณลูกค้า วันพฤหัสบดี เวลา 14:00 น. ค่ะ แล้วพบกันนะคะ

auto-hide-question = ให้แชทนี้ลบตัวเองเมื่อผ่านไประยะหนึ่งหลังข้อความสุดท้ายไหม
auto-hide-choice-minutes = หลังจาก { $minutes } นาที
auto-hide-choice-off = ไม่ เก็บข้อความไว้
auto-hide-on = แชทนี้จะลบตัวเอง { $minutes } นาทีหลังข้อความสุดท้าย
auto-hide-off = บันทึกแล้ว ข้อความนี้จะหายไป

code-given = ถ้าจะคุยต่อบนโทรศัพท์เครื่องอื่น ให้ใช้โทรศัพท์เครื่องใหม่ส่งคำภาษาอังกฤษสี่คำนี้มาหาเรา ให้ตรงตามนี้ทุกตัวอักษร: { $phrase }
    คำเหล่านี้ใช้ได้ครั้งเดียวเท่านั้น ภายใน { $minutes } นาที ใครที่มีคำเหล่านี้จะอ่านข้อความใหม่ของคุณได้ จึงต้องเก็บเป็นความลับ ข้อความนี้จะหายไป
code-moved = ยินดีต้อนรับกลับมา แชทของคุณคุยต่อได้ที่นี่
code-wrong = คำเหล่านี้ไม่ถูกต้อง หรือใช้ไม่ได้แล้ว กรุณาตรวจดูแล้วลองอีกครั้ง
code-locked = ลองผิดหลายครั้งเกินไป กรุณารอ { $minutes } นาที แล้วลองอีกครั้ง

## เมนูคำสั่งของแอปแชท ใช้คำกลาง ๆ เพราะคนอื่นอาจเห็นเมนูนี้

menu-help = ความช่วยเหลือและเบอร์โทร
menu-language = เปลี่ยนภาษา
menu-messages = ดูข้อความใหม่
menu-hide = ลบข้อความล่าสุด
menu-autohide = ลบแชทนี้อัตโนมัติ
menu-word = เลือกคำลับ
menu-code = คุยต่อบนโทรศัพท์เครื่องอื่น
menu-forget = ลบข้อมูลของฉัน

# A visitor's file was refused: their files for the day reached the limit ([limits]). Words still flow.
file-over-daily-limit = วันนี้คุณส่งไฟล์มาเยอะแล้ว ไฟล์นี้จึงไม่ได้รับ แต่ข้อความของคุณยังส่งถึงเราได้ กรุณาพิมพ์มา หรือส่งไฟล์อีกครั้งพรุ่งนี้
# A visitor's file was refused: the server's disk is nearly full. Words still flow.
file-not-received-now = ตอนนี้ยังรับไฟล์ไม่ได้ แต่ข้อความของคุณยังส่งถึงเราได้ กรุณาพิมพ์มาหาเรา

machine-translated-note = (ข้อความนี้แปลโดยคอมพิวเตอร์ ถ้าไม่เข้าใจตรงไหน ถามเราได้เลยนะคะ)

partner-intro = นี่คือสถานที่ที่ช่วยคุณได้ค่ะ:
partner-address = ที่อยู่: { $address }
partner-hours = เวลาเปิด: { $hours }
partner-phone = โทรศัพท์: { $phone }
partner-bring = สิ่งที่ต้องนำไป: { $bring }
