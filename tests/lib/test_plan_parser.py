"""The plan parser on the seed (OCR scan and clean text) and on variants of real plan wording."""

import unicodedata
from pathlib import Path

import pytest

from chisoxanh.lib.plan_parser import parse
from chisoxanh.lib.vietnamese import fold

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ORGS = ["Sở Tư pháp", "Văn phòng Sở", "Phòng Nghiệp vụ I", "Phòng Nghiệp vụ II", "Sở Nông nghiệp và Môi trường",
        "Ủy ban nhân dân tỉnh Lạng Sơn", "Lạng Sơn", "Sở Tài chính", "Sở Công Thương", "Cao Bằng"]  # fmt: skip
GROUP = "các phòng, đơn vị sự nghiệp thuộc Sở"


def seed_structure(draft: dict) -> None:
    """What the issue asks of the seed plan, from any of its forms."""
    assert draft["issuer"] == "Sở Tư pháp"
    assert draft["implements"] == "18/KH-UBND" and draft["implements_date"] == "2026-01-21"
    assert (draft["start_year"], draft["end_year"]) == (2026, None)
    assert draft["title"].startswith("Cải thiện, nâng cao Chỉ số Xanh cấp tỉnh (PGI) năm 2026 và những năm tiếp theo")
    assert draft["report"] == {"to": "Sở Nông nghiệp và Môi trường", "due": "12-10"}
    tasks = [t for t in draft["tasks"] if t["part"] == "tasks"]
    assert [(t["section"], t["subindex"]) for t in tasks] == [("II.1", 1), ("II.2", 3), ("II.3", 4)]
    assert [t["lead"] for t in tasks] == [None, "Phòng Nghiệp vụ II", "Phòng Nghiệp vụ II"]
    assert all(t["partners"] == [GROUP] for t in tasks)
    assert tasks[0]["heading"] == "Chỉ số “Giảm thiểu ô nhiễm môi trường và thiên tai”"
    office = [t for t in draft["tasks"] if t["part"] == "organization" and t["lead"] == "Văn phòng Sở"]
    assert len(office) == 2 and (office[1]["schedule"], office[1]["due_month"], office[1]["due_day"]) == (
        "annual",
        12,
        10,
    )
    assert len(draft["purposes"]) == 2 and len(draft["requirements"]) == 3
    assert draft["recipients"][-1].startswith("Lưu: VT, VP")


def test_the_ocr_scan_reads_as_the_signed_plan():
    draft = parse((FIXTURES / "plan-stp-ocr.txt").read_text(), organizations=ORGS).as_json()
    seed_structure(draft)
    # Titles and unit names come back with their diacritics, flagged as restored.
    assert {"Sở Tư pháp", "Phòng Nghiệp vụ II", "Giảm thiểu ô nhiễm môi trường và thiên tai"} <= set(draft["restored"])
    assert draft["signer"] == {"title": "GIÁM ĐỐC", "name": "Pham Hung Truong"}
    assert any("thiếu dấu" in w for w in draft["warnings"])  # the signer's name could not be restored
    assert any("số, ký hiệu" in w for w in draft["warnings"])


def test_the_clean_transcription_reads_the_same():
    draft = parse((FIXTURES / "plan-stp-clean.txt").read_text(), organizations=ORGS).as_json()
    seed_structure(draft)
    assert draft["signer"] == {"title": "GIÁM ĐỐC", "name": "Phạm Hùng Trường"}
    assert draft["restored"] == []


def test_decomposed_unicode_reads_the_same():
    text = unicodedata.normalize("NFD", (FIXTURES / "plan-stp-clean.txt").read_text())
    seed_structure(parse(text, organizations=ORGS).as_json())


def test_text_without_any_diacritics_reads_the_same():
    text = "\n".join(
        fold(line).upper() if line.isupper() else _strip(line)
        for line in (FIXTURES / "plan-stp-clean.txt").read_text().splitlines()
    )
    draft = parse(text, organizations=ORGS).as_json()
    seed_structure(draft)


def _strip(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


OTHER_PLAN = """ỦY BAN NHÂN DÂN
TỈNH CAO BẰNG
Số: 25/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Cao Bằng, ngày 10 tháng 02 năm 2026

KẾ HOẠCH
Nâng cao Chỉ số Xanh cấp tỉnh giai đoạn 2026 - 2030

Căn cứ Nghị quyết số 43-NQ/TU; Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:

I. MỤC TIÊU, YÊU CẦU
1. Mục tiêu
- Phấn đấu đến năm 2030 nằm trong nhóm 30 tỉnh dẫn đầu.
2. Yêu cầu
- Các sở, ban, ngành chủ động triển khai.

II. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU
1. Nhóm giải pháp cải thiện chỉ số “Đảm bảo tuân thủ các tiêu chuẩn môi trường tối thiểu”
Rà soát, công khai thủ tục hành chính về môi trường; kiểm tra việc chấp hành pháp luật của doanh nghiệp.
- Cơ quan chủ trì: Sở Nông nghiệp và Môi trường.
- Cơ quan phối hợp: Sở Tài chính; Sở Công Thương; UBND các xã, phường.
- Thời gian thực hiện: hoàn thành trước 30/06/2026.
2. Giải pháp về chính sách ưu đãi
Ban hành chính sách hỗ trợ doanh nghiệp đầu tư xanh, Quý III/2026.
- Đơn vị chủ trì thực hiện: Sở Tài chính.

III. TỔ CHỨC THỰC HIỆN
1. Sở Nông nghiệp và Môi trường
Theo dõi, tổng hợp, báo cáo UBND tỉnh kết quả thực hiện; gửi Ủy ban nhân dân tỉnh trước ngày 15 tháng 12 hằng năm.

Nơi nhận:
- Như mục III;
- Lưu: VT.
"""


def test_another_provinces_plan_with_other_wording():
    draft = parse(OTHER_PLAN, organizations=ORGS).as_json()
    assert draft["number"] == "25/KH-UBND" and draft["symbol"] == "KH-UBND"
    assert draft["issued_on"] == "2026-02-10" and draft["place"] == "Cao Bằng"
    assert (draft["start_year"], draft["end_year"]) == (2026, 2030)
    tasks = [t for t in draft["tasks"] if t["part"] == "tasks"]
    assert [t["subindex"] for t in tasks] == [2, 4]
    first, second = tasks
    assert first["lead"] == "Sở Nông nghiệp và Môi trường"
    assert first["partners"] == ["Sở Tài chính", "Sở Công Thương", "UBND các xã, phường"]
    assert (first["schedule"], first["due"]) == ("once", "2026-06-30")
    assert second["lead"] == "Sở Tài chính" and (second["schedule"], second["due"]) == ("once", "2026-09-30")
    assert draft["report"] == {"to": "Ủy ban nhân dân tỉnh", "due": "12-15"}
    assert draft["purposes"] == ["Phấn đấu đến năm 2030 nằm trong nhóm 30 tỉnh dẫn đầu."]


def test_inline_lead_wording():
    text = OTHER_PLAN.replace(
        "- Đơn vị chủ trì thực hiện: Sở Tài chính.", "- Sở Tài chính chủ trì, phối hợp với Sở Công Thương thực hiện."
    )
    tasks = [t for t in parse(text, organizations=ORGS).as_json()["tasks"] if t["part"] == "tasks"]
    assert tasks[1]["lead"] == "Sở Tài chính"


def test_a_document_that_is_not_a_plan_is_flagged():
    draft = parse("Công văn về việc mời họp.\nKính gửi: các phòng.", organizations=ORGS).as_json()
    assert any("KẾ HOẠCH" in w for w in draft["warnings"]) and draft["tasks"] == []


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_text(text):
    assert parse(text).as_json()["warnings"] == ["Văn bản không có nội dung đọc được."]


def test_a_web_copy_with_rules_and_columns_reads_the_same():
    text = (
        OTHER_PLAN.replace("Số: 25/KH-UBND\n", "-------\nSố: 25/KH-UBND\n---------------\n")
        .replace("ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG", "ỦY BAN NHÂN DÂN TỈNH CAO BẰNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        .replace(" ", "\u00a0", 40)
    )
    draft = parse(text, organizations=ORGS).as_json()
    assert draft["number"] == "25/KH-UBND" and draft["place"] == "Cao Bằng"
    assert [t["subindex"] for t in draft["tasks"] if t["part"] == "tasks"] == [2, 4]


TABLE_PLAN = """SỞ CÔNG THƯƠNG
Số: 40/KH-SCT
KẾ HOẠCH
Cải thiện Chỉ số Xanh cấp tỉnh năm 2026

I. MỤC ĐÍCH, YÊU CẦU
- Nâng cao nhận thức của doanh nghiệp.

II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Chỉ số “Thúc đẩy thực hành xanh”
STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm
1 | Tuyên truyền mua sắm xanh trong cơ quan nhà nước | Sở Công Thương | Sở Tài chính | Quý II/2026 | Tài liệu
2 | Hướng dẫn doanh nghiệp sản xuất sạch hơn | Sở Công Thương | Sở Tài chính; Sở Xây dựng | 30/09/2026 | Hội nghị

III. TỔ CHỨC THỰC HIỆN
1. Văn phòng Sở: theo dõi, đôn đốc việc thực hiện; báo cáo kết quả gửi Sở Nông nghiệp và Môi trường
trước ngày 05 tháng 12 hằng năm.
"""


def test_tasks_laid_out_as_a_table():
    draft = parse(TABLE_PLAN, organizations=[*ORGS, "Sở Xây dựng"]).as_json()
    tasks = [t for t in draft["tasks"] if t["part"] == "tasks"]
    assert [t["title"] for t in tasks] == [
        "Tuyên truyền mua sắm xanh trong cơ quan nhà nước",
        "Hướng dẫn doanh nghiệp sản xuất sạch hơn",
    ]
    assert all(t["subindex"] == 3 and t["lead"] == "Sở Công Thương" for t in tasks)
    assert tasks[1]["partners"] == ["Sở Tài chính", "Sở Xây dựng"]
    assert [(t["schedule"], t["due"]) for t in tasks] == [("once", "2026-06-30"), ("once", "2026-09-30")]
    assert tasks[0]["outputs"] == "Tài liệu"
    office = [t for t in draft["tasks"] if t["part"] == "organization"]
    assert office[0]["heading"] == "Văn phòng Sở" and office[0]["lead"] == "Văn phòng Sở"
    assert draft["report"] == {"to": "Sở Nông nghiệp và Môi trường", "due": "12-05"}


def test_inline_lead_and_partners():
    text = OTHER_PLAN.replace(
        "- Đơn vị chủ trì thực hiện: Sở Tài chính.", "- Sở Tài chính chủ trì, phối hợp với Sở Công Thương thực hiện."
    )
    second = [t for t in parse(text, organizations=ORGS).as_json()["tasks"] if t["part"] == "tasks"][1]
    assert (second["lead"], second["partners"]) == ("Sở Tài chính", ["Sở Công Thương"])
