"""Seed articles 003 (Lạng Sơn newspaper) and 004 (Vĩnh Phúc SharePoint), cleaned by hand."""

from replica.content import Article, article, vn

LANGSON_2021: Article = article(
    "Ban Dân tộc tỉnh triển khai nhiệm vụ năm 2021",
    vn(2021, 1, 8, 10, 15, 32),
    [
        (
            "Dự hội nghị có đồng chí Lương Trọng Quỳnh, Phó Chủ tịch UBND tỉnh; đại diện lãnh đạo "
            "các sở, ban, ngành của tỉnh, đại diện UBND các huyện, thành phố…"
        ),
        (
            "Trong năm 2020, công tác dân tộc và chính sách dân tộc tiếp tục được các cấp, các "
            "ngành quan tâm lãnh đạo, chỉ đạo thực hiện, cùng với sự cố gắng nỗ lực vươn lên của "
            "đồng bào các dân tộc trong tỉnh đã góp phần quan trọng vào thành tích chung về phát "
            "triển kinh tế – xã hội, nâng cao đời sống Nhân dân, đảm bảo kinh tế – xã hội, quốc "
            "phòng, an ninh, giữ gìn trật tự an toàn xã hội."
        ),
        (
            "Kết quả, năm 2020, đối với dự án đầu tư cơ sở hạ tầng Chương trình 135 đã khởi công "
            "mới được 112 công trình, chuyển tiếp, trả nợ được 239 công trình, duy tu, bảo dưỡng "
            "77 công trình… với tổng kinh phí trên 176 tỷ đồng; thực hiện hỗ trợ 157 dự án với "
            "tổng kinh phí gần 40 tỷ đồng; tỷ lệ hộ nghèo dân tộc thiểu số giảm còn 7,89% (giảm 3% "
            "so với năm 2019)…"
        ),
        (
            "Tại hội nghị, các đại biểu tập trung thảo luận, tham luận về kết quả thực hiện công "
            "tác dân tộc tại địa bàn các huyện, thành phố. Đồng thời đề xuất một số giải pháp "
            "triển khai tốt hơn công tác dân tộc năm 2021 như: đẩy mạnh đào tạo, tập huấn, bồi "
            "dưỡng, nâng cao năng lực cho cán bộ, công chức làm công tác dân tộc từ tỉnh đến cơ "
            "sở; tuyên truyền, nâng cao nhận thức cho đồng bào dân tộc thiểu số về quyền lợi và "
            "nghĩa vụ công dân; tăng cường huy động các nguồn lực đầu tư để đáp ứng yêu cầu mục "
            "tiêu giảm nghèo, các chính sách hỗ trợ liên quan trực tiếp đến đồng bào dân tộc thiểu "
            "số…"
        ),
        (
            "Phát biểu tại hội nghị, đồng chí Phó Chủ tịch UBND tỉnh đã ghi nhận, biểu dương kết "
            "quả đạt được trong năm 2020."
        ),
        (
            "Đồng chí yêu cầu: Ban Dân tộc tỉnh phối hợp với các sở, ban, ngành và UBND các huyện, "
            "thành phố tập trung thực hiện một số nhiệm vụ trọng tâm: đẩy mạnh tuyên truyền và cụ "
            "thể hóa nghị quyết đại hội đảng các cấp, nhiệm kỳ 2020 – 2025 vào các chương trình, "
            "kế hoạch công tác của ngành, đơn vị; tập trung cao độ tổ chức triển khai thực hiện "
            "Nghị quyết số 88/2019/QH14 ngày 18/11/2019 của Quốc hội và Nghị quyết số 12/NQ-CP "
            "ngày 15/02/2020 của Chính phủ về phê duyệt Đề án tổng thể phát triển kinh tế – xã hội "
            "vùng đồng bào dân tộc thiểu số và miền núi giai đoạn 2021-2030 trên địa bàn tỉnh; "
            "khắc phục ngay tình trạng triển khai chậm, giải ngân chậm các nguồn vốn."
        ),
        (
            "Đồng thời đẩy mạnh phong trào thi đua quần chúng bảo vệ an ninh Tổ quốc, làm tốt công "
            "tác định canh định cư, ổn định dân cư khu vực biên giới, tạo điều kiện để đồng bào "
            "dân tộc thiểu số yên tâm phát triển sản xuất, sinh sống ổn định lâu dài; tăng cường "
            "thanh tra, kiểm tra, giám sát việc tổ chức thực hiện các chính sách dân tộc; kịp thời "
            "chấn chỉnh những hạn chế, yếu kém; đảm bảo các chính sách đến với đồng bào dân tộc "
            "thiểu số được đầy đủ, kịp thời, đúng đối tượng thụ hưởng."
        ),
        (
            "Nhân dịp này, Ban Dân tộc tỉnh tặng giấy khen cho 4 tập thể và 11 cá nhân có nhiều "
            "thành tích trong công tác dân tộc năm 2020."
        ),
    ],
    lead=(
        "LSO-Sáng nay (8/1), Ban Dân tộc tỉnh tổ chức hội nghị tổng kết công tác dân tộc năm 2020, "
        "triển khai nhiệm vụ năm 2021."
    ),
    captions=[
        "Đồng chí Lương Trọng Quỳnh, Phó Chủ tịch UBND tỉnh phát biểu chỉ đạo tại hội nghị",
        (
            "Đồng chí Trưởng Ban Ban Dân tộc tỉnh tặng giấy khen cho các cá nhân có nhiều thành "
            "tích trong công tác dân tộc năm 2020"
        ),
    ],
    caption_after=[4, 7],
    author="HUY ANH",
    tags=["Công tác dân tộc", "Chương trình 135"],
)

VINHPHUC_2021: Article = article(
    (
        "Hội nghị kiểm điểm công tác chỉ đạo điều hành 6 tháng đầu năm triển khai công tác dân tộc "
        "6 tháng cuối năm 2021"
    ),
    vn(2021, 7, 9),
    [
        (
            "Thực hiện Chương trình công tác năm 2021 của Ban Dân tộc tỉnh Vĩnh Phúc, sáng ngày "
            "09/7/2021, Ban Dân tộc tỉnh đã tổ chức Hội nghị kiểm điểm công tác chỉ đạo điều hành "
            "6 tháng đầu năm và triển khai nhiệm vụ công tác dân tộc 6 tháng cuối năm 2021. Đồng "
            "chí Trần Phú Phương-Phó Trưởng ban phụ trách Ban Dân tộc chủ trì Hội nghị, tham dự "
            "Hội nghị có các đồng chí lãnh đạo Ban, lãnh đạo các phòng, bộ phận thuộc Ban Dân tộc."
        ),
        (
            "Trong 6 tháng đầu Năm 2021, Ban Dân tộc đã tham mưu với UBND tỉnh chỉ đạo các cơ "
            "quan, đơn vị, địa phương có liên quan tổ chức triển khai thực hiện các chương trình, "
            "chính sách, công tác phòng, chống dịch bệnh Covid-19 đối với đồng bào DTTS và miền "
            "núi, một số chính sách đối với đồng bào DTTS&MN được triển khai thực hiện kịp thời, "
            "hiệu quả đã góp phần phát triển kinh tế - xã hội, giữ vững ổn định chính trị và trật "
            "tự an toàn xã hội, nâng cao đời sống vật chất và tinh thần của đồng bào vùng dân tộc "
            "thiểu số và miền núi trên địa bàn tỉnh. Ban đã tham mưu với UBND tỉnh ban hành: Quyết "
            "định số 795/QĐ-UBND ngày 02/4/2021 của UBND tỉnh về phê duyệt Đề án về Tập trung tháo "
            "gỡ các điểm nghẽn, khơi thông các nguồn lực, nâng cao hiệu quả quản lý nhà nước thuộc "
            "lĩnh vực công tác dân tộc; Quyết định số 93/QĐ-UBND ngày 15/4/2021 về phê duyệt đưa "
            "ra khỏi danh sách; công nhận bổ sung, thay thế người có uy tín trong đồng bào DTTS "
            "trên địa bàn tỉnh giai đoạn 2019-2023; phê duyệt danh sách người có uy tín năm 2021; "
            "công tác phối hợp thực hiện chính sách và theo dõi, nắm tình hình vùng đồng bào dân "
            "tộc và miền núi được Ban Dân tộc và các cấp, ngành, các địa phương quan tâm thực "
            "hiện; tuyên truyền về phòng, chống dịch bệnh; tuyền truyền, vận động nhân dân vùng "
            "đồng bào dân tộc thiểu số và miền núi hưởng ứng và tích cực tham gia cuộc bầu cử Quốc "
            "hội khoá XV và hội đồng nhân dân các cấp nhiệm kỳ 2021-2026 thường xuyên, liên tục đã "
            "mang lại hiệu quả tích cực trong công tác phòng chống dịch bệnh và góp phần vào thành "
            "công của cuộc bầu cử"
        ),
        (
            "Tuy nhiên trong 6 tháng đầu năm 2021 việc triển khai thực hiện công tác dân tộc vẫn "
            "còn một số tồn tại, hạn chế, khó khăn, vướng mắc:"
        ),
        (
            "- Công tác quản lý, khai thác, sử dụng công trình nước sinh hoạt tập trung sau đầu tư "
            "giao UBND cấp xã quản lý còn nhiều hạn chế, bất cập, các công trình đầu tư cụm nước "
            "sinh hoạt thuộc chương trình 134 sau bàn giao sử dụng chưa được bố trí vốn bảo trì "
            "hàng năm nên nhiều công trình xuống cấp, ngừng hoạt động."
        ),
        (
            "- Do tình hình dịch bệnh Covid-19 tiếp tục diễn biến phức tạp, nên một số chính sách, "
            "nhiệm vụ đã xây dựng, ban hành kế hoạch từ đầu năm, nhưng chưa thể triển khai thực "
            "hiện; Việc điều chỉnh nội dung, kế hoạch một số chương trình khó khăn, đặc biệt là "
            "các nội dung liên quan đến công tác tuyên truyền, phổ biến pháp luật đối với người "
            "dân vùng đồng bào dân tộc thiểu số và miền núi."
        ),
        (
            "- Một số địa phương cấp huyện, cấp xã chưa chủ động trong triển khai thực hiện chính "
            "sách dân tộc, còn thụ động, phụ thuộc vào chỉ đạo, hướng dẫn, đôn đốc của cấp trên."
        ),
        (
            "Trong 6 tháng cuối năm 2021 cơ quan làm công tác dân tộc các cấp trong tỉnh cần tập "
            "trung thực hiện tốt một số nội dung sau đây:"
        ),
    ],
    list_items=[
        (
            "Tiếp tục phối hợp với các ngành, UBND các huyện, thành phố tham mưu thực hiện xây "
            "dựng Đề án “Phát triển bền vững kinh tế - xã hội vùng đồng bào DTTS &MN tỉnh Vĩnh "
            "Phúc giai đoạn 2021-2025, định hướng đến năm 2030” theo Nghị quyết số 88/2019/QH14 "
            "ngày 18/11/2019;"
        ),
        (
            "Tiếp tục thực hiện Quyết định số 795/QĐ-UBND ngày 02/4/2021 của UBND tỉnh về phê "
            "duyệt Đề án về Tập trung tháo gỡ các điểm nghẽn, khơi thông các nguồn lực, nâng cao "
            "hiệu quả quản lý nhà nước thuộc lĩnh vực công tác dân tộc."
        ),
        (
            "Phối hợp với Học viện Dân tộc tổ chức triển khai thực hiện Kế hoạch số 175/KH-UBND "
            "ngày 19/12/2019 của UBND tỉnh Vĩnh Phúc về thực hiện Đề án “ Bồi dưỡng kiến thức dân "
            "tộc đối với cán bộ, công chức, viên chức giai đoạn 2018-2025” trên địa bàn tỉnh năm "
            "2021."
        ),
        (
            "Tuỳ vào tình hình diễn biến của dịch bệnh để có phương án phù hợp trong việc phối hợp "
            "với Sở Giáo dục và Đào tạo tổ chức Lễ tuyên dương giáo viên, học sinh, sinh viên dân "
            "tộc thiểu số tiêu biểu suất xăc năm học 2020-2021 và tổ chức đoàn giáo viên, học sinh "
            "DTTS tiêu biểu thăm quan, học tập theo kế hoạch."
        ),
        (
            "Tổ chức Triển khai thực hiện Đề án về hỗ trợ hoạt động bình đẳng giới vùng dân tộc "
            "thiểu số giai đoạn 2018-2025, năm 2021 trên địa bàn tỉnh."
        ),
        (
            "Tổ chức thực hiện các chế độ, chính sách cho người có uy tín phù hợp với tình hình "
            "diễn biến của dịch Covid-19, đảm bảo công tác phòng, chống dịch. Trong trường hợp "
            "dịch bệnh Covid kéo dài cần thực hiện theo phương án tại Kế hoạch ứng phó tình hình "
            "dịch bệnh Covid-19 trong lĩnh vực công tác dân tộc. Thay đổi các phương pháp thực "
            "hiện chế độ, chính sách phù hợp với tình hình diễn biến thực tế của dịch Covid-19 và "
            "sự chỉ đạo của UBND tỉnh."
        ),
        (
            "Tham mưu triển khai Kế hoạch thực hiện Quyết định số 1163/QĐ-TTg của Thủ tướng Chính "
            "phủ năm 2021."
        ),
        (
            "Triển khai thực hiện Kế hoạch tổng kết thực hiện Đề án thực hiện Quyết định số "
            "2085/QĐ-TTg ngày 31/10/2017 của Chính phủ về chính sách đặc thù hỗ trợ phát triển "
            "kinh tế - xã hội vùng dân tộc thiểu số và miền núi giai đoạn 2019-2020 trên địa bàn "
            "tỉnh."
        ),
        (
            'Thực hiện Đề án "Tăng cường ứng dụng công nghệ thông tin hỗ trợ đồng bào DTTS phát '
            'triển xã hội và đảm bảo an ninh trật tự vùng đồng bào DTTS giai đoạn 2019-2020" theo '
            "Quyết định số 414/QĐ-TTg của Thủ tướng Chính phủ."
        ),
        (
            "Tiếp tục chỉ đạo triển khai thực hiện Đề án giảm thiểu tình trạng tảo hôn và hôn nhân "
            "cận huyết thống trong vùng dân tộc thiểu số trên địa bàn tỉnh năm 2021 theo kế hoạch."
        ),
    ],
    captions=[
        "Toàn cảnh hội nghị",
    ],
    caption_after=[1],
    author="Nguyễn Việt Cường-CVP-Ban Dân tộc",
    list_ordered=True,
    attachments=["Danh-sach-nguoi-co-uy-tin-2021.xlsx"],
)
