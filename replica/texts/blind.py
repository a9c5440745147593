"""Written articles of the two blind-test replicas: portal_dnn (Cao Bằng) and liferay7 (Lâm Đồng).

Nothing here is reused from another replica; names of people are invented.
"""

from replica.content import Article, article, vn

# --------------------------------------------------------------------------- portal_dnn
CB_TONGKET_2015: Article = article(
    "Ban Dân tộc tỉnh Cao Bằng tổng kết công tác dân tộc năm 2015",
    vn(2016, 1, 6, 15, 30),
    [
        (
            "Năm 2015, Ban Dân tộc đã tham mưu cho UBND tỉnh triển khai đồng bộ các chương trình, "
            "chính sách dân tộc trên địa bàn 13 huyện, thành phố. Chương trình 135 đã hỗ trợ đầu "
            "tư xây dựng 186 công trình cơ sở hạ tầng với tổng kinh phí trên 142 tỷ đồng, trong đó "
            "có 97 công trình đường giao thông nông thôn, 31 công trình thủy lợi nhỏ và 58 công "
            "trình trường học, nhà văn hóa xóm."
        ),
        (
            "Chính sách hỗ trợ trực tiếp cho người dân thuộc hộ nghèo ở vùng khó khăn theo Quyết "
            "định số 102/2009/QĐ-TTg được thực hiện kịp thời với tổng kinh phí 38,6 tỷ đồng, chủ "
            "yếu bằng giống cây trồng, phân bón và muối i-ốt. Tỷ lệ hộ nghèo vùng đồng bào dân tộc "
            "thiểu số giảm 4,2% so với năm 2014."
        ),
        (
            "Bên cạnh kết quả đạt được, hội nghị cũng chỉ ra một số hạn chế: việc lồng ghép các "
            "nguồn vốn ở một số địa phương chưa hiệu quả; công tác kiểm tra, giám sát sau đầu tư "
            "chưa thường xuyên; đời sống của một bộ phận đồng bào vùng cao biên giới còn nhiều khó "
            "khăn."
        ),
        (
            "Phát biểu chỉ đạo hội nghị, đồng chí Phó Chủ tịch UBND tỉnh đề nghị Ban Dân tộc tiếp "
            "tục nâng cao chất lượng tham mưu, phối hợp chặt chẽ với các huyện biên giới trong "
            "việc nắm bắt tình hình, kịp thời đề xuất giải quyết những vấn đề bức xúc phát sinh "
            "trong vùng đồng bào dân tộc thiểu số."
        ),
    ],
    lead=(
        "Chiều ngày 05/01/2016, Ban Dân tộc tỉnh Cao Bằng tổ chức Hội nghị tổng kết công tác dân "
        "tộc năm 2015, triển khai nhiệm vụ năm 2016. Dự hội nghị có đại diện lãnh đạo Ủy ban Dân "
        "tộc, lãnh đạo UBND tỉnh và các sở, ngành liên quan."
    ),
    author="Hoàng Thị Lan - Văn phòng Ban",
    captions=["Toàn cảnh Hội nghị tổng kết công tác dân tộc năm 2015"],
    caption_after=[1],
    tags=["Công tác dân tộc"],
)

CB_DAIHOI_2019: Article = article(
    "Đại hội đại biểu các dân tộc thiểu số tỉnh Cao Bằng lần thứ III, năm 2019",
    vn(2019, 10, 14, 8, 47, 22),
    [
        (
            "Đại biểu về dự Đại hội thuộc các dân tộc Tày, Nùng, Mông, Dao, Sán Chỉ, Lô Lô, Kinh "
            "và một số dân tộc khác, trong đó có nhiều già làng, trưởng bản, người có uy tín, cán "
            "bộ cơ sở, doanh nhân và học sinh, sinh viên tiêu biểu."
        ),
        (
            "Báo cáo tại Đại hội cho thấy, giai đoạn 2014 - 2019, diện mạo vùng đồng bào dân tộc "
            "thiểu số của tỉnh có nhiều đổi mới: 100% xã có đường ô tô đến trung tâm, 98,5% số hộ "
            "được sử dụng điện lưới quốc gia, tỷ lệ hộ nghèo giảm bình quân 4,5%/năm."
        ),
        (
            "Đại hội đã thảo luận, thống nhất các mục tiêu, nhiệm vụ giai đoạn 2019 - 2024, trong "
            "đó tập trung vào các nội dung sau:"
        ),
        (
            "Dịp này, Đại hội đã biểu dương, khen thưởng 52 tập thể và 109 cá nhân có thành tích "
            "xuất sắc trong thực hiện công tác dân tộc và chính sách dân tộc; bầu đoàn đại biểu "
            "gồm 18 đồng chí đi dự Đại hội đại biểu toàn quốc các dân tộc thiểu số Việt Nam lần "
            "thứ II."
        ),
    ],
    lead=(
        "Trong hai ngày 10 và 11/10/2019, tại Trung tâm Hội nghị tỉnh, Đại hội đại biểu các dân "
        "tộc thiểu số tỉnh Cao Bằng lần thứ III, năm 2019 đã diễn ra trang trọng với sự tham dự "
        "của 350 đại biểu chính thức đại diện cho hơn 490 nghìn đồng bào các dân tộc trong tỉnh."
    ),
    author="Nông Văn Thịnh - Phòng Tuyên truyền",
    list_items=[
        (
            "Phát huy sức mạnh khối đại đoàn kết các dân tộc, giữ vững an ninh chính trị vùng biên "
            "giới;"
        ),
        "Huy động mọi nguồn lực đầu tư phát triển kinh tế - xã hội, giảm nghèo bền vững;",
        (
            "Bảo tồn và phát huy các giá trị văn hóa truyền thống tốt đẹp của đồng bào các dân tộc."
        ),
    ],
    list_after=3,
    list_ordered=True,
    captions=[
        (
            "Các đại biểu dân tộc thiểu số tiêu biểu được tặng Bằng khen của Chủ tịch UBND tỉnh "
            "tại Đại hội"
        ),
    ],
    caption_after=[2],
    tags=["Đại hội", "Công tác dân tộc"],
)

CB_THANHLAP_SO: Article = article(
    "Công bố Quyết định thành lập Sở Dân tộc và Tôn giáo tỉnh Cao Bằng",
    vn(2025, 3, 3, 10, 0),
    [
        (
            "Theo Quyết định, Sở Dân tộc và Tôn giáo là cơ quan chuyên môn thuộc UBND tỉnh, tham "
            "mưu, giúp UBND tỉnh quản lý nhà nước về công tác dân tộc; tín ngưỡng, tôn giáo; thực "
            "hiện các nhiệm vụ, quyền hạn theo sự phân cấp, ủy quyền của UBND tỉnh."
        ),
        (
            "Cơ cấu tổ chức của Sở gồm Văn phòng, Thanh tra, Phòng Chính sách dân tộc, Phòng Tuyên "
            "truyền và Địa bàn, Phòng Quản lý tôn giáo. Hội nghị cũng công bố các quyết định bổ "
            "nhiệm Giám đốc và 02 Phó Giám đốc Sở."
        ),
        (
            "Phát biểu tại hội nghị, đồng chí Chủ tịch UBND tỉnh yêu cầu Sở khẩn trương ổn định tổ "
            "chức bộ máy, không để gián đoạn công việc, nhất là việc thực hiện Chương trình mục "
            "tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi "
            "và giải quyết các thủ tục hành chính lĩnh vực tôn giáo cho tổ chức, cá nhân."
        ),
        (
            "Thay mặt tập thể cán bộ, công chức, người lao động của Sở, đồng chí Giám đốc Sở Dân "
            "tộc và Tôn giáo cam kết tiếp tục đoàn kết, đổi mới phương thức làm việc, hoàn thành "
            "tốt nhiệm vụ được giao."
        ),
    ],
    lead=(
        "Sáng 01/3/2025, UBND tỉnh Cao Bằng tổ chức Hội nghị công bố Quyết định thành lập Sở Dân "
        "tộc và Tôn giáo trên cơ sở tiếp nhận chức năng, nhiệm vụ quản lý nhà nước về tín ngưỡng, "
        "tôn giáo từ Sở Nội vụ và tổ chức lại Ban Dân tộc tỉnh."
    ),
    modified=vn(2025, 3, 5, 16, 20, 5),
    author="Bế Thu Hà - Văn phòng Sở",
    captions=[
        "Lãnh đạo UBND tỉnh trao Quyết định thành lập Sở Dân tộc và Tôn giáo tỉnh Cao Bằng",
    ],
    caption_after=[1],
    attachments=["QD-thanh-lap-So-DTTG-Cao-Bang.pdf"],
    tags=["Tổ chức bộ máy"],
)

CB_CTMTQG_2026: Article = article(
    "Cao Bằng triển khai Chương trình mục tiêu quốc gia vùng đồng bào dân tộc thiểu số "
    "giai đoạn 2026 - 2030",
    vn(2026, 4, 10, 12, 5),
    [
        (
            "Ngày 09/4/2026, Sở Dân tộc và Tôn giáo tỉnh Cao Bằng tổ chức hội nghị hướng dẫn triển "
            "khai Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc "
            "thiểu số và miền núi giai đoạn 2026 - 2030 cho các xã, phường sau sắp xếp đơn vị hành "
            "chính."
        ),
        (
            "Theo kế hoạch, năm 2026 tỉnh dự kiến được phân bổ hơn 1.100 tỷ đồng từ ngân sách "
            "trung ương để thực hiện Chương trình. Các nội dung ưu tiên gồm:"
        ),
        (
            "Tại hội nghị, đại diện các xã đề nghị sớm có hướng dẫn về định mức hỗ trợ và quy "
            "trình thanh, quyết toán, tránh tình trạng vốn giao muộn, giải ngân chậm như giai đoạn "
            "trước."
        ),
        (
            "Lãnh đạo Sở Dân tộc và Tôn giáo cho biết, Sở sẽ thành lập tổ công tác thường xuyên "
            "làm việc với các xã khu vực biên giới, kịp thời tháo gỡ vướng mắc ngay từ khâu lập kế "
            "hoạch."
        ),
    ],
    author="Lục Văn Toàn - Phòng Chính sách dân tộc",
    list_items=[
        (
            "Hỗ trợ đất ở, nhà ở, đất sản xuất và nước sinh hoạt cho hộ đồng bào dân tộc thiểu số "
            "nghèo;"
        ),
        (
            "Sắp xếp, bố trí ổn định dân cư ở những nơi cần thiết, nhất là khu vực có nguy cơ sạt "
            "lở;"
        ),
        (
            "Phát triển sản xuất theo chuỗi giá trị gắn với các sản phẩm đặc trưng như hạt dẻ "
            "Trùng Khánh, miến dong Nguyên Bình;"
        ),
        "Đào tạo nghề, tạo việc làm cho lao động trẻ người dân tộc thiểu số.",
    ],
    list_after=2,
    captions=["Quang cảnh hội nghị hướng dẫn triển khai Chương trình"],
    caption_after=[1],
    attachments=["Huong-dan-thuc-hien-CTMTQG-2026.doc"],
    tags=["Chương trình MTQG"],
)

CB_TAPHUAN_TONGIAO: Article = article(
    "Tập huấn công tác tín ngưỡng, tôn giáo cho cán bộ cấp xã năm 2026",
    vn(2026, 11, 2, 9, 15),
    [
        (
            "Các học viên được truyền đạt những nội dung cơ bản của Luật Tín ngưỡng, tôn giáo năm "
            "2016 và Nghị định số 95/2023/NĐ-CP quy định chi tiết và biện pháp thi hành Luật; kỹ "
            "năng giải quyết các tình huống phát sinh liên quan đến hoạt động tín ngưỡng, tôn giáo "
            "ở cơ sở."
        ),
        (
            "Báo cáo viên cũng thông tin về tình hình tôn giáo trên địa bàn tỉnh: hiện có 5 tôn "
            "giáo được Nhà nước công nhận hoạt động với khoảng 7.800 tín đồ, chủ yếu là Công giáo, "
            "Tin lành và Phật giáo; các hoạt động tôn giáo cơ bản tuân thủ quy định của pháp luật."
        ),
        (
            "Qua tập huấn, đội ngũ cán bộ cơ sở nâng cao nhận thức, chủ động hơn trong quản lý nhà "
            "nước về tín ngưỡng, tôn giáo, góp phần giữ vững ổn định chính trị, trật tự an toàn xã "
            "hội vùng đồng bào dân tộc thiểu số."
        ),
    ],
    lead=(
        "Từ ngày 28 đến 30/10/2026, Sở Dân tộc và Tôn giáo tỉnh Cao Bằng tổ chức 03 lớp tập huấn "
        "nghiệp vụ công tác tín ngưỡng, tôn giáo cho gần 400 học viên là cán bộ, công chức cấp xã."
    ),
    author="Đàm Thị Huyền - Phòng Quản lý tôn giáo",
    captions=["Quang cảnh lớp tập huấn tại Trường Chính trị Hoàng Đình Giong"],
    caption_after=[2],
    tags=["Tôn giáo"],
)

# ----------------------------------------------------------------------------- liferay7
LD_UYTIN_2024: Article = article(
    "Tuyên dương 120 người có uy tín tiêu biểu trong đồng bào dân tộc thiểu số tỉnh Lâm Đồng "
    "năm 2024",
    vn(2024, 10, 31, 11, 14),
    [
        (
            "Tham dự hội nghị có 120 đại biểu là già làng, trưởng thôn, chức sắc tôn giáo, nhân sĩ "
            "trí thức người K'Ho, Mạ, Chu Ru, M'nông và các dân tộc thiểu số khác đến từ 12 huyện, "
            "thành phố trong tỉnh."
        ),
        (
            "Năm 2024, toàn tỉnh có 1.014 người có uy tín được bình chọn, công nhận. Đội ngũ này "
            "đã tham gia hòa giải thành công 187 vụ việc mâu thuẫn trong cộng đồng, vận động đồng "
            "bào hiến hơn 35.000 m² đất để làm đường giao thông, xây dựng nhà văn hóa thôn."
        ),
        (
            "Ông K'Brơi, người có uy tín ở xã Lát, huyện Lạc Dương chia sẻ: điều quan trọng nhất "
            "là nói cho bà con hiểu và làm theo, từ việc cho con đến trường đến việc trồng cà phê, "
            "rau hoa theo hướng sạch."
        ),
        (
            "Dịp này, Ban Dân tộc tỉnh tặng Giấy khen cho 45 người có uy tín có thành tích xuất "
            "sắc trong phong trào thi đua và công tác vận động quần chúng."
        ),
    ],
    lead=(
        "Ngày 30/10/2024, Ban Dân tộc tỉnh Lâm Đồng tổ chức Hội nghị gặp mặt, biểu dương người có "
        "uy tín tiêu biểu trong đồng bào dân tộc thiểu số năm 2024."
    ),
    author="Nguyễn Văn Nghĩa, Văn phòng",
    captions=["Lãnh đạo Ban Dân tộc tỉnh tặng Giấy khen cho người có uy tín tiêu biểu"],
    caption_after=[2],
    tags=["Người có uy tín"],
)

LD_HOPNHAT_2025: Article = article(
    "Sở Dân tộc và Tôn giáo tỉnh Lâm Đồng triển khai nhiệm vụ sau hợp nhất",
    vn(2025, 7, 15, 9, 30),
    [
        (
            "Sở Dân tộc và Tôn giáo tỉnh Lâm Đồng (mới) được hợp nhất từ ba Sở Dân tộc và Tôn giáo "
            "của các tỉnh cũ, với 86 công chức và người lao động, làm việc tại hai cơ sở ở phường "
            "Xuân Hương - Đà Lạt và phường Bắc Gia Nghĩa."
        ),
        (
            "Toàn tỉnh hiện có 49 dân tộc cùng sinh sống, đồng bào dân tộc thiểu số chiếm khoảng "
            "22% dân số, tập trung đông ở các xã vùng cao của Lâm Đồng cũ và Đắk Nông cũ, cùng "
            "cộng đồng người Chăm, Raglai ở khu vực Bình Thuận cũ."
        ),
        (
            "Trước mắt, Sở tập trung rà soát, chuẩn hóa cơ sở dữ liệu về đối tượng thụ hưởng chính "
            "sách, tiếp tục giải ngân nguồn vốn Chương trình mục tiêu quốc gia năm 2025 và hướng "
            "dẫn các xã mới thực hiện thủ tục hành chính trong lĩnh vực tôn giáo."
        ),
    ],
    lead=(
        "Sau khi tỉnh Lâm Đồng mới được thành lập trên cơ sở hợp nhất ba tỉnh Lâm Đồng, Đắk Nông "
        "và Bình Thuận, Sở Dân tộc và Tôn giáo tỉnh đã nhanh chóng ổn định tổ chức, bảo đảm hoạt "
        "động thông suốt từ ngày 01/7/2025."
    ),
    author="Minh Châu, Phòng Tuyên truyền",
    captions=["Lãnh đạo Sở Dân tộc và Tôn giáo tỉnh Lâm Đồng họp triển khai nhiệm vụ"],
    caption_after=[1],
    tags=["Tổ chức bộ máy"],
)

LD_TET_2026: Article = article(
    "Thăm, chúc Tết Bính Ngọ 2026 người có uy tín tại các xã vùng cao",
    vn(2026, 1, 30, 15, 17),
    [
        (
            "Từ ngày 26 đến 30/01/2026, các đoàn công tác của Sở Dân tộc và Tôn giáo tỉnh Lâm Đồng "
            "đã đến thăm, tặng quà Tết cho 1.250 người có uy tín trong đồng bào dân tộc thiểu số "
            "tại 68 xã, phường trên địa bàn tỉnh."
        ),
        (
            "Mỗi suất quà trị giá 500.000 đồng cùng các ấn phẩm báo chí, lịch Tết. Tại xã Đam "
            "Rông, xã Quảng Trực và xã Phan Sơn, đoàn công tác đã trò chuyện, lắng nghe ý kiến của "
            "già làng, trưởng thôn về tình hình đời sống, sản xuất của bà con trước thềm năm mới."
        ),
        (
            "Già làng Điểu K'Lơ ở xã Quảng Trực bày tỏ niềm vui khi được Đảng, Nhà nước quan tâm, "
            "đồng thời hứa sẽ tiếp tục vận động con cháu giữ gìn an ninh biên giới, không nghe "
            "theo kẻ xấu."
        ),
        (
            "Dịp này, Sở cũng phối hợp với các doanh nghiệp trao 300 suất quà cho hộ nghèo, hộ có "
            "hoàn cảnh khó khăn với tổng trị giá hơn 240 triệu đồng."
        ),
    ],
    author="Ka Thị Hương, Phòng Chính sách dân tộc",
    captions=["Đoàn công tác thăm, tặng quà Tết người có uy tín tại xã Quảng Trực"],
    caption_after=[1],
    attachments=["Danh-sach-nguoi-co-uy-tin-nhan-qua-Tet-2026.xlsx"],
    tags=["Người có uy tín", "Tết"],
)

LD_KATE_2026: Article = article(
    "Đồng bào Chăm vui đón Lễ hội Katê năm 2026",
    vn(2026, 10, 12, 8, 5),
    [
        (
            "Lễ hội Katê được tổ chức vào đầu tháng 7 theo lịch Chăm, nhằm tưởng nhớ các vị thần "
            "và tổ tiên. Tại đền Pô Sah Inư và tháp Pô Dam, nghi lễ rước y trang từ làng về đền, "
            "tháp diễn ra trang nghiêm với sự tham gia của các chức sắc và đông đảo bà con."
        ),
        (
            "Sở Dân tộc và Tôn giáo đã phối hợp với chính quyền các xã, phường bảo đảm an ninh "
            "trật tự, vệ sinh môi trường, tạo điều kiện để đồng bào tổ chức lễ hội đúng phong tục, "
            "tiết kiệm, an toàn."
        ),
        (
            "Nhân dịp Lễ hội, lãnh đạo tỉnh đã đến thăm, chúc mừng Hội đồng Chức sắc Bà-la-môn và "
            "một số gia đình tiêu biểu, tặng quà các chức sắc, người có uy tín trong đồng bào Chăm."
        ),
    ],
    lead=(
        "Những ngày này, tại các đền, tháp Chăm ở khu vực Bình Thuận cũ, đồng bào Chăm theo đạo "
        "Bà-la-môn nô nức tổ chức Lễ hội Katê truyền thống năm 2026."
    ),
    author="Hồng Nhung, Phòng Tuyên truyền và Địa bàn",
    captions=[
        "Nghi lễ rước y trang tại tháp Pô Dam",
        "Đồng bào Chăm múa hát mừng Lễ hội Katê",
    ],
    caption_after=[1, 3],
    tags=["Tôn giáo", "Lễ hội"],
)

LD_BOIDUONG_2026: Article = article(
    "Tập huấn nghiệp vụ công tác dân tộc cho cán bộ cấp xã sau sắp xếp",
    vn(2026, 11, 18, 14, 2),
    [
        (
            "Trong hai ngày 17 và 18/11/2026, Sở Dân tộc và Tôn giáo tỉnh Lâm Đồng phối hợp với "
            "Học viện Dân tộc tổ chức lớp bồi dưỡng kiến thức, nghiệp vụ công tác dân tộc cho 150 "
            "cán bộ, công chức các xã vùng đồng bào dân tộc thiểu số."
        ),
        (
            "Nội dung bồi dưỡng tập trung vào chủ trương, chính sách của Đảng và Nhà nước về công "
            "tác dân tộc; kỹ năng vận động quần chúng; quy trình lập kế hoạch, tổ chức thực hiện "
            "và giám sát các dự án thuộc Chương trình mục tiêu quốc gia giai đoạn 2026 - 2030."
        ),
        (
            "Nhiều học viên cho rằng, sau khi sắp xếp đơn vị hành chính, địa bàn xã rộng hơn, số "
            "thôn, bon, buôn tăng lên nên cán bộ cần được trang bị thêm kỹ năng nắm bắt tình hình "
            "và tiếng nói của đồng bào."
        ),
    ],
    list_items=[
        "Chuyên đề 1: Tổng quan về dân tộc và quan hệ dân tộc ở Việt Nam.",
        "Chuyên đề 2: Chính sách dân tộc giai đoạn 2026 - 2030.",
        "Chuyên đề 3: Kỹ năng tuyên truyền, vận động đồng bào dân tộc thiểu số.",
    ],
    author="Thu Trang, Văn phòng Sở",
    list_after=2,
    attachments=["Chuong-trinh-boi-duong-2026.pdf"],
    tags=["Bồi dưỡng"],
)

BLIND_ARTICLES: dict[str, list[Article]] = {
    "portal_dnn": [
        CB_TONGKET_2015,
        CB_DAIHOI_2019,
        CB_THANHLAP_SO,
        CB_CTMTQG_2026,
        CB_TAPHUAN_TONGIAO,
    ],
    "liferay7": [LD_UYTIN_2024, LD_HOPNHAT_2025, LD_TET_2026, LD_KATE_2026, LD_BOIDUONG_2026],
}
