"""Written articles for the liferay, sharepoint and aspnet replicas."""

from replica.content import Article, article, vn

TN_1719: Article = article(
    (
        "Triển khai Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân "
        "tộc thiểu số và miền núi năm 2022"
    ),
    vn(2022, 3, 15, 9, 30),
    [
        (
            "Ngày 14/3, Ban Dân tộc tỉnh Thái Nguyên tổ chức Hội nghị triển khai Chương trình mục "
            "tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi "
            "giai đoạn 2021 - 2030, giai đoạn I: từ năm 2021 đến năm 2025 (Chương trình 1719) trên "
            "địa bàn tỉnh. Dự Hội nghị có lãnh đạo các sở, ngành thành viên Ban Chỉ đạo các Chương "
            "trình mục tiêu quốc gia tỉnh và Trưởng phòng Dân tộc các huyện, thành phố."
        ),
        (
            "Chương trình được Thủ tướng Chính phủ phê duyệt tại Quyết định số 1719/QĐ-TTg ngày "
            "14/10/2021, gồm 10 dự án thành phần, tập trung giải quyết các vấn đề cấp bách như đất "
            "ở, nhà ở, đất sản xuất, nước sinh hoạt; đầu tư cơ sở hạ tầng thiết yếu; phát triển "
            "sản xuất nông, lâm nghiệp bền vững gắn với chuỗi giá trị; giáo dục nghề nghiệp và "
            "giải quyết việc làm cho người dân tộc thiểu số."
        ),
        (
            "Trên địa bàn tỉnh, Chương trình được triển khai tại 125 xã thuộc vùng đồng bào dân "
            "tộc thiểu số và miền núi, trong đó có 14 xã khu vực III và 100 thôn, xóm đặc biệt khó "
            "khăn. Tổng vốn ngân sách Trung ương dự kiến phân bổ cho tỉnh năm 2022 là 412,6 tỷ "
            "đồng, gồm 287,3 tỷ đồng vốn đầu tư phát triển và 125,3 tỷ đồng vốn sự nghiệp."
        ),
        (
            "Phát biểu tại Hội nghị, đồng chí Nguyễn Thái Nam, Trưởng Ban Dân tộc tỉnh đề nghị các "
            "sở, ngành, địa phương khẩn trương rà soát đối tượng thụ hưởng, hoàn thiện hồ sơ các "
            "dự án đầu tư, bảo đảm giải ngân vốn đúng tiến độ; đồng thời tăng cường công tác kiểm "
            "tra, giám sát, công khai, minh bạch trong quá trình thực hiện."
        ),
    ],
    author="Hoàng Thị Lan, Phòng Chính sách",
    captions=[
        "Quang cảnh Hội nghị triển khai Chương trình 1719",
    ],
    caption_after=[1],
    attachments=["KH-trien-khai-CT1719-nam-2022.pdf", "Phu-luc-phan-bo-von-1719.docx"],
    tags=["Chương trình 1719"],
)

TN_TET: Article = article(
    "Thăm, tặng quà Tết người có uy tín trong đồng bào dân tộc thiểu số",
    vn(2022, 1, 25, 16, 20),
    [
        (
            "Nhân dịp đón Tết Nguyên đán Nhâm Dần 2022, từ ngày 20 đến ngày 25/01/2022, các đoàn "
            "công tác của Ban Dân tộc tỉnh đã đến thăm, chúc Tết và tặng quà người có uy tín trong "
            "đồng bào dân tộc thiểu số tại các huyện Định Hóa, Võ Nhai, Phú Lương và Đại Từ."
        ),
        (
            "Năm 2022, toàn tỉnh có 1.041 người có uy tín được phê duyệt theo Quyết định số "
            "12/2018/QĐ-TTg của Thủ tướng Chính phủ. Mỗi người được tặng một suất quà trị giá "
            "500.000 đồng bằng tiền mặt và hiện vật; tổng kinh phí trên 520 triệu đồng từ nguồn "
            "ngân sách tỉnh."
        ),
        (
            "Tại các buổi thăm, lãnh đạo Ban Dân tộc tỉnh đã thông tin tới người có uy tín về tình "
            "hình kinh tế - xã hội của tỉnh năm 2021, kết quả thực hiện các chính sách dân tộc và "
            "những nội dung chính của Chương trình mục tiêu quốc gia sẽ triển khai trong năm 2022."
        ),
        (
            "Thay mặt người có uy tín, ông Hoàng Văn Sáng, xóm Khuôn Tát, xã Phú Đình, huyện Định "
            "Hóa bày tỏ cảm ơn sự quan tâm của Đảng, Nhà nước và hứa sẽ tiếp tục vận động bà con "
            "đoàn kết, giữ gìn an ninh trật tự, chung tay xây dựng nông thôn mới."
        ),
    ],
    author="Ma Văn Tùng, Phòng Tuyên truyền và Địa bàn",
    captions=[
        "Lãnh đạo Ban Dân tộc tỉnh tặng quà người có uy tín huyện Định Hóa",
    ],
    caption_after=[1],
    tags=["Người có uy tín"],
)

TN_HOCSINH: Article = article(
    "Tuyên dương học sinh, sinh viên dân tộc thiểu số tiêu biểu, xuất sắc năm học 2021 - 2022",
    vn(2022, 8, 12, 8, 45),
    [
        (
            "Sáng ngày 11/8, Ban Dân tộc tỉnh phối hợp với Sở Giáo dục và Đào tạo tổ chức Lễ tuyên "
            "dương học sinh, sinh viên dân tộc thiểu số tiêu biểu, xuất sắc năm học 2021 - 2022."
        ),
        (
            "Năm học 2021 - 2022, dù chịu ảnh hưởng của dịch Covid-19, nhiều học sinh, sinh viên "
            "người dân tộc thiểu số của tỉnh vẫn đạt thành tích cao: 27 em đạt giải học sinh giỏi "
            "cấp tỉnh, 4 em đạt giải cấp quốc gia, 35 sinh viên tốt nghiệp loại giỏi và xuất sắc."
        ),
        (
            "Tại buổi lễ, 86 học sinh, sinh viên được tặng Giấy khen và phần thưởng trị giá từ 1 "
            "đến 2 triệu đồng mỗi suất. Nhiều em là con em các dân tộc Tày, Nùng, Dao, Sán Chay, "
            "Mông ở các xã vùng cao của huyện Võ Nhai, Định Hóa."
        ),
        (
            "Phát biểu tại buổi lễ, lãnh đạo Ban Dân tộc tỉnh mong muốn các em tiếp tục nỗ lực học "
            "tập, rèn luyện, trở thành những hạt nhân tích cực, góp phần xây dựng quê hương ngày "
            "càng giàu đẹp."
        ),
    ],
    author="Nguyễn Văn Nghĩa, Văn phòng",
    captions=[
        "Các em học sinh, sinh viên tiêu biểu nhận Giấy khen tại buổi lễ",
    ],
    caption_after=[2],
    tags=["Giáo dục"],
)

VP_TET: Article = article(
    (
        "Ban Dân tộc tỉnh thăm, chúc Tết đồng bào dân tộc thiểu số nhân dịp Tết Nguyên đán Tân Sửu "
        "2021"
    ),
    vn(2021, 2, 3),
    [
        (
            "Ngày 02/02/2021, đoàn công tác của Ban Dân tộc tỉnh Vĩnh Phúc do đồng chí Trần Phú "
            "Phương, Phó Trưởng ban phụ trách Ban Dân tộc làm Trưởng đoàn đã đến thăm, chúc Tết và "
            "tặng quà các gia đình chính sách, hộ nghèo người dân tộc thiểu số tại xã Trung Mỹ, "
            "huyện Bình Xuyên và xã Đạo Trù, huyện Tam Đảo."
        ),
        (
            "Tại các địa phương, đoàn đã trao 150 suất quà, mỗi suất trị giá 500.000 đồng, cho các "
            "hộ gia đình người dân tộc Sán Dìu có hoàn cảnh đặc biệt khó khăn. Kinh phí được trích "
            "từ nguồn ngân sách tỉnh hỗ trợ đồng bào dân tộc thiểu số đón Tết."
        ),
        (
            "Đồng chí Trần Phú Phương đề nghị cấp ủy, chính quyền địa phương tiếp tục quan tâm "
            "chăm lo đời sống vật chất, tinh thần cho đồng bào; đồng thời thực hiện nghiêm các "
            "biện pháp phòng, chống dịch Covid-19 để Nhân dân đón Tết vui tươi, an toàn."
        ),
    ],
    author="Lê Thị Hồng Nhung-Phòng Chính sách",
    captions=[
        "Đồng chí Trần Phú Phương tặng quà hộ nghèo xã Đạo Trù",
    ],
    caption_after=[1],
)

VP_UYTIN: Article = article(
    (
        "Phê duyệt danh sách người có uy tín trong đồng bào dân tộc thiểu số tỉnh Vĩnh Phúc năm "
        "2022"
    ),
    vn(2022, 3, 2),
    [
        (
            "Ngày 28/02/2022, UBND tỉnh Vĩnh Phúc ban hành Quyết định phê duyệt danh sách người có "
            "uy tín trong đồng bào dân tộc thiểu số trên địa bàn tỉnh năm 2022."
        ),
        (
            "Theo Quyết định, toàn tỉnh có 107 người có uy tín thuộc 47 thôn, xóm vùng đồng bào "
            "dân tộc thiểu số ở các huyện Tam Đảo, Lập Thạch, Sông Lô, Bình Xuyên và thành phố "
            "Phúc Yên. Người có uy tín chủ yếu là già làng, trưởng thôn, trưởng dòng họ, người làm "
            "công tác Mặt trận và các đoàn thể ở cơ sở."
        ),
        (
            "Người có uy tín được hưởng các chế độ theo Quyết định số 12/2018/QĐ-TTg của Thủ tướng "
            "Chính phủ như cung cấp thông tin, tập huấn, bồi dưỡng kiến thức; thăm hỏi, tặng quà "
            "nhân dịp lễ, Tết; hỗ trợ khi ốm đau, gặp khó khăn."
        ),
        (
            "Ban Dân tộc tỉnh được giao chủ trì, phối hợp với các sở, ngành, UBND các huyện, thành "
            "phố triển khai thực hiện chính sách, bảo đảm kịp thời, đúng đối tượng."
        ),
    ],
    author="Nguyễn Việt Cường-CVP-Ban Dân tộc",
    attachments=["QD-phe-duyet-nguoi-co-uy-tin-2022.pdf"],
)

BD_HOCBONG: Article = article(
    "Trao học bổng cho học sinh dân tộc thiểu số có hoàn cảnh khó khăn",
    vn(2022, 8, 24),
    [
        (
            "Ngày 23/8/2022, tại huyện Vĩnh Thạnh, Ban Dân tộc tỉnh phối hợp với Quỹ Bảo trợ trẻ "
            "em tỉnh tổ chức trao học bổng cho học sinh dân tộc thiểu số có hoàn cảnh khó khăn, "
            "vượt khó học tốt năm học 2022 - 2023."
        ),
        (
            "Đợt này có 120 suất học bổng được trao cho học sinh người Bana, Hrê, Chăm của ba "
            "huyện miền núi An Lão, Vĩnh Thạnh và Vân Canh, mỗi suất trị giá 1.000.000 đồng kèm "
            "theo sách vở, đồ dùng học tập."
        ),
        (
            "Phát biểu tại buổi lễ, đại diện lãnh đạo Ban Dân tộc tỉnh động viên các em khắc phục "
            "khó khăn, chuyên cần học tập; đề nghị gia đình, nhà trường quan tâm hơn nữa để các em "
            "không bỏ học giữa chừng."
        ),
        (
            "Dịp này, Ban Dân tộc tỉnh cũng thông báo điều kiện xét cấp học bổng năm 2023 để các "
            "trường, địa phương chủ động giới thiệu học sinh:"
        ),
    ],
    author="Đinh Thị Xuân - Phòng Chính sách",
    list_items=[
        (
            "Là học sinh người dân tộc thiểu số đang học tại các trường trên địa bàn ba huyện miền "
            "núi;"
        ),
        "Có hoàn cảnh gia đình khó khăn, thuộc hộ nghèo hoặc cận nghèo;",
        "Đạt học lực khá trở lên và hạnh kiểm tốt trong năm học trước.",
    ],
    captions=[
        "Đại diện Ban Dân tộc tỉnh trao học bổng cho các em học sinh",
    ],
    caption_after=[1],
    attachments=["Thong-bao-hoc-bong-2023.docx"],
)

BD_KIEMTRA: Article = article(
    "Kiểm tra tình hình thực hiện chính sách dân tộc tại huyện An Lão",
    vn(2021, 5, 5),
    [
        (
            "Từ ngày 26 đến 28/4/2021, Đoàn kiểm tra của Ban Dân tộc tỉnh đã làm việc với UBND "
            "huyện An Lão và một số xã về tình hình thực hiện các chương trình, chính sách dân tộc "
            "năm 2020 và quý I năm 2021."
        ),
        (
            "Theo báo cáo, năm 2020 huyện đã thực hiện hỗ trợ phát triển sản xuất cho 1.250 hộ với "
            "kinh phí 6,2 tỷ đồng; đầu tư 18 công trình hạ tầng thuộc Chương trình 135; cấp phát "
            "đầy đủ các ấn phẩm báo, tạp chí cho vùng đồng bào dân tộc thiểu số."
        ),
        (
            "Qua kiểm tra thực tế tại xã An Toàn và xã An Nghĩa, đoàn ghi nhận các công trình được "
            "đầu tư đúng mục đích, phát huy hiệu quả; tuy nhiên một số mô hình chăn nuôi bò sinh "
            "sản còn chậm nhân rộng, hồ sơ thanh quyết toán ở cấp xã chưa đầy đủ."
        ),
        (
            "Kết luận buổi làm việc, Trưởng đoàn đề nghị huyện chỉ đạo các xã khắc phục ngay những "
            "tồn tại, hạn chế; chuẩn bị tốt các điều kiện để triển khai Chương trình mục tiêu quốc "
            "gia giai đoạn 2021 - 2025."
        ),
    ],
    author="Phan Văn Hùng - Thanh tra Ban",
    captions=[
        "Đoàn kiểm tra làm việc tại xã An Toàn",
    ],
    caption_after=[3],
)
