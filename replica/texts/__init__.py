"""Article texts of the replica sites: the five seeds (cleaned) and written articles."""

from replica.content import Article
from replica.texts import seeds, seeds_2, written, written_2, written_3

ARTICLES: dict[str, list[Article]] = {
    "liferay": [seeds.THAINGUYEN_2022, written.TN_1719, written.TN_TET, written.TN_HOCSINH],
    "sharepoint": [seeds_2.VINHPHUC_2021, written.VP_TET, written.VP_UYTIN],
    "aspnet": [seeds.DANVAN_2022, written.BD_HOCBONG, written.BD_KIEMTRA],
    "joomla": [written_2.HG_TAPHUAN, written_2.HG_MUOI, written_2.HG_2085],
    "wordpress": [written_2.KT_GIAINGAN, written_2.KT_NHAO, written_2.KT_TUYENDUONG],
    "newspaper": [seeds_2.LANGSON_2021, written_3.LS_QUATET, written_3.LS_SANXUAT],
    "legacy": [seeds.THAINGUYEN_2017, written_3.TN_BAOCHI, written_3.TN_BOIDUONG],
}
