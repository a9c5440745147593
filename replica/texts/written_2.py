"""Written articles for the joomla and wordpress replicas."""

from replica.content import Article, article, vn

HG_TAPHUAN: Article = article(
    "Tập huấn nâng cao năng lực cho người có uy tín năm 2017",
    vn(2017, 6, 30),
    [
        (
            "Từ ngày 27 đến 29/6/2017, Ban Dân tộc tỉnh Hà Giang tổ chức 3 lớp tập huấn nâng cao "
            "năng lực cho người có uy tín trong đồng bào dân tộc thiểu số tại các huyện Đồng Văn, "
            "Mèo Vạc và Yên Minh."
        ),
        (
            "Hơn 300 học viên là già làng, trưởng thôn, trưởng dòng họ người Mông, Dao, Lô Lô được "
            "phổ biến những nội dung cơ bản về chính sách dân tộc, pháp luật về đất đai, phòng "
            "chống mua bán người và kỹ năng hòa giải ở cơ sở."
        ),
        (
            "Các học viên cũng được trao đổi kinh nghiệm vận động đồng bào xóa bỏ hủ tục lạc hậu, "
            "không nghe theo kẻ xấu tuyên truyền, tích cực tham gia bảo vệ an ninh biên giới."
        ),
        (
            "Kết thúc lớp tập huấn, các học viên được cấp giấy chứng nhận và tài liệu tuyên truyền "
            "bằng song ngữ Việt - Mông."
        ),
    ],
    author="Hoàng Văn Minh",
    captions=[
        "Quang cảnh lớp tập huấn tại huyện Mèo Vạc",
    ],
    caption_after=[1],
)

HG_MUOI: Article = article(
    "Cấp phát muối i-ốt cho đồng bào vùng đặc biệt khó khăn",
    vn(2017, 8, 17),
    [
        (
            "Thực hiện chính sách hỗ trợ muối i-ốt cho người dân vùng dân tộc thiểu số và miền "
            "núi, trong tháng 8/2017, Ban Dân tộc tỉnh phối hợp với Công ty Cổ phần Muối và Thương "
            "mại Hà Giang cấp phát 420 tấn muối i-ốt đến các xã đặc biệt khó khăn."
        ),
        (
            "Mỗi nhân khẩu được hỗ trợ 5 kg muối i-ốt mỗi năm. Muối được vận chuyển đến tận trung "
            "tâm các xã, sau đó chính quyền xã tổ chức cấp phát đến từng thôn, bản bảo đảm đúng "
            "đối tượng, công khai, minh bạch."
        ),
        (
            "Chính sách góp phần phòng, chống bệnh bướu cổ, nâng cao sức khỏe cho đồng bào, đặc "
            "biệt ở những thôn vùng cao, xa trung tâm, giao thông đi lại khó khăn."
        ),
    ],
    author="Lù Thị Dung",
)

HG_2085: Article = article(
    (
        "Triển khai Quyết định 2085/QĐ-TTg về chính sách đặc thù hỗ trợ phát triển kinh tế - xã "
        "hội vùng dân tộc thiểu số"
    ),
    vn(2017, 11, 23),
    [
        (
            "Ngày 22/11/2017, Ban Dân tộc tỉnh tổ chức Hội nghị triển khai Quyết định số "
            "2085/QĐ-TTg ngày 31/10/2016 của Thủ tướng Chính phủ phê duyệt chính sách đặc thù hỗ "
            "trợ phát triển kinh tế - xã hội vùng dân tộc thiểu số và miền núi giai đoạn 2017 - "
            "2020."
        ),
        (
            "Chính sách hỗ trợ đất ở, đất sản xuất, nước sinh hoạt phân tán, chuyển đổi nghề và "
            "vay vốn tín dụng ưu đãi cho hộ đồng bào dân tộc thiểu số nghèo, hộ nghèo ở xã, thôn "
            "đặc biệt khó khăn. Mức vay tối đa 50 triệu đồng mỗi hộ, lãi suất 0,1%/năm."
        ),
        (
            "Đến nay, các huyện đã rà soát, lập danh sách 12.460 hộ có nhu cầu hỗ trợ; tổng nhu "
            "cầu vốn ước tính trên 420 tỷ đồng."
        ),
        (
            "Hội nghị đề nghị UBND các huyện, thành phố khẩn trương phê duyệt đề án, phân bổ vốn "
            "ngay khi được giao kế hoạch, tránh để tồn đọng kéo dài."
        ),
    ],
    author="Hoàng Văn Minh",
    attachments=["QD-2085-TTg.pdf"],
)

KT_GIAINGAN: Article = article(
    "Kon Tum: Giải ngân vốn Chương trình mục tiêu quốc gia 1719 đạt hơn 70%",
    vn(2024, 10, 31, 11, 14),
    [
        (
            "Tính đến ngày 25/10/2024, tỉnh Kon Tum đã giải ngân hơn 612 tỷ đồng vốn thực hiện "
            "Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc "
            "thiểu số và miền núi, đạt 71,4% kế hoạch vốn được giao."
        ),
        (
            "Trong đó, vốn đầu tư phát triển giải ngân 389 tỷ đồng, đạt 78,2%; vốn sự nghiệp giải "
            "ngân 223 tỷ đồng, đạt 61,8%. Các huyện có tỷ lệ giải ngân cao là Kon Plông, Tu Mơ "
            "Rông và Đăk Glei."
        ),
        (
            "Nhờ nguồn vốn của Chương trình, nhiều hộ đồng bào Xơ Đăng, Ba Na, Gia Rai đã được hỗ "
            "trợ đất sản xuất, nhà ở, nước sinh hoạt; hàng trăm công trình đường giao thông nông "
            "thôn, trường học, nhà văn hóa được xây dựng mới."
        ),
        (
            "Ban Dân tộc tỉnh đề nghị các chủ đầu tư đẩy nhanh tiến độ thực hiện các dự án, tiểu "
            "dự án, phấn đấu giải ngân 100% kế hoạch vốn năm 2024 trước ngày 31/01/2025."
        ),
    ],
    author="Y Liên",
    captions=[
        (
            "Đường giao thông nông thôn tại xã Đăk Ring, huyện Kon Plông được đầu tư từ Chương "
            "trình"
        ),
    ],
    caption_after=[3],
    attachments=["Bao-cao-giai-ngan-1719-thang-10-2024.pdf"],
    tags=["Chương trình 1719"],
)

KT_NHAO: Article = article(
    "Hỗ trợ nhà ở cho hộ nghèo đồng bào dân tộc thiểu số huyện Kon Plông",
    vn(2024, 9, 18, 15, 40),
    [
        (
            "Năm 2024, huyện Kon Plông được phân bổ 9,6 tỷ đồng từ Dự án 1 của Chương trình mục "
            "tiêu quốc gia để hỗ trợ xây dựng mới 240 căn nhà cho hộ nghèo đồng bào dân tộc thiểu "
            "số, mỗi căn được hỗ trợ 40 triệu đồng."
        ),
        (
            "Đến nay đã có 185 căn nhà hoàn thành, đưa vào sử dụng. Nhiều gia đình được họ hàng, "
            "làng xóm góp công, góp vật liệu để xây dựng nhà kiên cố, diện tích từ 40 đến 60 m²."
        ),
        (
            "Anh A Phiên ở làng Vi Klâng, xã Đăk Long phấn khởi: “Có nhà mới rồi, vợ chồng tôi yên "
            "tâm làm ăn, cho các con đi học đầy đủ”."
        ),
    ],
    author="Trần Thị Hà",
    tags=["Chương trình 1719", "Nhà ở"],
)

KT_TUYENDUONG: Article = article(
    "Tuyên dương học sinh, sinh viên dân tộc thiểu số xuất sắc năm 2024",
    vn(2024, 8, 22, 9, 5),
    [
        (
            "Ngày 21/8/2024, Ban Dân tộc tỉnh Kon Tum phối hợp với Sở Giáo dục và Đào tạo tổ chức "
            "Lễ tuyên dương học sinh, sinh viên dân tộc thiểu số xuất sắc năm 2024."
        ),
        (
            "85 em học sinh, sinh viên được tuyên dương, trong đó có 12 em đạt giải học sinh giỏi "
            "cấp quốc gia và cấp tỉnh, 18 sinh viên tốt nghiệp đại học loại giỏi trở lên. Mỗi em "
            "được tặng Giấy khen và phần thưởng trị giá 2 triệu đồng."
        ),
        (
            "Em Y Ngọc Linh, học sinh Trường Phổ thông Dân tộc nội trú tỉnh, đạt giải Nhì học sinh "
            "giỏi quốc gia môn Ngữ văn chia sẻ em mong muốn trở thành giáo viên để về dạy học ở "
            "quê hương."
        ),
        (
            "Dịp này, Ban Dân tộc tỉnh cũng trao 50 suất học bổng cho học sinh có hoàn cảnh khó "
            "khăn, mỗi suất 1 triệu đồng."
        ),
    ],
    author="Y Liên",
    tags=["Giáo dục"],
)
