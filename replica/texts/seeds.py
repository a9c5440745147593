"""Seed articles 000-002 cleaned by hand: title, lead, paragraphs, captions, author."""

from replica.content import Article, article, vn

THAINGUYEN_2017: Article = article(
    (
        "Hội nghị sơ kết công tác dân tộc 6 tháng đầu năm, phương hướng, nhiệm vụ 6 tháng cuối năm "
        "2017"
    ),
    vn(2017, 7, 3, 15, 30),
    [
        (
            "Ngày 30/6/2017, Ban Dân tộc tỉnh tổ chức Hội nghị sơ kết công tác dân tộc 6 tháng đầu "
            "năm, phương hướng, nhiệm vụ 6 tháng cuối năm 2017. Đồng chí Nguyễn Thái Nam - Ủy viên "
            "UBND tỉnh, Trưởng Ban Dân tộc tỉnh chủ trì Hội nghị."
        ),
        (
            "Trong 6 tháng đầu năm 2017, tình hình an ninh, chính trị, trật tự an toàn xã hội vùng "
            "đồng bào dân tộc thiểu số (DTTS) nhìn chung ổn định, đời sống của đồng bào được đảm "
            "bảo, không có hiện tượng di dân tự do. Hoạt động tôn giáo diễn ra bình thường và "
            "không có điểm nóng xảy ra; trong vùng đồng bào DTTS và miền núi không xảy ra các tình "
            "huống phức tạp về an ninh trật tự, cũng như các hoạt động gây rối, chống phá về an "
            "ninh chính trị của các thế lực phản động. Tuy nhiên, một số đối tượng người Mông tin "
            "theo tổ chức bất hợp pháp Dương Văn Mình vẫn tiếp tục có các hoạt động tuyên truyền, "
            "lôi kéo đồng bào dân tộc Mông tham gia các hoạt động tái dựng “nhà đòn” tại huyện Võ "
            "Nhai và Đồng Hỷ…"
        ),
        (
            "Về việc thực hiện công tác dân tộc và chính sách dân tộc, trong 6 tháng đầu năm 2017, "
            "Ban Dân tộc đã tham mưu cho Ủy ban nhân dân tỉnh phân bổ vốn Chương trình 135 đợt 1 "
            "cho 36 xã đặc biệt khó khăn là 48.204 triệu đồng; phê duyệt danh sách người có uy tín "
            "trong vùng đồng bào DTTS năm 2017 là 1.032 người; triển khai các lớp tập huấn, hướng "
            "dẫn cho cán bộ, công chức cấp huyện, xã liên quan thực hiện Quyết định 2085/QĐ-TTg về "
            "thực hiện Chính sách đặc thù hỗ trợ phát triển kinh tế - xã hội vùng DTTS và miền "
            "núi; hỗ trợ 1.193,5 tấn muối I ốt phòng chống bướu cổ cho người dân vùng dân tộc miền "
            "núi, kinh phí 1.773,5 triệu đồng; Về thực hiện Đề án 2037 (phát triển kinh tế xã hội, "
            "ổn định sản xuất và đời sống các xóm khó khăn có nhiều đồng bào dân tộc Mông sinh "
            "sống) của tỉnh, đã khởi công xây dựng 02 đập tràn và hoàn thiện 01 tuyến đường, hỗ "
            "trợ phát triển sản xuất cho 680,4 ha, kinh phí 5.102,7 triệu đồng; Về Chương trình "
            "phát triển kinh tế - xã hội vùng ATK và vùng DTTS đặc biệt khó khăn tỉnh Thái Nguyên "
            "giai đoạn 2017-2020 đã được thông qua Chương trình tại kỳ họp thứ 4 Hội đồng nhân dân "
            "tỉnh; Ban hành và tham mưu cho UBND tỉnh ban hành các văn bản hướng dẫn, chỉ đạo "
            "triển khai thực hiện Quyết định 59/QĐ-TTg về việc cấp một số ấn phẩm báo, tạp chí cho "
            "vùng DTTS và miền núi, vùng đặc biệt khó khăn, tính đến ngày 31/5 trên địa bàn toàn "
            "tỉnh đã cấp phát được gần 200.000 các ấn phẩm báo, tạp chí cho vùng DTTS và miền núi, "
            "vùng ĐBKK; Tổ chức đi thăm hỏi, tặng quà cho các xóm bản, hộ gia đình có hoàn cảnh "
            "đặc biệt khó khăn trong dịp Tết trị giá 120,7 triệu đồng; Thường xuyên phối hợp với "
            "Bộ Chỉ huy Quân sự tỉnh, Công an tỉnh, cơ quan An ninh Tây Bắc, Ban Tôn giáo tỉnh, "
            "đội ngũ người có uy tín trong đồng bào DTTS và cấp ủy, chính quyền các địa phương nắm "
            "và theo dõi địa bàn vùng đồng bào DTTS; Phối hợp với Đài Phát thanh – Truyền hình "
            "tỉnh xây dựng các phóng sự tuyên truyền việc thực hiện công tác dân tộc, chính sách "
            "dân tộc phát trên chuyên mục “Thái Nguyên với công tác dân tộc và miền núi”; Phối hợp "
            "với Báo Thái Nguyên, Cổng Thông tin điện tử, Báo Dân tộc và Phát triển tuyên truyền "
            "về công tác dân tộc và các chính sách dân tộc; Quản lý, duy trì hoạt động tuyên "
            "truyền tốt Trang thông tin điện tử của Ban; Phối hợp với Sở Nội vụ, Ủy ban MTTQ tỉnh, "
            "Hội Nông dân tỉnh và Hội Liên hiệp Phụ nữ tỉnh tổ chức 03 lớp bồi dưỡng cán bộ, công "
            "chức, viên chức về công tác dân tộc cho 300 học viên là cán bộ, công chức Ủy ban "
            "MTTQ, Hội Nông dân, Hội Liên hiệp Phụ nữ cấp huyện, xã vùng DTTS và miền núi; Tổ chức "
            "07 Hội nghị phổ biến, giáo dục pháp luật cho đồng bào vùng DTTS, miền núi các huyện, "
            "thị xã với 480 người DTTS là Bí thư Chi bộ, Trưởng xóm; Trưởng các đoàn thể ở xóm, "
            "người có uy tín trong đồng bào DTTS tiêu biểu trên; Làm tốt công tác tham mưu về tổ "
            "chức cán bộ; văn thư, lưu trữ; ứng dụng công nghệ thông tin; thi đua khen thưởng…"
        ),
        (
            "Kết luận buổi sơ kết, đồng chí Nguyễn Thái Nam - Ủy viên UBND tỉnh, Trưởng Ban Dân "
            "tộc đã ghi nhận sự đoàn kết, thống nhất, giúp đỡ nhau để hoàn thành công việc trong "
            "đội ngũ cán bộ, công chức cơ quan và cũng đề ra một số nhiệm vụ trọng tâm 6 tháng "
            "cuối năm như: Tiếp tục quán triệt sâu sắc quan điểm, đường lối của Đảng, chính sách, "
            "pháp luật của Nhà nước về công tác dân tộc; Tiếp tục đổi mới, đẩy mạnh công tác tuyên "
            "truyền để có sức lan tỏa; các văn bản triển khai nhiệm vụ cần đăng trên trang web để "
            "nhiều người truy cập; Phối hợp với các ngành thực hiện tốt các chính sách chung về "
            "công tác dân tộc; Các cán bộ, công chức tiếp tục học tập, nghiên cứu, tự nâng cao "
            "năng lực để đáp ứng tốt công việc chuyên môn, chủ động nghiên cứu, chủ động tự khẳng "
            "định mình, phối hợp tốt trong công việc, cùng chung tay để hoàn thành tốt nhiệm vụ về "
            "công tác dân tộc."
        ),
    ],
    captions=[
        "Toàn cảnh Hội nghị",
    ],
    caption_after=[1],
    author="Dương Thị Hường Thái, Phòng Tuyên truyền và Địa bàn",
    attachments=["KH-cong-tac-dan-toc-6-thang-cuoi-nam-2017.pdf"],
    tags=["Công tác dân tộc"],
)

THAINGUYEN_2022: Article = article(
    "Tổng kết công tác dân tộc năm 2021 và triển khai nhiệm vụ năm 2022",
    vn(2022, 1, 18, 18, 7),
    [
        (
            "Ngày 14/1, đồng chí Nguyễn Thái Nam, Ủy viên UBND tỉnh, Trưởng Ban Dân tộc đã chủ trì "
            "Hội nghị Tổng kết công tác dân tộc năm 2021 và triển khai nhiệm vụ năm 2022. Tham dự "
            "Hội nghị có đại diện lãnh đạo Ủy ban MTTQ tỉnh và một số sở, ban, ngành đoàn thể của "
            "tỉnh; Lãnh đạo phòng Dân tộc các huyện, thành, thị."
        ),
        "Kết quả thực hiện công tác dân tộc năm 2021",
        (
            "Năm 2021 là năm chuyển tiếp, các chính sách mới về công tác dân tộc còn có khoảng "
            "trống, chưa được ban hành thay thế, bổ sung kịp thời nhưng Ban Dân tộc tỉnh cùng các "
            "cấp, các ngành đã nỗ lực khắc phục khó khăn để hoàn thành nhiệm vụ được giao, đạt "
            "được những kết quả nổi bật như:"
        ),
        (
            "Các chính sách dân tộc và công tác chuẩn bị thực hiện chính sách dân tộc cho giai "
            "đoạn mới tiếp tục được chỉ đạo tổ chức triển khai thực hiện: Rà soát kết quả xác định "
            "xóm đặc biệt khó khăn, xã thuộc vùng dân tộc thiểu số và miền núi giai đoạn 2021 - "
            "2025 gửi Ủy ban Dân tộc theo Quyết định số 33/2020/QĐ-TTg ngày 12/11/2020 của Thủ "
            "tướng Chính phủ về tiêu chí phân định vùng đồng bào dân tộc thiểu số và miền núi theo "
            "trình độ phát triển giai đoạn 2021 -2025; triển khai thực hiện Quyết định số "
            "39/2020/QĐ-TTg ngày 31/12/2020 của Thủ tướng Chính phủ về tiêu chí xác định các dân "
            "tộc còn nhiều khó khăn, có khó khăn đặc thù giai đoạn 2021 -2025 theo hướng dẫn của "
            "Ủy ban Dân tộc; Tham mưu UBND tỉnh ban hành Kế hoạch thực hiện Đề án “Giảm thiểu tình "
            "trạng tảo hôn và hôn nhân cận huyết thống trong vùng đồng bào dân tộc thiểu số tỉnh "
            "Thái Nguyên giai đoạn 2021 - 2025”; Thực hiện đầy đủ các chính sách đối với người có "
            "uy tín theo Quyết định 12/2018/QĐ-TTg ngày 06/3/2018 của..."
        ),
        (
            "Chủ trì, phối hợp với các sở, ngành, UBND các huyện rà soát các đối tượng thụ hưởng "
            "chính sách, tham gia góp ý với Chính phủ về dự thảo Quyết định quy định nguyên tắc, "
            "tiêu chí, định mức phân bổ ngân sách Trung ương và tỷ lệ vốn đối ứng của ngân sách "
            "địa phương…để chuẩn bị triển khai thực hiện Chương trình mục tiêu quốc gia phát triển "
            "kinh tế - xã hội vùng đồng bào DTTS&MN giai đoạn 2021 – 2030... Dự thảo các văn bản "
            "liên quan để tổ chức triển khai thực hiện Chương trình."
        ),
        (
            "Kịp thời tham mưu UBND tỉnh ban hành Quyết định 39/2021/QĐ-UBND ngày 20/8/2021 quy "
            "định vùng tạo nguồn cán bộ cho các dân tộc thuộc diện tuyển sinh vào các trường phổ "
            "thông dân tộc nội trú của tỉnh Thái Nguyên; Chương trình hành động số 02/CTr-UBND "
            "ngày 02/12/2021 ban hành Chương trình hành động Nghị quyết số 04-NQ/TU ngày 14/7/2021 "
            "của Ban Chấp hành Đảng bộ tỉnh..."
        ),
        (
            "Tổ chức Hội nghị biểu dương 90 đại biểu người dân tộc tiêu biểu trên địa bàn tỉnh năm "
            "2021; 02 hội nghị phổ biến, giáo dục pháp luật, 02 hội nghị tuyên truyền về bình đẳng "
            "giới gắn với tuyên truyền bầu cử Đại biểu quốc hội khóa XV và Đại biểu HĐND các cấp "
            "cho người dân vùng dân tộc thiểu số và miền núi trên địa bàn tỉnh."
        ),
        "Nhiệm vụ công tác dân tộc năm 2022",
        (
            "Để thực hiện thắng lợi các mục tiêu, nhiệm vụ đã đề ra năm 2022 Ban Dân tộc xác định "
            "một số nhiệm vụ trong tâm sau:"
        ),
        (
            "Thứ nhất, Kịp thời tham mưu Ban Chỉ đạo các Chương trình mục tiêu quốc gia, UBND tỉnh "
            "xây dựng các văn bản để triển khai thực hiện Chương trình Mục tiêu quốc gia phát "
            "triển kinh tế - xã hội vùng dân tộc thiểu số và miền núi: Trình HĐND tỉnh ban hành "
            "Nghị quyết của HĐND tỉnh ban hành tiêu chí, định mức, nguyên tắc phân bổ vốn thực "
            "hiện Chương trình; Kế hoạch thực hiện Chương trình giai đoạn 2022 – 2025; Kế hoạch "
            "thực hiện Chương trình năm 2022…"
        ),
        (
            "Thứ hai, Thành lập Tổ công tác về Chương trình Mục tiêu quốc gia phát triển kinh tế - "
            "xã hội vùng dân tộc thiểu số và miền núi giai đoạn 2021 – 2025; ban hành Quy chế hoạt "
            "động cụ thể, phân công rõ việc, rõ người, rõ đơn vị phụ trách để tham mưu cho Ban Chỉ "
            "đạo các Chương trình mục tiêu quốc gia, UBND tỉnh tổ chức triển khai thực hiện Chương "
            "trình."
        ),
        (
            "Thứ ba, Tiếp tục ưu tiên tập trung các nguồn lực đầu tư xây dựng hạ tầng kinh tế vùng "
            "dân tộc thiểu số một cách đồng bộ. Tập trung điều tra, khảo sát, nghiên cứu, tham mưu "
            "cho UBND tỉnh chỉ đạo thực hiện tốt các đề án, chính sách về công tác dân tộc đang "
            "còn hiệu lực. Đồng thời, tăng cường công tác kiểm tra, kịp thời giải quyết theo thẩm "
            "quyền hoặc tham mưu cho cấp có thẩm quyền tháo gỡ khó khăn, vướng mắc, để chính sách "
            "phát huy có hiệu quả."
        ),
        (
            "Thứ tư, Tiếp tục làm tốt công tác tuyên truyền, nắm chắc địa bàn trong vùng đồng bào "
            "dân tộc thiểu số; phát huy vai trò của người có uy tín, già làng, trưởng bản để vận "
            "động đồng bào dân tộc thiểu số tích cực thoát nghèo vươn lên làm giầu cho quê hương "
            "và mỗi gia đình."
        ),
        (
            "Thứ năm, Phối hợp với các ngành, các cấp quan tâm hướng dẫn tập trung sản xuất kinh "
            "doanh, gắn với chuỗi giá trị, tổ sản xuất, hợp tác xã, doanh nghiệp. Lựa chọn các mô "
            "hình sản xuất phù hợp với từng địa phương, quy hoạch vùng sản xuất và đặc điểm phong "
            "tục, tập quán của người dân. Từ đó phát triển kinh tế, nâng cao thu nhập cho người "
            "dân nhất là đồng bào DTTS."
        ),
        (
            "Nhân dịp này, 01 tập thể và 01 cá nhân được nhận Bằng khen của Chủ tịch UBND tỉnh đã "
            "có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2021; 11 cá nhân được nhận Giấy "
            "khen của Ban Dân tộc tỉnh Thái Nguyên trong thực hiện tốt nhiệm vụ năm 2021."
        ),
    ],
    captions=[
        "Toàn cảnh Hội nghị",
        (
            "Lãnh đạo Ủy ban MTTQ tỉnh và Ban Dân tộc tỉnh trao Bằng khen của Chủ tịch UBND tỉnh "
            "cho tập thể, cá nhân có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2021"
        ),
        (
            "Lãnh đạo Ủy ban MTTQ tỉnh và Ban Dân tộc tỉnh trao tặng danh hiệu Chiến sĩ thi đua "
            "cấp cơ sở cho các cá nhân"
        ),
        "Lãnh đạo Ban Dân tộc tỉnh trao tặng Giấy khen của Trưởng ban Dân tộc cho các cá nhân",
    ],
    caption_after=[1, 15, 15, 15],
    author="Nguyễn Văn Nghĩa, Văn phòng",
    tags=["Công tác dân tộc"],
)

DANVAN_2022: Article = article(
    (
        "Ban Dân vận Tỉnh ủy và Ban Dân tộc tỉnh tổ chức Hội nghị ký kết Chương trình phối hợp "
        "công tác dân vận trong vùng đồng bào dân tộc thiểu số năm 2022"
    ),
    vn(2022, 2, 18),
    [
        (
            "Ngày 18/02/2022, Ban Dân vận Tỉnh ủy và Ban Dân tộc tỉnh đã tổ chức Hội nghị kết "
            "Chương trình phối hợp công tác dân vận trong vùng đồng bào dân tộc thiểu số (DTTS) "
            "năm 2022. Tham dự Hội nghị có lãnh đạo Ban Dân vận Tỉnh ủy, lãnh đạo Ban Dân tộc "
            "tỉnh, đại diện lãnh đạo UBND, Ban Dân vận, phòng Dân tộc, cơ quan phụ trách công tác "
            "dân tộc các huyện, lãnh đạo các phòng chuyên môn của 2 cơ quan. Đồng chí Lê Văn Bảo, "
            "UVBTVTU, Trưởng Ban Dân vận TU - đồng chí Võ Ngọc Thanh, Trưởng Ban Dân tộc tỉnh đồng "
            "chủ trì Hội nghị."
        ),
        (
            "Hội nghị đã nghe và thảo luận Báo cáo kết quả thực hiện Chương trình ký kết công tác "
            "năm 2021 giữa Ban Dân vận TU và Ban Dân tộc tỉnh; Báo cáo Chương trình ký kết giữa "
            "Ban Dân vận TU và Ban Dân tộc tỉnh năm 2022."
        ),
        (
            "Kết luận Hội nghị đồng chí Lê Văn Bảo, UVBTVTU, Trưởng ban Dân vận TU nhấn mạnh. "
            "Trong năm 2021, trong điều kiện cả nước nói chung và tỉnh ta nói riêng gặp nhiều khó "
            "khăn do đại dịch COVID-19 bùng phát; song Ban Dân vận Tỉnh ủy, Ban Dân tộc tỉnh và "
            "các cơ quan phụ trách công tác dân vận, công tác dân tộc cấp huyện đã phát huy trách "
            "nhiệm, có nhiều nỗ lực, cố gắng trong phối hợp thực hiện những nội dung nhiệm vụ đã "
            "đề ra trong Chương trình phối hợp thực hiện đạt nhiều kết quả tích cực, như: Tổ chức "
            "các hoạt động tuyên truyền, chuyển tải kịp thời các chủ trương, chính sách của Đảng, "
            "Nhà nước về công tác dân vận vùng đồng bào DTTS phù hợp, linh hoạt trong điều kiện "
            "tình hình dịch Covid-19 bùng phát. Tham mưu các văn bản chỉ đạo, hướng dẫn, đôn đốc "
            "các sở, ngành, địa phương liên quan triển khai thực hiện Chương trình MTQG phát triển "
            "KT-XH vùng đồng bào DTTS&MN giai đoạn I (2021-2025); thực hiện kịp thời, đầy đủ các "
            "chính sách an sinh - xã hội trong vùng đồng bào, nhất là chính sách đầu tư, hỗ trợ, "
            "giúp đồng bào bị ảnh hưởng bởi đại dịch Covid-19; phối hợp đề xuất với cấp ủy, chính "
            "quyền giải quyết những vấn đề, vụ việc nổi lên và vận động đồng bào hưởng ứng, tích "
            "cực tham gia các phong trào thi đua yêu nước, xây dựng nông thôn mới ..."
        ),
        (
            "Bên cạnh những kết quả đạt được, vẫn còn một số vấn đề còn hạn chế, khó khăn như: Một "
            "số vấn đề liên quan đến an ninh chính trị, trật tự an toàn xã hội, tôn giáo, tín "
            "ngưỡng ở trong vùng đồng bào DTTS còn tiềm ẩn những yếu tố phức tạp; việc triển khai "
            "thực hiện Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào "
            "DTTS&MN giai đoạn 2021-2025 còn nhiều vướng mắc (văn bản hướng dẫn của cấp trên chưa "
            "có); việc phối hợp rà soát, cập nhật hệ thống số liệu về đồng bào DTTS và công tác "
            "dân tộc trên địa bàn chưa thường xuyên, đầy đủ…"
        ),
        (
            "Về Chương trình phối hợp công tác dân vận trong vùng đồng bào DTTS giai đoạn "
            "2022-2025 và năm 2022 đã xác định các nhiệm vụ trọng tâm, như: Tiếp tục phối hợp tham "
            "mưu thực hiện có kết quả các Chỉ thị, Nghị quyết của Đảng về công tác dân vận vùng "
            "đồng bào DTTS; thực hiện tốt các Chương trình, dự án, chính sách dân tộc góp phần "
            "chăm lo đời sống, hỗ trợ cho đồng bào phát triển kinh tế; tập trung triển thực hiện "
            "có kết quả Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào "
            "DTTS&MN giai đoạn 2021-2025, gắn đẩy mạnh công tác phối hợp tuyên truyền, vận động "
            "đồng bào DTTS thực hiện các chủ trương của Đảng, chính sách, pháp luật của Nhà nước "
            "bằng nhiều hình thức phù hợp, linh hoạt hơn, đa đạng hơn, sát hợp với điều kiện thực "
            "tế của từng địa bàn, từng đối tượng..../."
        ),
    ],
    captions=[
        "Một số hình ảnh tại Hội nghị",
    ],
    caption_after=[5],
    author="QH. Văn phòng – Thanh tra",
    tags=["Dân vận"],
)
