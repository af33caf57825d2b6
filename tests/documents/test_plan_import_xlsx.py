"""The spreadsheet way in: the template downloads and opens, a filled one becomes a draft ready for
review, and a file with any wrong cell is refused whole, every problem named by row and column."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chisoxanh.documents import imports, plan_draft, plan_xlsx
from chisoxanh.documents.models import PlanImport
from chisoxanh.plans.models import Plan

FIRST = plan_xlsx.FIRST_DATA_ROW


def template(client, world) -> openpyxl.Workbook:
    response = client.get(f"/ke-hoach/nhap/mau.xlsx?issuer={world.agency.pk}")
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def filled(client, world, rows, *, header=None) -> bytes:
    wb = template(client, world)
    ws = wb[plan_xlsx.SHEET_TITLE]
    values = {
        4: "27/KH-STP",
        5: "12/02/2026",
        6: "Triển khai cải thiện Chỉ số Xanh năm 2026",
        7: 2026,
        8: None,
        9: "18/KH-UBND",
        10: "Sở Nông nghiệp và Môi trường",
        11: "10/12",
        **(header or {}),
    }
    for row, value in values.items():
        ws.cell(row=row, column=3, value=value)
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            ws.cell(row=FIRST + offset, column=column, value=value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


GOOD = [
    (1, "Tuyên truyền pháp luật về bảo vệ môi trường.\nTổ chức hai hội nghị.", 1, "Phòng Nghiệp vụ II",
     "Văn phòng Sở; các phòng, đơn vị sự nghiệp thuộc Sở", "hằng năm, trước ngày 30/11", "Hội nghị"),
    (2, "Rà soát văn bản quy phạm pháp luật.", "2. Đảm bảo tuân thủ", "Văn phòng Sở",
     "Phòng Nghiệp vụ I\nHiệp hội Du lịch tỉnh", "Quý II/2026", None),
    (3, "Hướng dẫn thực hành xanh tại cơ quan.", "Thúc đẩy thực hành xanh", None, None, "thường xuyên", None),
    (4, "Báo cáo chuyên đề về hỗ trợ doanh nghiệp.", 4, "Trung tâm Trợ giúp pháp lý nhà nước", None,
     dt.datetime(2026, 9, 15), "Báo cáo"),
]  # fmt: skip


def upload(client, world, data: bytes, name="ke-hoach.xlsx"):
    return client.post("/ke-hoach/nhap/", {"issuer": world.agency.pk, "tep": SimpleUploadedFile(name, data)})


def test_the_template_downloads_and_opens_with_its_lists_and_instructions(client_for, world):
    client = client_for(world.coordinator)
    response = client.get("/ke-hoach/nhap/mau.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-ke-hoach-stp.xlsx"'
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    ws = wb[plan_xlsx.SHEET_TITLE]
    assert [c.value for c in ws[FIRST - 1]] == [
        "STT", "Nội dung nhiệm vụ", "Chỉ số thành phần", "Đơn vị chủ trì", "Đơn vị phối hợp",
        "Thời gian thực hiện", "Sản phẩm",
    ]  # fmt: skip
    assert ws["A2"].value.startswith("Hướng dẫn:") and "“Quý II/2026”" in ws["A2"].value
    assert [ws.cell(row=r, column=2).value for r in (4, 5)] == ["Số, ký hiệu", "Ngày ban hành (dd/mm/yyyy)"]
    validations = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    assert validations[f"C{FIRST}:C{FIRST + plan_xlsx.MAX_ROWS - 1}"].formula1 == "'Danh mục'!$A$2:$A$5"
    assert f"D{FIRST}:D{FIRST + plan_xlsx.MAX_ROWS - 1}" in validations
    lists = wb[plan_xlsx.LISTS_TITLE]
    assert lists["A2"].value == "1. Giảm thiểu ô nhiễm và thiên tai"
    units = [c.value for c in lists["B"][1:]]
    assert units[:2] == ["Sở Tư pháp", "Văn phòng Sở"] and "Sở Tài chính" in units


@pytest.mark.parametrize("persona", ["officer_a", "unit_leader", "head", "aggregator", "outsider", "nobody"])
def test_only_an_office_downloads_the_template(client_for, world, persona):
    assert client_for(getattr(world, persona)).get("/ke-hoach/nhap/mau.xlsx").status_code == 403


def test_a_filled_template_becomes_a_draft_ready_for_the_same_review(client_for, world):
    client = client_for(world.coordinator)
    response = upload(client, world, filled(client, world, GOOD), name="bang-ke-hoach.docx")  # by content
    imp = PlanImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ke-hoach/nhap/{imp.pk}/"
    assert imp.state == "ready" and imp.progress == 100
    draft = imp.draft
    assert (draft["number"], draft["symbol"], draft["issued_on"]) == ("27/KH-STP", "KH-STP", "2026-02-12")
    assert (draft["start_year"], draft["end_year"], draft["implements"]) == (2026, None, "18/KH-UBND")
    assert draft["report"] == {"to": "Sở Nông nghiệp và Môi trường", "due": "12-10"}
    assert draft["is_plan"] is True and draft["error"] is None and draft["warnings"] == []
    first, second, third, fourth = draft["tasks"]
    assert first["subindex"] == 1 and first["heading"] == "Chỉ số thành phần 1: Giảm thiểu ô nhiễm và thiên tai"
    assert first["title"] == "Tuyên truyền pháp luật về bảo vệ môi trường"
    assert first["lead_id"] == world.unit_a.pk and first["leads"] == ["Phòng Nghiệp vụ II"]
    assert first["partners"] == ["Văn phòng Sở", "các phòng, đơn vị sự nghiệp thuộc Sở"]
    assert (first["schedule"], first["due_month"], first["due_day"]) == ("annual", 11, 30)
    assert second["subindex"] == 2 and second["partners"] == ["Phòng Nghiệp vụ I", "Hiệp hội Du lịch tỉnh"]
    assert (second["schedule"], second["due"]) == ("once", "2026-06-30")
    assert third["subindex"] == 3 and third["lead_id"] is None and third["schedule"] == "continuous"
    assert fourth["due"] == "2026-09-15" and fourth["outputs"] == "Báo cáo"
    for task in draft["tasks"]:  # the source panel shows the rows, each task marks its own
        start, end = task["span"]
        assert imp.text[start:end].startswith("Dòng ") and task["content"].split("\n")[0] in imp.text[start:end]
    html = client.get(f"/ke-hoach/nhap/{imp.pk}/").content.decode()
    assert '<mark data-tasks="3">Dòng 17' in html and 'value="15/09/2026"' in html


def test_an_imported_sheet_confirms_into_a_plan(client_for, world):
    client = client_for(world.coordinator)
    upload(client, world, filled(client, world, GOOD))
    imp = PlanImport.objects.get()
    plan = imports.plan_import_confirm(actor=world.coordinator, imp=imp, expected_version=1)
    tasks = list(plan.tasks.order_by("order"))
    assert [t.subindex.number for t in tasks] == [1, 2, 3, 4]
    assert tasks[1].assignments.get(role="lead").organization == world.office
    assert plan.reference == "27/KH-STP" and plan.report_recipient == world.aggregator_agency


ROW = (1, "Nội dung", 1, "Phòng Nghiệp vụ II", None, "thường xuyên", None)


def _row(**changes):
    keys = ["stt", "content", "subindex", "lead", "partners", "time", "outputs"]
    values = dict(zip(keys, ROW, strict=True)) | changes
    return tuple(values[k] for k in keys)


@pytest.mark.parametrize(
    ("rows", "header", "expected"),
    [
        ([ROW, _row(subindex=7)], None, f"Dòng {FIRST + 1}, cột C (Chỉ số thành phần): không có chỉ số thành phần “7”"),
        ([ROW, _row(subindex="Chỉ số lạ")], None, f"Dòng {FIRST + 1}, cột C (Chỉ số thành phần): không có chỉ số"),
        ([_row(content=None, outputs="Báo cáo")], None, f"Dòng {FIRST}, cột B (Nội dung nhiệm vụ): chưa ghi nội dung"),
        ([ROW, ROW, _row(lead="Phòng Không Có")], None,
         f"Dòng {FIRST + 2}, cột D (Đơn vị chủ trì): không có đơn vị “Phòng Không Có”"),
        ([_row(lead="Sở Tư pháp tỉnh Khác")], None, "cột D (Đơn vị chủ trì): không có đơn vị"),
        ([_row(time="31/02/2026")], None, f"Dòng {FIRST}, cột F (Thời gian thực hiện): ngày 31/02/2026 không có thật"),
        ([_row(time="sau Tết")], None, f"Dòng {FIRST}, cột F (Thời gian thực hiện): không hiểu “sau Tết”"),
        ([ROW], {5: "32/13/2026"}, "Dòng 5, cột C (Ngày ban hành): ngày “32/13/2026” không đúng dạng dd/mm/yyyy"),
        ([ROW], {7: "năm nay"}, "Dòng 7, cột C (Năm bắt đầu): “năm nay” không phải là một năm"),
        ([ROW], {11: "40/12"}, "Dòng 11, cột C (Hạn báo cáo hằng năm): hạn “40/12” phải có dạng ngày/tháng"),
        ([_row(time="hằng năm")], {11: None},
         f"Dòng {FIRST}, cột F (Thời gian thực hiện): nhiệm vụ hằng năm cần ghi hạn"),
    ],
)  # fmt: skip
def test_each_wrong_cell_is_named_by_row_and_column_and_nothing_is_saved(client_for, world, rows, header, expected):
    client = client_for(world.coordinator)
    response = upload(client, world, filled(client, world, rows, header=header))
    html = response.content.decode()
    assert response.status_code == 400, html
    assert "chưa nhập dòng nào" in html and expected in html
    assert not PlanImport.objects.exists() and not Plan.objects.exists()


def test_every_problem_of_the_file_is_listed_at_once(world):
    rows = [_row(subindex=9), _row(content=None, lead="X"), _row(time="?")]
    wb = _sheet(rows)
    with pytest.raises(plan_xlsx.SheetRejected) as caught:
        plan_xlsx.read(wb, issuer_name="Sở Tư pháp", match=_matcher(world))
    assert [m.split(":")[0] for m in caught.value.messages] == [
        f"Dòng {FIRST}, cột C (Chỉ số thành phần)",
        f"Dòng {FIRST + 1}, cột B (Nội dung nhiệm vụ)",
        f"Dòng {FIRST + 1}, cột D (Đơn vị chủ trì)",
        f"Dòng {FIRST + 2}, cột F (Thời gian thực hiện)",
    ]


def _matcher(world):
    return imports.matcher(world.agency, imports.candidates_for(world.agency))


def _sheet(rows, *, header_row: int = FIRST - 1) -> bytes:
    """A workbook written directly (not from the template): the reader finds the table's
    header wherever it is."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Số, ký hiệu", "5/KH-STP"])
    for _ in range(header_row - 2):
        ws.append([])
    ws.append([c.label for c in plan_xlsx.COLUMNS])
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_sheet_of_any_layout_is_read_by_its_headers(world):
    sheet = plan_xlsx.read(_sheet([ROW], header_row=3), issuer_name="Sở Tư pháp", match=_matcher(world))
    assert sheet.draft["number"] == "5/KH-STP" and sheet.draft["tasks"][0]["lead_id"] == world.unit_a.pk
    assert "Chưa ghi số" not in " ".join(sheet.draft["warnings"])


def test_blank_and_only_numbered_rows_are_skipped(world):
    rows = [ROW, (None,) * 7, (2, None, None, None, None, None, None), _row(stt=3, content="Việc thứ hai")]
    sheet = plan_xlsx.read(_sheet(rows), issuer_name="Sở Tư pháp", match=_matcher(world))
    assert [t["content"] for t in sheet.draft["tasks"]] == ["Nội dung", "Việc thứ hai"]


def test_a_sheet_without_the_tables_header_or_tasks_is_refused(world):
    wb = openpyxl.Workbook()
    wb.active.append(["Bảng điểm", "2026"])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(plan_xlsx.SheetRejected, match="Không tìm thấy dòng tiêu đề"):
        plan_xlsx.read(buf.getvalue(), issuer_name="Sở Tư pháp", match=_matcher(world))
    with pytest.raises(plan_xlsx.SheetRejected, match="chưa có nhiệm vụ nào"):
        plan_xlsx.read(_sheet([]), issuer_name="Sở Tư pháp", match=_matcher(world))


def _many_rows(count: int) -> bytes:
    """A sheet of ``count`` task rows, written in streaming mode to stay fast."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([c.label for c in plan_xlsx.COLUMNS])
    for i in range(count):
        ws.append([i + 1, f"Nhiệm vụ {i + 1}", 1, "Phòng Nghiệp vụ II", None, "thường xuyên", None])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_the_row_limit_is_kept_and_a_huge_sheet_is_refused_quickly(client_for, world):
    sheet = plan_xlsx.read(_many_rows(plan_xlsx.MAX_ROWS), issuer_name="Sở Tư pháp", match=_matcher(world))
    assert len(sheet.draft["tasks"]) == plan_xlsx.MAX_ROWS
    bomb = _many_rows(80_000)
    client = client_for(world.coordinator)
    response = upload(client, world, bomb)
    assert response.status_code == 400 and "Bảng có quá 1.000 nhiệm vụ" in response.content.decode()
    assert not PlanImport.objects.exists()


def test_blank_rows_cannot_keep_the_reader_going(world):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([c.label for c in plan_xlsx.COLUMNS])
    for _ in range(plan_xlsx.MAX_SCANNED + 10):
        ws.append(["", "", "", "", "", "", " "])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(plan_xlsx.SheetRejected, match="quá nhiều dòng"):
        plan_xlsx.read(buf.getvalue(), issuer_name="Sở Tư pháp", match=_matcher(world))


def test_an_archive_that_unpacks_to_an_absurd_size_is_refused_before_opening(client_for, world):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", b"\0" * (plan_xlsx.MAX_UNPACKED + 1))
    response = upload(client_for(world.coordinator), world, buf.getvalue())
    assert response.status_code == 400 and "giải nén ra quá lớn" in response.content.decode()
    assert not PlanImport.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("ke-hoach.xlsx", b"not a zip", "Tệp Excel bị hỏng"),
        ("ke-hoach.xlsx", b"PK\x03\x04broken", "Tệp Excel bị hỏng"),
    ],
)
def test_a_broken_spreadsheet_is_refused(client_for, world, name, data, message):
    response = upload(client_for(world.coordinator), world, data, name=name)
    assert response.status_code == 400 and message in response.content.decode()
    assert not PlanImport.objects.exists()


def test_a_broken_workbook_inside_a_good_zip_is_refused(client_for, world):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not-a-workbook")
    response = upload(client_for(world.coordinator), world, buf.getvalue())
    assert response.status_code == 400 and "Tệp Excel bị hỏng" in response.content.decode()


def test_formula_text_from_the_tree_is_neutralised_in_the_template(client_for, world):
    world.unit_b.name = "=HYPERLINK(1)"
    world.unit_b.save()
    wb = template(client_for(world.coordinator), world)
    assert "'=HYPERLINK(1)" in [c.value for c in wb[plan_xlsx.LISTS_TITLE]["B"]]


# --- cell values, any of them -------------------------------------------------------------------

cells = st.one_of(
    st.none(),
    st.integers(-10, 3000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
)


@settings(max_examples=100, deadline=None)
@given(value=cells)
def test_reading_a_time_or_subindex_cell_never_crashes(value):
    for read in (plan_draft.parse_time, plan_xlsx._subindex):
        try:
            result = read(value)
        except ValueError as exc:
            assert str(exc)  # a message to show, in Vietnamese
        else:
            if read is plan_draft.parse_time:
                assert result["schedule"] in plan_draft.SCHEDULES
                if result["due"]:
                    dt.date.fromisoformat(result["due"])
            else:
                assert result in (None, 1, 2, 3, 4)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(*[st.one_of(st.none(), st.text(max_size=20), st.integers(0, 5))] * 7), max_size=6))
def test_any_filled_sheet_is_either_a_draft_or_a_list_of_located_errors(world, rows):
    data = _sheet([tuple(_clean(v) for v in row) for row in rows])
    try:
        sheet = plan_xlsx.read(data, issuer_name="Sở Tư pháp", match=_matcher(world))
    except plan_xlsx.SheetRejected as exc:
        assert exc.messages
        assert all(m.startswith("Dòng ") or m.startswith("Bảng chưa có") for m in exc.messages), exc.messages
    else:
        for task in sheet.draft["tasks"]:
            assert task["content"] and task["subindex"] in (None, 1, 2, 3, 4)
            start, end = task["span"]
            assert 0 <= start < end <= len(sheet.text)


def _clean(value):
    # openpyxl refuses control characters in cells; a real spreadsheet cannot hold them either.
    if isinstance(value, str):
        return "".join(ch for ch in value if ch.isprintable()) or None
    return value


def test_parse_time_reads_the_ways_plans_write_time():
    assert plan_draft.parse_time("Quý IV/2026")["due"] == "2026-12-31"
    assert plan_draft.parse_time("quý 1 năm 2027")["due"] == "2027-03-31"
    assert plan_draft.parse_time("Tháng 4 - tháng 9/2026")["due"] == "2026-09-30"
    assert plan_draft.parse_time("Trước ngày 31/5/2026")["due"] == "2026-05-31"
    assert plan_draft.parse_time("Năm 2026")["due"] == "2026-12-31"
    assert plan_draft.parse_time("Hàng năm (trước 15/11)")[("due_month")] == 11
    assert plan_draft.parse_time("Thường xuyên")["schedule"] == "continuous"
    with pytest.raises(ValueError, match="29/02/2026"):
        plan_draft.parse_time("29/02/2026")
