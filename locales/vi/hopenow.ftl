### Tiếng Việt (Vietnamese)
### Reviewed: machine-drafted, needs native review
### Date: 2026-12-05
###
### Translated from locales/en/hopenow.ftl, which explains each message.
### Register: polite and neutral, on purpose: "bạn" for the reader (no age or gender, unlike
### anh/chị/em, which would make us guess both), "chúng tôi" for the team, "Vui lòng" for please.
### Chatting is "nhắn tin", not the school word "viết". "Secret word" is "từ bí mật"; the decoy
### uses "quý khách", like a real shop.

received = Cảm ơn bạn đã nhắn tin. Một người trong nhóm của chúng tôi sẽ sớm trả lời bạn ở đây.

many-writing-wait = Cảm ơn bạn đã nhắn tin. Lúc này có rất nhiều người đang nhắn cho chúng tôi. Tin nhắn của bạn đã được giữ lại, và một người trong nhóm của chúng tôi sẽ trả lời bạn ở đây sớm nhất có thể. Nếu bây giờ bạn đang gặp nguy hiểm, hãy gọi { $emergency }.

out-of-hours-today = Cảm ơn bạn đã nhắn tin cho chúng tôi. Bây giờ chưa có ai trả lời được. Một người trong nhóm của chúng tôi sẽ trả lời bạn ở đây hôm nay, từ { $time }. Nếu bây giờ bạn đang gặp nguy hiểm, hãy gọi { $emergency }.
out-of-hours-tomorrow = Cảm ơn bạn đã nhắn tin cho chúng tôi. Bây giờ chưa có ai trả lời được. Một người trong nhóm của chúng tôi sẽ trả lời bạn ở đây ngày mai, từ { $time }. Nếu bây giờ bạn đang gặp nguy hiểm, hãy gọi { $emergency }.
out-of-hours-later = Cảm ơn bạn đã nhắn tin cho chúng tôi. Bây giờ chưa có ai trả lời được. Một người trong nhóm của chúng tôi sẽ trả lời bạn ở đây vào { $date }, từ { $time }. Nếu bây giờ bạn đang gặp nguy hiểm, hãy gọi { $emergency }.
out-of-hours-unknown = Cảm ơn bạn đã nhắn tin cho chúng tôi. Bây giờ chưa có ai trả lời được. Một người trong nhóm của chúng tôi sẽ trả lời bạn ở đây sớm nhất có thể. Nếu bây giờ bạn đang gặp nguy hiểm, hãy gọi { $emergency }.

staff-reply =
    { $alias }:
    { $text }

conversation-closed = Cuộc trò chuyện này đã kết thúc. Bạn có thể nhắn cho chúng tôi lại bất cứ lúc nào.
chat-closed-by-team = Nhóm của chúng tôi đã đóng cuộc trò chuyện này.

message-too-long = Tin nhắn của bạn quá dài nên chưa được gửi. Vui lòng gửi thành nhiều phần ngắn hơn, mỗi phần tối đa { $limit } chữ.
message-not-delivered = Tin nhắn vừa rồi của bạn chưa gửi được đến nhóm của chúng tôi. Vui lòng gửi lại.

## Câu trả lời soạn sẵn mà nhóm có thể gửi bằng ngôn ngữ của người viết.

canned-greeting = Xin chào! Bạn có thể nhắn tin cho chúng tôi ở đây bằng tiếng của bạn. Chúng tôi ở đây để lắng nghe bạn.
canned-emergency = Nếu bây giờ bạn đang gặp nguy hiểm, hãy gọi { $emergency }. Cuộc gọi miễn phí.
canned-hours = Nhóm của chúng tôi trả lời vào những giờ này: { $hours }
canned-soon = Một người trong nhóm của chúng tôi sẽ sớm trả lời bạn.
canned-safe = Bây giờ bạn nói chuyện có an toàn không? Vui lòng trả lời có hoặc không.
canned-meet = Chúng tôi có thể gặp bạn ở một nơi an toàn. Hãy cho chúng tôi biết nơi nào và lúc nào thuận tiện cho bạn.
canned-doctor = Bạn có thể đi khám bác sĩ, kể cả khi không có giấy tờ. Chúng tôi có thể đi cùng bạn.
canned-language = Bạn có thể nhắn tin bằng tiếng của bạn. Chúng tôi sẽ dịch.

## Lần liên hệ đầu tiên và các câu hỏi của hệ thống.

greeting =
    Xin chào. Bạn có thể nhắn tin ở đây bằng tiếng của bạn.
    Vui lòng chọn ngôn ngữ của bạn:
language-picker = Vui lòng chọn ngôn ngữ của bạn:
hold-question = Chúng tôi nên gửi câu trả lời ngay khi viết xong, hay giữ lại cho đến khi bạn yêu cầu? Nếu người khác có thể xem điện thoại của bạn, hãy chọn giữ lại.
hold-choice-send = Gửi ngay
hold-choice-keep = Giữ lại đến khi tôi yêu cầu
replies-held = Chúng tôi sẽ giữ câu trả lời cho bạn. Hãy gõ { -cmd-messages } khi đã an toàn để đọc.
ready = Một người sẽ đọc tin nhắn của bạn và trả lời bạn ở đây. Gõ { -cmd-help } để xem các số điện thoại khẩn cấp.
no-held-messages = Không có tin nhắn mới nào cho bạn.

help =
    Nếu bây giờ bạn đang gặp nguy hiểm, hãy gọi { $emergency }. Cuộc gọi miễn phí.
    Bạn có thể nhắn tin ở đây bất cứ lúc nào. Một người sẽ trả lời bạn.
    { -cmd-language } — đổi ngôn ngữ
    { -cmd-messages } — xem tin nhắn chúng tôi giữ lại cho bạn
    { -cmd-hide } — xóa các tin nhắn gần đây trong cuộc trò chuyện này
    { -cmd-autohide } — tự xóa cuộc trò chuyện này sau một thời gian
    { -cmd-word } — chọn một từ bí mật để xóa ngay cuộc trò chuyện này
    { -cmd-code } — tiếp tục cuộc trò chuyện này trên điện thoại khác
    { -cmd-forget } — xóa mọi thông tin của bạn mà chúng tôi giữ
help-with-hours =
    Nếu bây giờ bạn đang gặp nguy hiểm, hãy gọi { $emergency }. Cuộc gọi miễn phí.
    Nhóm của chúng tôi trả lời vào những giờ này: { $hours }
    Bạn có thể nhắn tin ở đây bất cứ lúc nào.
    { -cmd-language } — đổi ngôn ngữ
    { -cmd-messages } — xem tin nhắn chúng tôi giữ lại cho bạn
    { -cmd-hide } — xóa các tin nhắn gần đây trong cuộc trò chuyện này
    { -cmd-autohide } — tự xóa cuộc trò chuyện này sau một thời gian
    { -cmd-word } — chọn một từ bí mật để xóa ngay cuộc trò chuyện này
    { -cmd-code } — tiếp tục cuộc trò chuyện này trên điện thoại khác
    { -cmd-forget } — xóa mọi thông tin của bạn mà chúng tôi giữ

hidden = Xong. Tin nhắn này cũng sẽ biến mất.

forget-question = Bạn có muốn chúng tôi xóa mọi thông tin của bạn mà chúng tôi giữ, cùng các tin nhắn trong cuộc trò chuyện này không? Sau khi xóa thì không lấy lại được.
forget-choice-yes = Có, xóa hết
forget-choice-no = Không, giữ lại
forget-cancelled = Không có gì bị xóa.
forgotten = Xong. Bạn có thể nhắn lại bất cứ lúc nào.

location-question = Nhóm của chúng tôi chỉ nhận được vị trí ước chừng (khoảng 1 km). Bạn có muốn gửi vị trí chính xác của bạn cho nhóm của chúng tôi không?
location-choice-yes = Có, gửi vị trí chính xác
location-choice-no = Không, chỉ vị trí ước chừng
location-sent = Vị trí chính xác của bạn đã được gửi cho nhóm của chúng tôi.
location-kept-approximate = Nhóm của chúng tôi chỉ có vị trí ước chừng.

contact-not-relayed = Chúng tôi không chuyển tiếp liên hệ, để bảo vệ những người có trong đó. Nếu bạn muốn kể cho chúng tôi điều gì về một người, hãy nhắn điều đó trong tin nhắn.
file-too-large = Tệp này quá lớn, ở đây không nhận được (giới hạn là { $megabytes } MB). Vui lòng gửi tệp nhỏ hơn, hoặc kể cho chúng tôi bằng lời.

language-hint-question = Có vẻ bạn đang nhắn tin bằng { $language }. Bạn có muốn tiếp tục bằng { $language } không?
language-hint-yes = Có, tiếp tục bằng { $language }
language-hint-no = Không, vẫn dùng { $current }

## An toàn của người đang viết.

safety-question = Bây giờ bạn nhắn tin có an toàn không?
safety-choice-yes = Có, an toàn
safety-choice-not-now = Để lúc khác
safety-not-now = Được. Hãy nhắn lại sau nhé.

safe-word-explain =
    Bạn có thể chọn một từ bí mật. Nếu bạn gửi từ này ở đây, cuộc trò chuyện này sẽ bị xóa ngay khỏi điện thoại của bạn, và chúng tôi sẽ giữ các câu trả lời cho bạn.
    Để đọc chúng khi an toàn, hãy gửi { -cmd-messages } và từ bí mật của bạn, ví dụ: { -cmd-messages } chuối
    Để chọn từ, hãy gửi { -cmd-word } và từ đó, ví dụ: { -cmd-word } chuối
    Mỗi lần như vậy, từ của bạn sẽ bị xóa khỏi cuộc trò chuyện.
safe-word-too-short = Từ bí mật cần có ít nhất { $length } chữ cái. Vui lòng chọn một từ dài hơn.
safe-word-set = Đã lưu. Tin nhắn này sẽ biến mất.
safe-word-removed = Từ bí mật của bạn đã được xóa.
decoy = Lịch hẹn của quý khách vào thứ Năm lúc 14:00 đã được xác nhận. Hẹn gặp quý khách!

auto-hide-question = Cuộc trò chuyện này có nên tự xóa sau một thời gian, kể từ tin nhắn cuối cùng không?
auto-hide-choice-minutes = Sau { $minutes } phút
auto-hide-choice-off = Không, giữ các tin nhắn
auto-hide-on = Cuộc trò chuyện này sẽ tự xóa { $minutes } phút sau tin nhắn cuối cùng.
auto-hide-off = Đã lưu. Tin nhắn này sẽ biến mất.

code-given = Để tiếp tục trên điện thoại khác, hãy dùng điện thoại mới gửi cho chúng tôi bốn từ tiếng Anh này, đúng y như vậy: { $phrase }
    Bốn từ này chỉ dùng được một lần, trong { $minutes } phút. Ai có bốn từ này đều đọc được tin nhắn mới của bạn, vì vậy hãy giữ bí mật. Tin nhắn này sẽ biến mất.
code-moved = Chào mừng bạn trở lại. Cuộc trò chuyện của bạn tiếp tục ở đây.
code-wrong = Các từ này không đúng, hoặc không còn dùng được nữa. Vui lòng kiểm tra lại rồi thử lại.
code-locked = Bạn đã thử sai quá nhiều lần. Vui lòng chờ { $minutes } phút rồi thử lại.

## Menu lệnh của ứng dụng trò chuyện. Từ ngữ trung tính: người khác có thể nhìn thấy menu này.

menu-help = Trợ giúp và số điện thoại
menu-language = Đổi ngôn ngữ
menu-messages = Xem tin nhắn mới
menu-hide = Xóa tin nhắn gần đây
menu-autohide = Tự xóa cuộc trò chuyện này
menu-word = Chọn từ bí mật
menu-code = Tiếp tục trên điện thoại khác
menu-forget = Xóa dữ liệu của tôi

# A visitor's file was refused: their files for the day reached the limit ([limits]). Words still flow.
file-over-daily-limit = Hôm nay bạn đã gửi nhiều tệp, nên tệp này chưa được nhận. Lời nhắn của bạn vẫn đến được với chúng tôi: hãy nhắn tin cho chúng tôi, hoặc gửi tệp vào ngày mai.
# A visitor's file was refused: the server's disk is nearly full. Words still flow.
file-not-received-now = Hiện giờ chưa nhận được tệp. Lời nhắn của bạn vẫn đến được với chúng tôi: vui lòng nhắn tin cho chúng tôi.

machine-translated-note = (Tin nhắn này do máy tính dịch. Nếu có gì chưa rõ, bạn cứ hỏi chúng tôi nhé.)

partner-intro = Đây là một nơi có thể giúp bạn:
partner-address = Địa chỉ: { $address }
partner-hours = Giờ mở cửa: { $hours }
partner-phone = Điện thoại: { $phone }
partner-bring = Cần mang theo: { $bring }

card-line = Bạn có câu hỏi? Luôn có người lắng nghe. Hãy nhắn cho chúng tôi bằng ngôn ngữ của bạn.
card-line-discreet = Làm móng · Làm tóc · Lớp học — đặt lịch qua tin nhắn

## Opt-in news (/news)
menu-news = Tin từ chúng tôi
news-subscribed = Xong. Bạn sẽ nhận tin của chúng tôi ở đây (lớp học, buổi gặp) bằng ngôn ngữ của bạn. Gửi lại { -cmd-news } để dừng.
news-unsubscribed = Xong. Bạn sẽ không nhận tin từ chúng tôi nữa. Gửi { -cmd-news } nếu muốn nhận lại.
news-announcement =
    { $text }

    — Gửi { -cmd-news } để không nhận những tin nhắn này nữa.

## Sharing with a friend (/share)

menu-share = Gửi cuộc trò chuyện này cho bạn bè
share-invitation = Có người để trò chuyện, miễn phí và riêng tư, bằng ngôn ngữ của bạn:
    { $link }
share-invitation-matrix = Có người để trò chuyện, miễn phí và riêng tư, bằng ngôn ngữ của bạn:
    { $link }
    Hãy gõ { -cmd-start } share để bắt đầu.
share-sent = Hãy chuyển tiếp tin nhắn ở trên cho một người bạn tin tưởng. Tin nhắn đó sẽ biến mất khỏi đây sau { $minutes } phút.
share-keep = Giữ lại
share-kept = Tin nhắn đó vẫn được giữ. Tin nhắn này sẽ biến mất.
share-unavailable = Hiện giờ không thể gửi cuộc trò chuyện này từ đây.
