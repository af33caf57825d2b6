"""The plan parser over the layout families real plans use, generated in many variants.

Each test writes a plan the way one family of agencies does — sub-index headings with labelled
lines, assignments in parentheses, everything on one line, sections per agency, a task table —
varying the numbering scheme, the label wording, the separators and where lines wrap, and checks
that every task comes back with its sub-index, leads and partners. None of these texts is one of
the development set's documents.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chisoxanh.lib.docmodel import Cell, Document, Paragraph, Row, Table
from chisoxanh.lib.plan_parser import parse, split_units
from chisoxanh.lib.vietnamese import fold

SUBINDEX_NAMES = {
    1: ["Giảm thiểu ô nhiễm và thiên tai", "Giảm thiểu ô nhiễm môi trường và tác động tiêu cực của biến đổi khí hậu"],
    2: ["Đảm bảo tuân thủ", "Bảo đảm tuân thủ các tiêu chuẩn môi trường tối thiểu"],
    3: ["Thúc đẩy thực hành xanh", "Vai trò lãnh đạo của chính quyền tỉnh trong thúc đẩy thực hành xanh"],
    4: [
        "Chính sách khuyến khích và dịch vụ hỗ trợ",
        "Chính sách và dịch vụ hỗ trợ doanh nghiệp trong bảo vệ môi trường",
    ],
}
UNITS = [
    "Sở Nông nghiệp và Môi trường", "Sở Tài chính", "Sở Công Thương", "Sở Xây dựng", "Công an tỉnh",
    "Sở Văn hóa, Thể thao và Du lịch", "Ban Quản lý các khu công nghiệp tỉnh", "Hiệp hội Doanh nghiệp tỉnh",
    "Sở Khoa học và Công nghệ", "UBND các xã, phường", "Thanh tra tỉnh", "Phòng Kinh tế, Hạ tầng và Đô thị",
    "Trung tâm Phục vụ hành chính công tỉnh", "Sở Giáo dục và Đào tạo", "Liên đoàn Lao động tỉnh",
]  # fmt: skip
DUTIES = [
    "Rà soát, công khai thủ tục cấp giấy phép môi trường trên Cổng dịch vụ công",
    "Kiểm tra việc thu gom, xử lý chất thải rắn tại các cụm công nghiệp",
    "Tổ chức tập huấn cho doanh nghiệp về kiểm kê khí nhà kính",
    "Xây dựng mô hình chợ xanh không rác thải nhựa tại trung tâm các xã",
    "Hỗ trợ doanh nghiệp tiếp cận nguồn vốn vay ưu đãi cho dự án xanh",
    "Nâng cấp hệ thống quan trắc nước thải tự động tại khu công nghiệp",
    "Tuyên truyền về tiêu dùng bền vững trên báo chí và mạng xã hội",
    "Bố trí kinh phí sự nghiệp môi trường cho các nhiệm vụ ưu tiên",
]

HEADER = """ỦY BAN NHÂN DÂN
TỈNH MẪU SƠN
Số: 12/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Mẫu Sơn, ngày 09 tháng 3 năm 2026

KẾ HOẠCH
Cải thiện, nâng cao Chỉ số Xanh cấp tỉnh (PGI) năm 2026

Thực hiện Kế hoạch số 7/KH-UBND ngày 15/01/2026 của UBND tỉnh, UBND tỉnh ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
- Nâng cao nhận thức của các cơ quan, đơn vị về Chỉ số PGI.
II. NHIỆM VỤ, GIẢI PHÁP
"""
FOOTER = """III. TỔ CHỨC THỰC HIỆN
Các sở, ban, ngành gửi báo cáo kết quả về Sở Nông nghiệp và Môi trường trước ngày 25/11 hằng năm./.

Nơi nhận:
- Như trên;
- Lưu: VT.
"""


@dataclass
class Spec:
    subindex: int
    duty: str
    leads: list[str]
    partners: list[str]


specs = st.lists(
    st.builds(
        Spec,
        subindex=st.integers(1, 4),
        duty=st.sampled_from(DUTIES),
        leads=st.lists(st.sampled_from(UNITS), min_size=1, max_size=2, unique=True),
        partners=st.lists(st.sampled_from(UNITS), min_size=0, max_size=3, unique=True),
    ),
    min_size=1,
    max_size=6,
).map(lambda ts: sorted(ts, key=lambda t: t.subindex))


def _distinct(tasks: list[Spec]) -> list[Spec]:
    """Partners never repeat a lead (a plan does not name a unit twice for one task)."""
    for t in tasks:
        t.partners = [p for p in t.partners if p not in t.leads]
    return tasks


def _check(draft: dict, tasks: list[Spec]) -> None:
    got = [t for t in draft["tasks"] if t["part"] == "tasks"]
    assert len(got) == len(tasks), [t["title"] for t in got]
    for spec, task in zip(tasks, got, strict=True):
        assert fold(spec.duty) in fold(task["content"])
        assert task["subindex"] == spec.subindex
        assert [fold(n) for n in task["leads"]] == [fold(n) for n in spec.leads]
        assert sorted(fold(n) for n in task["partners"]) == sorted(fold(n) for n in spec.partners)
    assert draft["number"] == "12/KH-UBND" and draft["implements"] == "7/KH-UBND"
    assert draft["report"] == {"to": "Sở Nông nghiệp và Môi trường", "due": "11-25"}


def _grouped(tasks: list[Spec], heading, item) -> str:
    lines, current, n = [], None, 0
    for spec in tasks:
        if spec.subindex != current:
            current, k = spec.subindex, 0
            n += 1
            lines.append(heading(n, spec.subindex))
        lines.extend(item(k, spec))
        k += 1
    return "\n".join(lines) + "\n"


HEADINGS = [
    lambda n, s: f"{n}. Chỉ số thành phần “{SUBINDEX_NAMES[s][0]}”",
    lambda n, s: f"{n}. Chỉ số thành phần {s}: {SUBINDEX_NAMES[s][1]}",
    lambda n, s: f"{n}. Nhóm giải pháp {SUBINDEX_NAMES[s][0].lower()}",
    lambda n, s: f"{n}. Đối với chỉ số thành phần {SUBINDEX_NAMES[s][0]}",
]
ITEM_LABELS = [lambda k: f"{'abcdđeg'[k]})", lambda k: "-", lambda k: f"{k + 1}.{k + 1}."]
LEAD_WORDS = ["Cơ quan chủ trì", "Đơn vị chủ trì", "Chủ trì"]
PARTNER_WORDS = ["Cơ quan phối hợp", "Đơn vị phối hợp", "Phối hợp", "Đơn vị phối hợp thực hiện"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tasks=specs,
    heading=st.sampled_from(HEADINGS),
    label=st.sampled_from(ITEM_LABELS),
    lead_word=st.sampled_from(LEAD_WORDS),
    partner_word=st.sampled_from(PARTNER_WORDS),
    bullet=st.sampled_from(["-", "+", ""]),
    separator=st.sampled_from(["; ", ", "]),
    wrap=st.sampled_from([0, 70, 85]),
)
def test_labelled_lines_under_subindex_headings(tasks, heading, label, lead_word, partner_word, bullet, separator,
                                                wrap):  # fmt: skip
    tasks = _distinct(tasks)

    def item(k, spec):
        out = [f"{label(k)} {spec.duty}."]
        prefix = f"{bullet} " if bullet else ""
        out.append(
            f"{prefix}{lead_word}: {separator.join(spec.leads) if len(spec.leads) == 1 else '; '.join(spec.leads)}."
        )
        if spec.partners:
            out.append(f"{prefix}{partner_word}: {'; '.join(spec.partners)}.")
        out.append(f"{prefix}Thời gian thực hiện: Năm 2026.")
        return out

    body = _grouped(tasks, heading, item)
    if wrap:  # a web copy: hard line breaks in the middle of phrases
        body = "\n".join(textwrap.fill(line, wrap) for line in body.splitlines()) + "\n"
    _check(parse(HEADER + body + FOOTER).as_json(), tasks)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tasks=specs,
    heading=st.sampled_from(HEADINGS),
    bullet=st.sampled_from(["-", "+", "•", "a)"]),
    end=st.sampled_from([".", ";", ""]),
)
def test_assignment_in_parentheses_at_the_end_of_each_item(tasks, heading, bullet, end):
    tasks = _distinct(tasks)

    def item(k, spec):
        partners = f"; phối hợp: {', '.join(spec.partners)}" if spec.partners else ""
        label = f"{'abcdđeg'[k]})" if bullet == "a)" else bullet
        return [f"{label} {spec.duty} (Chủ trì: {', '.join(spec.leads)}{partners}; thời gian: năm 2026){end}"]

    _check(parse(HEADER + _grouped(tasks, heading, item) + FOOTER).as_json(), tasks)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tasks=specs, heading=st.sampled_from(HEADINGS))
def test_all_labels_on_one_line(tasks, heading):
    tasks = _distinct(tasks)

    def item(k, spec):
        partners = f"; Đơn vị phối hợp: {', '.join(spec.partners)}" if spec.partners else ""
        return [
            f"{k + 1}.{k + 1}. {spec.duty}.",
            f"Đơn vị chủ trì: {', '.join(spec.leads)}{partners}; Thời gian: Quý II/2026.",
        ]

    _check(parse(HEADER + _grouped(tasks, heading, item) + FOOTER).as_json(), tasks)


def test_sections_grouped_by_agency_take_the_heading_as_lead():
    body = """1. Sở Công Thương
- Chủ trì, phối hợp với Sở Tài chính, UBND các xã, phường kiểm tra việc thu gom chất thải tại chợ (chỉ số thành phần 1).
- Hướng dẫn doanh nghiệp áp dụng sản xuất sạch hơn (CSTP 3).
2. Công an tỉnh
- Phối hợp với Sở Nông nghiệp và Môi trường xử lý vi phạm về xả thải. Chỉ số thành phần: Đảm bảo tuân thủ.
"""
    draft = parse(HEADER + body + FOOTER).as_json()
    tasks = [t for t in draft["tasks"] if t["part"] == "tasks"]
    assert [(t["lead"], t["subindex"]) for t in tasks] == [("Sở Công Thương", 1), ("Sở Công Thương", 3),
                                                           ("Công an tỉnh", 2)]  # fmt: skip
    assert tasks[0]["partners"] == ["Sở Tài chính", "UBND các xã, phường"]
    assert tasks[2]["partners"] == ["Sở Nông nghiệp và Môi trường"]


def test_a_task_without_a_named_subindex_is_left_empty_with_a_warning():
    body = "1. Nhiệm vụ chung\n- Rà soát thủ tục hành chính.\n- Cơ quan chủ trì: Sở Tư pháp.\n"
    draft = parse(HEADER + body + FOOTER).as_json()
    task = next(t for t in draft["tasks"] if t["part"] == "tasks")
    assert task["subindex"] is None and any("chỉ số thành phần" in w for w in draft["warnings"])


def _table_document(rows: list[list[str]], *, group_rows: dict[int, str]) -> Document:
    head = [Paragraph(line) for line in HEADER.splitlines()]
    table = Table([Row([Cell([c]) for c in ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp",
                                             "Thời gian", "Sản phẩm"]], header=True)])  # fmt: skip
    for i, row in enumerate(rows):
        if i in group_rows:
            table.rows.append(Row([Cell([group_rows[i]], colspan=6)]))
        table.rows.append(Row([Cell(c.split("\n")) for c in row]))
    tail = [Paragraph(line) for line in FOOTER.splitlines()]
    return Document([*head, table, *tail], source="docx")


def test_a_task_table_with_group_rows_and_line_breaks_in_cells():
    rows = [
        ["1", DUTIES[0], "Sở Nông nghiệp và Môi trường", "Sở Tài chính\nCông an tỉnh", "Năm 2026", "Quy trình"],
        ["2", DUTIES[1], "Sở Xây dựng, Sở Công Thương", "UBND các xã, phường", "Quý III/2026", "Báo cáo"],
        ["1", DUTIES[2], "Sở Khoa học và Công nghệ", "", "Hằng năm", "Hội nghị"],
    ]
    document = _table_document(rows, group_rows={0: "I. CHỈ SỐ THÀNH PHẦN 1: GIẢM THIỂU Ô NHIỄM",
                                                 2: "II. Chỉ số thành phần “Thúc đẩy thực hành xanh”"})  # fmt: skip
    tasks = [t for t in parse(document).as_json()["tasks"] if t["part"] == "tasks"]
    assert [t["subindex"] for t in tasks] == [1, 1, 3]
    assert tasks[0]["partners"] == ["Sở Tài chính", "Công an tỉnh"]
    assert tasks[1]["leads"] == ["Sở Xây dựng", "Sở Công Thương"]
    assert tasks[2]["partners"] == [] and tasks[2]["outputs"] == "Hội nghị"
    assert (tasks[1]["schedule"], tasks[1]["due"]) == ("once", "2026-09-30")


def test_each_task_keeps_the_span_of_its_source_text():
    text = (
        HEADER
        + "1. Chỉ số thành phần “Đảm bảo tuân thủ”\na) "
        + DUTIES[3]
        + ".\n- Cơ quan chủ trì: Sở Xây dựng.\n"
        + FOOTER
    )
    task = next(t for t in parse(text).as_json()["tasks"] if t["part"] == "tasks")
    start, end = task["span"]
    assert DUTIES[3] in text[start:end] and "Sở Xây dựng" in text[start:end]


def test_documents_that_are_not_plans_are_said_so():
    for kind in ("BÁO CÁO", "QUYẾT ĐỊNH", "TỜ TRÌNH"):
        text = HEADER.replace("KẾ HOẠCH", kind).replace("12/KH-UBND", "12/BC-UBND") + FOOTER
        draft = parse(text).as_json()
        assert draft["is_plan"] is False and kind in draft["error"] and draft["tasks"] == []
    letter = HEADER.replace("KẾ HOẠCH\n", "V/v triển khai Chỉ số Xanh\nKính gửi: Các sở, ban, ngành\n")
    draft = parse(letter.replace("12/KH-UBND", "12/UBND-KT") + FOOTER).as_json()
    assert draft["is_plan"] is False and "CÔNG VĂN" in draft["error"]


def test_a_replaced_plan_or_the_plan_itself_is_not_the_parent():
    replaced = HEADER.replace(
        "Thực hiện Kế hoạch số 7/KH-UBND ngày 15/01/2026 của UBND tỉnh",
        "Kế hoạch này thay thế Kế hoạch số 90/KH-UBND ngày 05/6/2024 và Kế hoạch số 91/KH-UBND ngày 06/6/2024",
    )
    assert parse(replaced + FOOTER).as_json()["implements"] is None
    resolution = HEADER.replace("Kế hoạch số 7/KH-UBND", "Nghị quyết số 02/NQ-CP")
    assert parse(resolution + FOOTER).as_json()["implements"] is None


def test_years_from_the_title():
    for title, years in (
        ("năm 2026 và giai đoạn 2026 - 2030", (2026, 2030)),
        ("năm 2026 và những năm tiếp theo", (2026, None)),
        ("giai đoạn 2024 - 2025", (2024, 2025)),
        ("năm 2026", (2026, 2026)),
    ):
        draft = parse(HEADER.replace("(PGI) năm 2026", f"(PGI) {title}") + FOOTER).as_json()
        assert (draft["start_year"], draft["end_year"]) == years, title


def test_unit_names_with_commas_and_and_stay_whole():
    assert split_units("Sở Văn hóa, Thể thao và Du lịch, Sở Công Thương") == [
        "Sở Văn hóa, Thể thao và Du lịch", "Sở Công Thương"]  # fmt: skip
    assert split_units("Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn tỉnh, UBND các huyện") == [
        "Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn tỉnh", "UBND các huyện"]  # fmt: skip
    assert split_units("Phòng Bưu chính, Viễn thông.") == ["Phòng Bưu chính, Viễn thông"]
    assert split_units("Công ty Điện lực Mẫu Sơn, Viễn thông Mẫu Sơn và các đơn vị liên quan") == [
        "Công ty Điện lực Mẫu Sơn", "Viễn thông Mẫu Sơn", "các đơn vị liên quan"]  # fmt: skip
    assert split_units("UBND các xã, phường") == ["UBND các xã, phường"]
    assert split_units("Văn phòng HĐND và UBND phường") == ["Văn phòng HĐND và UBND phường"]


CONTENT_HEADERS = ["Nội dung nhiệm vụ", "Nhiệm vụ, giải pháp", "Nội dung công việc", "Tên nhiệm vụ"]
LEAD_HEADERS = ["Cơ quan chủ trì", "Đơn vị chủ trì", "Đơn vị chủ trì thực hiện", "Cơ quan thực hiện"]
PARTNER_HEADERS = ["Cơ quan phối hợp", "Đơn vị phối hợp"]
DUE_HEADERS = ["Thời gian thực hiện", "Thời hạn hoàn thành", "Tiến độ"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tasks=specs,
    content=st.sampled_from(CONTENT_HEADERS),
    lead=st.sampled_from(LEAD_HEADERS),
    partner=st.sampled_from(PARTNER_HEADERS),
    due=st.sampled_from(DUE_HEADERS),
    subindex_column=st.booleans(),
    cell_breaks=st.sampled_from(["\n", ", ", "; "]),
)
def test_task_tables_with_any_header_wording(tasks, content, lead, partner, due, subindex_column, cell_breaks):
    tasks = _distinct(tasks)
    header = ["STT", content, *(["Chỉ số thành phần"] if subindex_column else []), lead, partner, due, "Sản phẩm"]
    table = Table([Row([Cell([h]) for h in header], header=True)])
    current = None
    for n, spec in enumerate(tasks, start=1):
        if not subindex_column and spec.subindex != current:
            current = spec.subindex
            table.rows.append(Row([Cell([f"{_ROMAN[spec.subindex]}. Chỉ số thành phần {spec.subindex}: "
                                         f"{SUBINDEX_NAMES[spec.subindex][1]}"], colspan=len(header))]))  # fmt: skip
        cells = [str(n), spec.duty, *([SUBINDEX_NAMES[spec.subindex][0]] if subindex_column else []),
                 "; ".join(spec.leads), cell_breaks.join(spec.partners), "Năm 2026", "Báo cáo"]  # fmt: skip
        table.rows.append(Row([Cell(c.split("\n")) for c in cells]))
    head = [Paragraph(line) for line in HEADER.splitlines()]
    tail = [Paragraph(line) for line in FOOTER.splitlines()]
    _check(parse(Document([*head, table, *tail], source="docx")).as_json(), tasks)


_ROMAN = ["", "I", "II", "III", "IV"]


def test_a_table_pasted_with_tabs():
    rows = "\n".join(
        f"{n}\t{duty}\tSở Công Thương\tSở Tài chính\tNăm 2026" for n, duty in enumerate(DUTIES[:3], start=1)
    )
    text = HEADER + "1. Chỉ số thành phần “Thúc đẩy thực hành xanh”\nSTT\tNội dung\tChủ trì\tPhối hợp\tThời gian\n"
    tasks = [t for t in parse(text + rows + "\n" + FOOTER).as_json()["tasks"] if t["part"] == "tasks"]
    assert [(t["subindex"], t["lead"], t["partners"]) for t in tasks] == [(3, "Sở Công Thương", ["Sở Tài chính"])] * 3


def test_a_part_per_subindex():
    body = (
        HEADER.replace("II. NHIỆM VỤ, GIẢI PHÁP\n", "")
        + "II. CHỈ SỐ THÀNH PHẦN 2: ĐẢM BẢO TUÂN THỦ CÁC TIÊU CHUẨN MÔI TRƯỜNG TỐI THIỂU\n"
        + f"1. {DUTIES[0]}.\n- Cơ quan chủ trì: Sở Nông nghiệp và Môi trường.\n"
        + "III. CHỈ SỐ THÀNH PHẦN 4: CHÍNH SÁCH VÀ DỊCH VỤ HỖ TRỢ DOANH NGHIỆP TRONG BẢO VỆ MÔI TRƯỜNG\n"
        + f"1. {DUTIES[4]}.\n- Cơ quan chủ trì: Sở Tài chính.\n"
        + FOOTER.replace("III. TỔ CHỨC", "IV. TỔ CHỨC")
    )
    tasks = [t for t in parse(body).as_json()["tasks"] if t["part"] == "tasks"]
    assert [(t["subindex"], t["lead"]) for t in tasks] == [(2, "Sở Nông nghiệp và Môi trường"), (4, "Sở Tài chính")]


def test_agency_headings_ending_with_a_colon():
    body = """1. Đối với Sở Tài chính:
- Bố trí kinh phí cho các nhiệm vụ bảo vệ môi trường (chỉ số thành phần 4).
2. Công an tỉnh:
- Xử lý vi phạm về xả thải, phối hợp với Sở Nông nghiệp và Môi trường (CSTP 2).
"""
    tasks = [t for t in parse(HEADER + body + FOOTER).as_json()["tasks"] if t["part"] == "tasks"]
    assert [(t["lead"], t["subindex"], t["partners"]) for t in tasks] == [
        ("Sở Tài chính", 4, []), ("Công an tỉnh", 2, ["Sở Nông nghiệp và Môi trường"])]  # fmt: skip


def test_a_lead_cell_merged_down_over_several_tasks_leads_each():
    rows = [Row([Cell([c]) for c in ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp"]])]
    rows.append(Row([Cell(["I. CHỈ SỐ THÀNH PHẦN 2: ĐẢM BẢO TUÂN THỦ"], colspan=4)]))
    for n, duty in enumerate(DUTIES[:3], start=1):
        lead = Cell(["Sở Công Thương"]) if n == 1 else Cell([], merged_above=True)
        rows.append(Row([Cell([str(n)]), Cell([duty]), lead, Cell(["Sở Tài chính"])]))
    document = Document([*(Paragraph(line) for line in HEADER.splitlines()), Table(rows)], source="docx")
    tasks = [t for t in parse(document).as_json()["tasks"] if t["part"] == "tasks"]
    assert [(t["lead"], t["subindex"]) for t in tasks] == [("Sở Công Thương", 2)] * 3


def test_a_symbol_with_no_kind_line_is_read_as_a_plan_without_failing():
    draft = parse("UBND TỈNH MẪU SƠN\nSố: 5/KH-UBND\nII. NHIỆM VỤ, GIẢI PHÁP\n- Rà soát (Chủ trì: Sở Tài chính).\n")
    assert draft.kind == "KẾ HOẠCH" and [t["lead"] for t in draft.as_json()["tasks"]] == ["Sở Tài chính"]


HOSTILE = {
    "one long word": "KẾ HOẠCH\n" + "a" * 100_000,
    "one long header line": "h" * 100_000 + "\nKẾ HOẠCH\n",
    "open parentheses": "KẾ HOẠCH\nII. NHIỆM VỤ\n- " + "(chủ trì " * 20_000,
    "a long time field": "KẾ HOẠCH\nII. NHIỆM VỤ\n- Việc.\n- Thời gian: năm 2026" + " " * 20_000 + "x",
    "phối hợp repeated": "KẾ HOẠCH\nII. NHIỆM VỤ\n1. Sở A\n- " + "phối hợp với Sở B " * 5_000,
    "many ngày": "ngày " * 30_000 + "\nKẾ HOẠCH\n",
    "pipes": "|" * 100_000,
    "NUL and surrogates": "KẾ HOẠCH\x00\nII.\x00 NHIỆM VỤ\n- a\x00b \ud800",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_is_read_in_bounded_work(text):
    # Each of these once cost the regular expressions quadratic time (a worker held for minutes);
    # read now in a fraction of a second, and with no control characters left in the draft.
    draft = parse(text).as_json()
    assert "\x00" not in repr(draft)


def test_no_more_than_a_thousand_tasks_are_read():
    body = "".join(f"- Nhiệm vụ số {n} (Chủ trì: Sở Tài chính; CSTP 1).\n" for n in range(1_200))
    draft = parse(HEADER + "1. Chỉ số thành phần 1\n" + body + FOOTER).as_json()
    assert len([t for t in draft["tasks"] if t["part"] == "tasks"]) == 1_000
    assert any("hơn 1.000 nhiệm vụ" in w for w in draft["warnings"])
