"""Written articles for the newspaper and legacy replicas."""

from replica.content import Article, article, vn

LS_QUATET: Article = article(
    "Hơn 2.400 suất quà Tết đến với hộ nghèo vùng đồng bào dân tộc thiểu số",
    vn(2021, 2, 5, 16, 20, 11),
    [
        (
            "Tổng giá trị các suất quà trên 1,2 tỷ đồng, gồm tiền mặt, gạo, dầu ăn, chăn ấm và các "
            "nhu yếu phẩm thiết yếu. Quà được trao tận tay các hộ ở những xã đặc biệt khó khăn của "
            "các huyện Bình Gia, Văn Quan, Đình Lập, Tràng Định."
        ),
        (
            "Trong các ngày từ 1 đến 4/2, lãnh đạo Ban Dân tộc tỉnh đã trực tiếp đến thăm, chúc "
            "Tết người có uy tín và các gia đình chính sách tại xã Hoa Thám, huyện Bình Gia và xã "
            "Tân Yên, huyện Tràng Định."
        ),
        (
            "Bà Hoàng Thị Mai, thôn Nà Thí, xã Hoa Thám xúc động cho biết: gia đình rất vui khi "
            "nhận được sự quan tâm của các cấp, các ngành trước thềm năm mới."
        ),
    ],
    lead=(
        "LSO-Nhân dịp Tết Nguyên đán Tân Sửu 2021, Ban Dân tộc tỉnh đã phối hợp với các đơn vị, "
        "nhà hảo tâm trao tặng hơn 2.400 suất quà cho hộ nghèo vùng đồng bào dân tộc thiểu số."
    ),
    author="MINH HẰNG",
    captions=[
        "Lãnh đạo Ban Dân tộc tỉnh trao quà cho hộ nghèo xã Hoa Thám, huyện Bình Gia",
    ],
    caption_after=[1],
    attachments=["danh-sach-qua-tet-2021.pdf"],
    tags=["Công tác dân tộc", "Tết"],
)

LS_SANXUAT: Article = article(
    "Bình Gia: Hiệu quả từ chính sách hỗ trợ phát triển sản xuất",
    vn(2020, 11, 20, 8, 47, 22),
    [
        (
            "Giai đoạn 2016 - 2020, huyện Bình Gia được phân bổ hơn 28 tỷ đồng để thực hiện dự án "
            "hỗ trợ phát triển sản xuất, đa dạng hóa sinh kế và nhân rộng mô hình giảm nghèo. "
            "Nguồn vốn được dùng để hỗ trợ giống cây trồng, vật nuôi, phân bón, máy móc nông "
            "nghiệp cho hơn 6.300 lượt hộ."
        ),
        (
            "Ông Lộc Văn Sơn, thôn Khòn Hẩu, xã Hồng Phong cho biết, nhờ được hỗ trợ 2 con bò sinh "
            "sản, đến nay đàn bò của gia đình đã tăng lên 6 con, thu nhập ổn định hơn trước."
        ),
        (
            "Bên cạnh đó, các mô hình trồng hồi, trồng quế, trồng cây ăn quả được nhân rộng, góp "
            "phần đưa tỷ lệ hộ nghèo của huyện giảm bình quân 4%/năm."
        ),
    ],
    lead=(
        "LSO-Những năm qua, chính sách hỗ trợ phát triển sản xuất thuộc Chương trình 135 đã giúp "
        "nhiều hộ đồng bào dân tộc thiểu số ở huyện Bình Gia có thêm điều kiện vươn lên thoát "
        "nghèo."
    ),
    author="VI TOẢN",
    tags=["Chương trình 135"],
)

TN_BAOCHI: Article = article(
    "Cấp phát báo, tạp chí cho vùng dân tộc thiểu số và miền núi theo Quyết định 59/QĐ-TTg",
    vn(2017, 3, 14, 9, 0),
    [
        (
            "Thực hiện Quyết định số 59/QĐ-TTg ngày 16/01/2017 của Thủ tướng Chính phủ về việc cấp "
            "một số ấn phẩm báo, tạp chí cho vùng dân tộc thiểu số và miền núi, vùng đặc biệt khó "
            "khăn giai đoạn 2017 - 2018, Ban Dân tộc tỉnh đã phối hợp với Bưu điện tỉnh tổ chức "
            "cấp phát các ấn phẩm đến các đối tượng thụ hưởng."
        ),
        (
            "Các ấn phẩm được cấp gồm Báo Dân tộc và Phát triển, Tạp chí Dân tộc, Báo Thái Nguyên, "
            "Tạp chí Thái Nguyên và một số ấn phẩm song ngữ. Đối tượng được cấp là người có uy "
            "tín, các thôn, xóm đặc biệt khó khăn, trường phổ thông dân tộc nội trú và Ủy ban nhân "
            "dân các xã."
        ),
        (
            "Ban Dân tộc đề nghị UBND các huyện chỉ đạo các xã tiếp nhận, quản lý và sử dụng ấn "
            "phẩm đúng mục đích, tổ chức đọc báo, tìm hiểu pháp luật tại nhà văn hóa xóm."
        ),
    ],
    author="Lê Thị Thu Trang, Văn phòng Ban",
    attachments=["Danh-muc-an-pham-QD59.docx"],
)

TN_BOIDUONG: Article = article(
    "Khai giảng lớp bồi dưỡng kiến thức dân tộc cho cán bộ, công chức cấp xã",
    vn(2017, 9, 12, 14, 15),
    [
        (
            "Ngày 11/9/2017, Ban Dân tộc tỉnh phối hợp với Trường Chính trị tỉnh khai giảng lớp "
            "bồi dưỡng kiến thức dân tộc cho cán bộ, công chức cấp xã thuộc các huyện Võ Nhai, "
            "Định Hóa và Đồng Hỷ."
        ),
        (
            "Trong thời gian 5 ngày, 80 học viên được giới thiệu về quan điểm, chính sách của Đảng "
            "và Nhà nước về công tác dân tộc; đặc điểm, bản sắc văn hóa các dân tộc thiểu số trên "
            "địa bàn tỉnh; kỹ năng tuyên truyền, vận động đồng bào."
        ),
        (
            "Phát biểu khai giảng, đồng chí Phó Trưởng Ban Dân tộc tỉnh đề nghị học viên nghiêm "
            "túc chấp hành nội quy, tích cực trao đổi kinh nghiệm thực tiễn để vận dụng vào công "
            "tác tại địa phương."
        ),
    ],
    author="Dương Thị Hường Thái, Phòng Tuyên truyền và Địa bàn",
    captions=[
        "Quang cảnh lễ khai giảng lớp bồi dưỡng",
    ],
    caption_after=[1],
)
