"""The Office edits an imported plan's draft before confirming it: every edit is a saved, versioned,
audited change of the import, refused whole when something is wrong.

Drafts are built here, not parsed: the parser is being rewritten, and what it finds in a document
is its own tests' business.
"""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chisoxanh.accounts.models import Organization
from chisoxanh.core.models import AuditEntry
from chisoxanh.core.workflow import Conflict, DomainError
from chisoxanh.documents import imports, plan_draft
from chisoxanh.documents.models import PlanImport
from chisoxanh.documents.plan_draft import DraftError
from chisoxanh.plans.models import Plan
from tests.personas import PERSONAS

TEXT = (
    "ỦY BAN NHÂN DÂN TỈNH\nKẾ HOẠCH\nCải thiện Chỉ số Xanh năm 2026\n"
    "1. Tuyên truyền pháp luật về bảo vệ môi trường cho doanh nghiệp.\n"
    "Tổ chức hội nghị phổ biến quy định mới về phân loại rác.\n"
    "2. Rà soát văn bản quy phạm pháp luật về môi trường.\n"
    "3. Hướng dẫn thực hành xanh tại cơ quan.\n"
)


def _span(fragment: str, until: str | None = None) -> list[int]:
    start = TEXT.index(fragment)
    end = TEXT.index(until) if until else start + len(fragment)
    return [start, end]


def make_draft(**overrides) -> dict:
    tasks = [
        {
            "section": "II.1.a",
            "part": "tasks",
            "heading": "Chỉ số thành phần 1: Giảm thiểu ô nhiễm và thiên tai",
            "subindex": 1,
            "title": "Tuyên truyền pháp luật về bảo vệ môi trường cho doanh nghiệp",
            "content": "Tuyên truyền pháp luật về bảo vệ môi trường cho doanh nghiệp.\n"
            "Tổ chức hội nghị phổ biến quy định mới về phân loại rác.",
            "lead": "Phòng Nghiệp vụ II",
            "leads": ["Phòng Nghiệp vụ II"],
            "partners": ["Văn phòng Sở", "các phòng, đơn vị sự nghiệp thuộc Sở"],
            "schedule": "annual",
            "due": None,
            "due_month": 11,
            "due_day": 30,
            "outputs": "Hội nghị",
            "span": _span("Tuyên truyền", "2. Rà soát"),
        },
        {
            "section": "II.2.a",
            "part": "tasks",
            "heading": "Chỉ số thành phần 2: Đảm bảo tuân thủ",
            "subindex": 2,
            "title": "Rà soát văn bản quy phạm pháp luật về môi trường",
            "content": "Rà soát văn bản quy phạm pháp luật về môi trường.",
            "lead": "Phòng Quản lý du lịch",
            "leads": ["Phòng Quản lý du lịch"],
            "partners": ["Hiệp hội Du lịch tỉnh"],
            "schedule": "once",
            "due": "2026-06-30",
            "due_month": None,
            "due_day": None,
            "outputs": None,
            "span": _span("Rà soát văn bản quy phạm pháp luật về môi trường."),
        },
        # A task as the old parser wrote it: no leads, span or outputs.
        {
            "section": "II.3.a",
            "part": "tasks",
            "heading": "Chỉ số thành phần 3: Thúc đẩy thực hành xanh",
            "subindex": 3,
            "title": "Hướng dẫn thực hành xanh tại cơ quan",
            "content": "Hướng dẫn thực hành xanh tại cơ quan.",
            "lead": None,
            "partners": [],
            "schedule": "continuous",
            "due": None,
            "due_month": None,
            "due_day": None,
        },
    ]
    draft = {
        "title": "Cải thiện Chỉ số Xanh năm 2026",
        "number": "27/KH-STP",
        "symbol": "KH-STP",
        "issued_on": "2026-01-21",
        "place": "Lạng Sơn",
        "issuer": "Sở Tư pháp",
        "implements": None,
        "implements_date": None,
        "start_year": 2026,
        "end_year": None,
        "preamble": None,
        "purposes": [],
        "requirements": [],
        "report": {"to": "Sở Nông nghiệp và Môi trường", "due": "12-10"},
        "tasks": tasks,
        "recipients": [],
        "signer": {"title": "GIÁM ĐỐC", "name": "Nguyễn Văn A"},
        "restored": [],
        "warnings": ["Mục II.3: kiểm tra lại đơn vị chủ trì."],
        "is_plan": True,
        "error": None,
        "kind": "KẾ HOẠCH",
    }
    draft.update(overrides)
    return draft


@pytest.fixture
def imp(world):
    return PlanImport.objects.create(
        issuer=world.agency,
        uploaded_by=world.coordinator,
        file_name="ke-hoach.docx",
        source="plan-imports/ke-hoach.docx",
        state=PlanImport.State.READY,
        progress=100,
        text=TEXT,
        draft=make_draft(),
    )


def url(imp, suffix=""):
    return f"/ke-hoach/nhap/{imp.pk}/{suffix}"


def post(client, imp, op, version=None, **fields):
    data = {"version": imp.version if version is None else version, "op": op, **fields}
    return client.post(url(imp, "sua/"), data)


def stored(imp) -> PlanImport:
    return PlanImport.objects.get(pk=imp.pk)


# --- the page -----------------------------------------------------------------------------------


def test_the_review_marks_each_task_in_the_source_and_writes_dates_day_first(client_for, world, imp):
    html = client_for(world.coordinator).get(url(imp)).content.decode()
    assert '<span id="span-0" class="anchor"></span><mark data-tasks="0">Tuyên truyền' in html
    assert 'id="span-1"' in html and 'id="span-2"' not in html  # the old task has no span
    assert "Không có đoạn tương ứng trong văn bản gốc." in html
    assert 'value="21/01/2026"' in html and 'value="30/06/2026"' in html and 'value="10/12"' in html
    assert "hằng năm, trước ngày 30/11" in html
    assert "kiểm tra lại đơn vị chủ trì" in html  # the warnings
    assert "<pre" not in html  # the source is set in the body font, see app.css
    assert "js/plan-import-review.js" in html
    # Each task says what its written names stand for.
    assert "khớp Phòng Nghiệp vụ II" in html and "Nhóm: các phòng, đơn vị sự nghiệp thuộc Sở" in html
    assert "Tạo đơn vị mới thuộc Sở Tư pháp" in html


def test_the_source_panel_uses_the_body_font_with_its_line_breaks():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "chisoxanh/static/css/app.css").read_text()
    rule = re.search(r"\.source-text \{([^}]*)\}", css).group(1)
    assert "font-family: inherit" in rule and "white-space: pre-wrap" in rule


def test_a_document_that_is_not_a_plan_shows_why_and_cannot_be_confirmed(client_for, world, imp):
    draft = make_draft(is_plan=False, kind="CÔNG VĂN", error="Văn bản là công văn, không có phần nhiệm vụ.")
    PlanImport.objects.filter(pk=imp.pk).update(draft=draft)
    client = client_for(world.coordinator)
    html = client.get(url(imp)).content.decode()
    assert "Văn bản này không phải là kế hoạch (văn bản loại “CÔNG VĂN”)" in html
    assert "không có phần nhiệm vụ" in html
    assert re.search(r'value="confirm" class="primary" disabled', html)
    response = post(client, imp, "confirm")
    assert response.status_code == 400 and "không phải là kế hoạch" in response.content.decode()
    assert not Plan.objects.exists() and stored(imp).state == "ready"


# --- each edit ----------------------------------------------------------------------------------


def test_saving_the_form_edits_every_field_and_survives_a_reload(client_for, world, imp):
    client = client_for(world.coordinator)
    response = post(
        client,
        imp,
        "save",
        title="Kế hoạch cải thiện PGI năm 2026",
        issued_on="05/02/2026",
        end_year="2027",
        report_due="05/12",
        **{
            "task-1-title": "Rà soát văn bản về môi trường",
            "task-1-content": "Rà soát, đề xuất sửa đổi văn bản.",
            "task-1-subindex": "4",
            "task-1-lead": str(world.unit_b.pk),
            "task-1-partners": "Văn phòng Sở\nPhòng Nghiệp vụ II; Văn phòng Sở",
            "task-1-time": "Quý III/2026",
            "task-1-outputs": "Báo cáo rà soát",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith(url(imp))
    imp = stored(imp)
    assert imp.version == 2
    assert imp.draft["title"] == "Kế hoạch cải thiện PGI năm 2026" and imp.draft["issued_on"] == "2026-02-05"
    assert imp.draft["end_year"] == 2027 and imp.draft["report"]["due"] == "12-05"
    task = imp.draft["tasks"][1]
    assert task["title"] == "Rà soát văn bản về môi trường" and task["content"] == "Rà soát, đề xuất sửa đổi văn bản."
    assert task["subindex"] == 4 and task["lead_id"] == world.unit_b.pk
    assert task["partners"] == ["Văn phòng Sở", "Phòng Nghiệp vụ II"]  # repeats dropped
    assert (task["schedule"], task["due"], task["outputs"]) == ("once", "2026-09-30", "Báo cáo rà soát")
    entry = AuditEntry.objects.get(action="documents.plan_import.edited")
    assert entry.object_id == str(imp.pk) and entry.changes["version"] == [1, 2]
    html = client.get(url(imp)).content.decode()
    assert "Rà soát văn bản về môi trường" in html and 'value="05/02/2026"' in html and 'value="30/09/2026"' in html
    assert f'<option value="{world.unit_b.pk}" selected>' in html


def test_splitting_a_task_at_a_paragraph_keeps_its_units_and_divides_its_span(client_for, world, imp):
    client = client_for(world.coordinator)
    html = client.get(url(imp)).content.decode()
    assert '<option value="1">2: Tổ chức hội nghị phổ biến quy định mới về phân loại rác.</option>' in html
    response = post(client, imp, "split:0", **{"task-0-split_at": "1", "task-0-lead": str(world.unit_a.pk)})
    assert response.status_code == 302 and response["Location"].endswith("#task-0")
    first, second, *rest = stored(imp).draft["tasks"]
    assert len(rest) == 2
    assert first["content"] == "Tuyên truyền pháp luật về bảo vệ môi trường cho doanh nghiệp."
    assert second["content"] == "Tổ chức hội nghị phổ biến quy định mới về phân loại rác."
    assert second["title"] == "Tổ chức hội nghị phổ biến quy định mới về phân loại rác"
    for task in (first, second):
        assert task["lead_id"] == world.unit_a.pk and task["subindex"] == 1
        assert task["partners"] == ["Văn phòng Sở", "các phòng, đơn vị sự nghiệp thuộc Sở"]
    assert first["span"][0] == TEXT.index("Tuyên truyền") and second["span"][1] == TEXT.index("2. Rà soát")
    assert first["span"][1] == second["span"][0] and TEXT[second["span"][0] :].startswith("Tổ chức hội nghị")


def test_a_task_of_one_sentence_cannot_be_split(world, imp):
    with pytest.raises(DraftError, match="chỉ có một câu"):
        imports.plan_import_edit(
            actor=world.coordinator, imp=imp, expected_version=1, edits=[("split", {"index": 1, "at": 1})]
        )
    assert stored(imp).version == 1


def test_merging_a_task_with_the_next_joins_contents_units_and_spans(client_for, world, imp):
    response = post(client_for(world.coordinator), imp, "merge:0")
    assert response.status_code == 302
    tasks = stored(imp).draft["tasks"]
    assert len(tasks) == 2
    merged = tasks[0]
    assert merged["title"].startswith("Tuyên truyền") and merged["content"].endswith("về môi trường.")
    assert merged["leads"] == ["Phòng Nghiệp vụ II", "Phòng Quản lý du lịch"]
    assert merged["partners"] == ["Văn phòng Sở", "các phòng, đơn vị sự nghiệp thuộc Sở", "Hiệp hội Du lịch tỉnh"]
    assert merged["span"] == [TEXT.index("Tuyên truyền"), _span("Rà soát văn bản quy phạm pháp luật về môi trường.")[1]]


def test_the_last_task_has_no_next_to_merge_with(client_for, world, imp):
    html = client_for(world.coordinator).get(url(imp)).content.decode()
    assert 'value="merge:1"' in html and 'value="merge:2"' not in html
    response = post(client_for(world.coordinator), imp, "merge:2")
    assert response.status_code == 400 and "nhiệm vụ cuối cùng" in response.content.decode()
    assert stored(imp).version == 1


def test_moving_a_task_to_another_group_takes_its_subindex_and_heading(client_for, world, imp):
    client = client_for(world.coordinator)
    post(client, imp, "move:2", **{"task-2-move_to": "t:0"})
    tasks = stored(imp).draft["tasks"]
    assert [t["subindex"] for t in tasks] == [1, 1, 2]
    assert tasks[1]["title"] == "Hướng dẫn thực hành xanh tại cơ quan"
    assert tasks[1]["heading"] == "Chỉ số thành phần 1: Giảm thiểu ô nhiễm và thiên tai"
    imp = stored(imp)
    post(client, imp, "move:0", **{"task-0-move_to": "s:4"})  # a sub-index the draft has no group for
    tasks = stored(imp).draft["tasks"]
    assert (
        tasks[-1]["subindex"] == 4
        and tasks[-1]["heading"] == "Chỉ số thành phần 4: Chính sách khuyến khích và dịch vụ hỗ trợ"
    )


def test_adding_a_task_puts_it_at_the_end_of_its_group(client_for, world, imp):
    response = post(
        client_for(world.coordinator),
        imp,
        "add",
        **{
            "new-group": "t:0",
            "new-title": "",
            "new-content": "Tập huấn cho cán bộ về kiểm kê khí nhà kính. Có báo cáo kết quả.",
            "new-lead": str(world.service_unit.pk),
            "new-partners": "Văn phòng Sở",
            "new-time": "31/10/2026",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#them-nhiem-vu")
    tasks = stored(imp).draft["tasks"]
    added = tasks[1]
    assert added["title"] == "Tập huấn cho cán bộ về kiểm kê khí nhà kính" and added["subindex"] == 1
    assert added["lead_id"] == world.service_unit.pk and added["leads"] == ["Trung tâm Trợ giúp pháp lý nhà nước"]
    assert added["due"] == "2026-10-31" and added["span"] is None and len(tasks) == 4


def test_a_new_task_needs_a_title_or_content(client_for, world, imp):
    response = post(client_for(world.coordinator), imp, "add", **{"new-group": "t:0", "new-title": " "})
    assert response.status_code == 400 and "hãy ghi tên hoặc nội dung" in response.content.decode()
    assert len(stored(imp).draft["tasks"]) == 3


def test_deleting_a_task(client_for, world, imp):
    post(client_for(world.coordinator), imp, "delete:1")
    assert [t["section"] for t in stored(imp).draft["tasks"]] == ["II.1.a", "II.3.a"]


def test_an_invalid_edit_saves_nothing_and_keeps_what_was_typed(client_for, world, imp):
    response = post(
        client_for(world.coordinator),
        imp,
        "save",
        issued_on="31/02/2026",
        **{"task-0-title": "Tiêu đề mới đã gõ", "task-1-time": "sau Tết", "task-2-title": ""},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ngày ban hành “31/02/2026” không đúng dạng dd/mm/yyyy." in html
    assert "Nhiệm vụ 2: thời gian thực hiện không hiểu “sau Tết”" in html
    assert "Nhiệm vụ 3: tên nhiệm vụ không được để trống." in html
    assert "Tiêu đề mới đã gõ" in html  # shown again, not lost
    imp = stored(imp)
    assert imp.version == 1 and imp.draft == make_draft()


# --- versions -----------------------------------------------------------------------------------


def test_an_edit_from_a_stale_page_is_refused_and_shows_the_latest_draft(client_for, world, imp):
    client = client_for(world.coordinator)
    post(client, imp, "save", **{"task-0-title": "Bản của người thứ nhất"})
    response = post(client, imp, "delete:0", version=1, **{"task-0-title": "Bản của người thứ hai"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "vừa được người khác sửa" in html and "Bản của người thứ nhất" in html
    imp = stored(imp)
    assert imp.version == 2 and len(imp.draft["tasks"]) == 3
    assert imp.draft["tasks"][0]["title"] == "Bản của người thứ nhất"


def test_the_services_refuse_a_missing_or_stale_version(world, imp):
    for version in (None, 7):
        with pytest.raises(DomainError):
            imports.plan_import_edit(actor=world.coordinator, imp=imp, expected_version=version, edits=[])
    with pytest.raises(Conflict):
        imports.plan_import_confirm(actor=world.coordinator, imp=imp, expected_version=3)
    assert stored(imp).version == 1 and not Plan.objects.exists()


def test_two_saves_from_the_same_version_cannot_both_pass(world, imp):
    # Both reviewers loaded version 1; the second's object is the one it loaded then.
    theirs = stored(imp)
    imports.plan_import_edit(actor=world.coordinator, imp=imp, expected_version=1, edits=[("delete", {"index": 0})])
    with pytest.raises(Conflict):
        imports.plan_import_edit(
            actor=world.coordinator, imp=theirs, expected_version=1, edits=[("delete", {"index": 2})]
        )
    assert len(stored(imp).draft["tasks"]) == 2


# --- the lead must be one of the candidates -----------------------------------------------------


@pytest.fixture
def elsewhere(world):
    """An organisation of another province: not a candidate for the Sở Tư pháp's plan."""
    province = Organization.objects.create(name="Ủy ban nhân dân tỉnh Khác", kind="province")
    return Organization.objects.create(name="Sở Tư pháp tỉnh Khác", kind="agency", parent=province)


@pytest.mark.parametrize("choice", ["elsewhere", "missing", "text"])
def test_a_lead_outside_the_candidates_is_refused_and_nothing_changes(client_for, world, imp, elsewhere, choice):
    value = {"elsewhere": str(elsewhere.pk), "missing": "999999", "text": "Phòng X"}[choice]
    response = post(client_for(world.coordinator), imp, "save", **{"task-0-lead": value, "task-0-title": "Mới"})
    assert response.status_code == 400
    assert "Nhiệm vụ 1: đơn vị chủ trì đã chọn không thuộc các cơ quan, đơn vị của tỉnh" in response.content.decode()
    imp = stored(imp)
    assert imp.version == 1 and imp.draft == make_draft()


def test_confirm_refuses_a_stored_lead_outside_the_candidates(world, imp, elsewhere):
    draft = make_draft()
    draft["tasks"][0]["lead_id"] = elsewhere.pk  # stored before the safeguard, or by hand
    PlanImport.objects.filter(pk=imp.pk).update(draft=draft)
    with pytest.raises(DraftError, match="Nhiệm vụ 1: đơn vị chủ trì"):
        imports.plan_import_confirm(actor=world.coordinator, imp=stored(imp), expected_version=1)
    assert not Plan.objects.exists()


# --- creating a unit the plan names -------------------------------------------------------------


def test_an_unmatched_lead_becomes_a_new_unit_of_the_issuer_and_leads_its_task(client_for, world, imp):
    client = client_for(world.coordinator)
    response = post(client, imp, "unit:Phòng Quản lý du lịch", **{"task-0-title": "Sửa cùng lúc"})
    assert response.status_code == 302
    unit = Organization.objects.get(name="Phòng Quản lý du lịch")
    assert unit.parent == world.agency and unit.kind == "division" and unit.path.startswith(world.agency.path)
    imp = stored(imp)
    assert imp.version == 2 and imp.draft["tasks"][1]["lead_id"] == unit.pk
    assert imp.draft["tasks"][0]["title"] == "Sửa cùng lúc"  # the rest of the page was kept
    assert AuditEntry.objects.filter(action="accounts.organization.created", object_id=str(unit.pk)).exists()
    html = client.get(url(imp)).content.decode()
    assert f'<option value="{unit.pk}" selected>Phòng Quản lý du lịch</option>' in html


def test_an_unmatched_partner_becomes_a_unit_matched_at_confirmation(world, imp):
    # The partner typed on the page and its button pressed in the same request.
    unit = imports.plan_import_create_unit(
        actor=world.coordinator,
        imp=imp,
        expected_version=1,
        name="Trung tâm Thông tin Xúc tiến du lịch",
        edits=[("update", {"tasks": {1: {"partners": "Trung tâm Thông tin Xúc tiến du lịch"}}})],
    )
    assert unit.kind == "service_unit" and unit.parent == world.agency
    plan = imports.plan_import_confirm(actor=world.coordinator, imp=stored(imp), expected_version=2)
    task = plan.tasks.get(section="II.2.a")
    assert task.assignments.get(role="partner").organization == unit


def test_a_unit_is_made_once_only_for_a_name_the_draft_gives(world, imp):
    first = imports.plan_import_create_unit(
        actor=world.coordinator, imp=imp, expected_version=1, name="Phòng Quản lý du lịch"
    )
    again = imports.plan_import_create_unit(
        actor=world.coordinator, imp=imp, expected_version=2, name="phòng quản lý du lịch."
    )
    assert first == again and Organization.objects.filter(name__iexact="Phòng Quản lý du lịch").count() == 1
    with pytest.raises(DraftError, match="là một nhóm đơn vị"):
        imports.plan_import_create_unit(
            actor=world.coordinator, imp=imp, expected_version=3, name="các phòng, đơn vị sự nghiệp thuộc Sở"
        )
    with pytest.raises(DraftError, match="chỉ tạo được đơn vị mà kế hoạch nêu tên"):
        imports.plan_import_create_unit(actor=world.coordinator, imp=imp, expected_version=3, name="Phòng Bất kỳ")
    assert not Organization.objects.filter(name="Phòng Bất kỳ").exists() and stored(imp).version == 3


def test_a_refused_edit_does_not_leave_the_new_unit_behind(world, imp):
    with pytest.raises(DraftError):
        imports.plan_import_create_unit(
            actor=world.coordinator,
            imp=imp,
            expected_version=1,
            name="Phòng Quản lý du lịch",
            edits=[("update", {"tasks": {0: {"title": ""}}})],
        )
    assert not Organization.objects.filter(name="Phòng Quản lý du lịch").exists()


# --- confirming ---------------------------------------------------------------------------------


def test_confirm_after_edits_creates_the_edited_tasks(client_for, world, imp):
    client = client_for(world.coordinator)
    post(client, imp, "split:0", **{"task-0-split_at": "1"})
    imp = stored(imp)
    post(client, imp, "add", **{"new-group": "s:4", "new-title": "Hỗ trợ doanh nghiệp", "new-time": "hằng năm"})
    imp = stored(imp)
    post(client, imp, "delete:2")
    imp = stored(imp)
    response = post(client, imp, "confirm", **{"task-1-lead": str(world.office.pk), "task-2-title": "Hướng dẫn xanh"})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ke-hoach/{plan.pk}/"
    tasks = list(plan.tasks.order_by("order"))
    assert [t.title for t in tasks] == [
        "Tuyên truyền pháp luật về bảo vệ môi trường cho doanh nghiệp",
        "Tổ chức hội nghị phổ biến quy định mới về phân loại rác",
        "Hướng dẫn xanh",
        "Hỗ trợ doanh nghiệp",
    ]
    assert [t.subindex.number for t in tasks] == [1, 1, 3, 4]
    assert tasks[0].assignments.get(role="lead").organization == world.unit_a  # matched from the text
    assert tasks[1].assignments.get(role="lead").organization == world.office  # chosen at confirmation
    assert tasks[1].lead_text == "Phòng Nghiệp vụ II"  # the plan's own wording is kept
    # The Office and the group expanded: every unit of the agency but the lead.
    assert tasks[0].assignments.filter(role="partner").count() == 3
    assert not tasks[3].assignments.exists()
    # "hằng năm" without a day falls due on the plan's annual report day.
    assert (tasks[3].schedule, tasks[3].due_month, tasks[3].due_day) == ("annual", 12, 10)
    assert (plan.number, plan.symbol, str(plan.issued_on)) == ("27", "KH-STP", "2026-01-21")
    imp = stored(imp)
    assert imp.state == "confirmed" and imp.plan == plan and imp.version == 6
    assert client.get(url(imp))["Location"] == f"/ke-hoach/{plan.pk}/"  # the review is done


def test_a_task_with_several_leads_gives_the_others_the_task_as_partners(world, imp):
    draft = make_draft()
    draft["tasks"][0].update(
        lead="Phòng Nghiệp vụ II; Văn phòng Sở", leads=["Phòng Nghiệp vụ II", "Văn phòng Sở"], partners=[]
    )
    PlanImport.objects.filter(pk=imp.pk).update(draft=draft)
    plan = imports.plan_import_confirm(actor=world.coordinator, imp=stored(imp), expected_version=1)
    task = plan.tasks.order_by("order").first()
    assert task.assignments.get(role="lead").organization == world.unit_a
    assert [a.organization for a in task.assignments.filter(role="partner")] == [world.office]
    assert task.lead_text == "Phòng Nghiệp vụ II; Văn phòng Sở"


def test_a_confirmed_import_cannot_be_edited(world, imp):
    imports.plan_import_confirm(actor=world.coordinator, imp=imp, expected_version=1)
    with pytest.raises(DomainError, match="đã được dùng"):
        imports.plan_import_edit(actor=world.coordinator, imp=stored(imp), expected_version=2, edits=[])


# --- who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", [p.name for p in PERSONAS])
def test_only_the_issuers_office_reviews_and_others_get_404(client_for, world, imp, persona):
    client = client_for(getattr(world, persona))
    allowed = persona in ("coordinator", "admin")
    assert client.get(url(imp)).status_code == (200 if allowed else 404)
    response = post(client, imp, "delete:0")
    assert response.status_code == (302 if allowed else 404)
    assert len(stored(imp).draft["tasks"]) == (2 if allowed else 3)


def test_the_uploader_without_the_office_role_sees_but_may_not_edit(client_for, world, imp):
    PlanImport.objects.filter(pk=imp.pk).update(uploaded_by=world.officer_a)
    client = client_for(world.officer_a)
    html = client.get(url(imp)).content.decode()
    assert "Bạn chỉ xem được bản nháp này" in html and 'value="delete:0"' not in html
    for op in ("save", "delete:0", "unit:Phòng Quản lý du lịch", "confirm"):
        assert post(client, imp, op).status_code == 403
    assert stored(imp).version == 1 and not Plan.objects.exists()
    assert not Organization.objects.filter(name="Phòng Quản lý du lịch").exists()


def test_an_import_of_another_agency_is_out_of_reach(client_for, world, imp):
    PlanImport.objects.filter(pk=imp.pk).update(issuer=world.other_agency, uploaded_by=world.admin)
    client = client_for(world.coordinator)
    assert client.get(url(imp)).status_code == 404
    assert post(client, imp, "save").status_code == 404


def test_a_page_from_another_draft_is_refused_not_guessed(client_for, world, imp):
    client = client_for(world.coordinator)
    for op in ("delete:9", "split:x", "teleport:1"):
        response = post(client, imp, op)
        assert response.status_code == 302
        assert "Yêu cầu không hợp lệ" in client.get(url(imp)).content.decode()
    assert stored(imp).version == 1


# --- the draft functions, over any input --------------------------------------------------------

words = st.text(alphabet="abcđêếôơưạ ,.", min_size=1, max_size=30).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs=st.lists(words, min_size=2, max_size=6), data=st.data())
def test_split_then_merge_gives_back_the_content(paragraphs, data):
    content = "\n".join(paragraphs)
    text = "Mở đầu\n" + content + "\nKết thúc"
    task = {"title": "t", "content": content, "span": [7, 7 + len(content)], "partners": ["A"], "leads": ["B"]}
    pieces = plan_draft.split_points(content)
    at = data.draw(st.integers(min_value=1, max_value=len(pieces) - 1))
    draft = plan_draft.split({"tasks": [task]}, 0, at, text)
    first, second = draft["tasks"]
    assert first["span"][1] == second["span"][0] and first["span"][0] == 7 and second["span"][1] == 7 + len(content)
    back = plan_draft.merge(draft, 0)["tasks"][0]
    assert back["content"].split() == content.split() and back["span"] == task["span"]
    assert back["partners"] == ["A"] and back["leads"] == ["B"]


@settings(max_examples=80, deadline=None)
@given(
    text=st.text(max_size=200),
    spans=st.lists(st.tuples(st.integers(-5, 220), st.integers(-5, 220)), max_size=6),
)
def test_the_source_segments_cover_the_text_once_whatever_the_spans(text, spans):
    import unicodedata

    tasks = [{"span": list(s)} for s in spans]
    segments = plan_draft.source_segments(text, tasks)
    assert "".join(s.text for s in segments) == "".join(
        unicodedata.normalize("NFC", text[a:b]) for a, b in _cuts(text, tasks)
    )
    for i, task in enumerate(tasks):
        span = plan_draft.span_of(task, len(text))
        assert (sum(1 for s in segments if i in s.anchors) == 1) is (span is not None)


def _cuts(text, tasks):
    spans = [s for t in tasks if (s := plan_draft.span_of(t, len(text)))]
    cuts = sorted({0, len(text), *(x for s in spans for x in s)})
    return list(itertools.pairwise(cuts))


def test_the_review_page_does_not_query_per_task(client_for, world, imp):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.coordinator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(imp)).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    draft = make_draft()
    draft["tasks"] = [dict(t, lead_id=world.office.pk) for t in draft["tasks"]] * 12
    PlanImport.objects.filter(pk=imp.pk).update(draft=draft)
    assert queries() == few


def test_a_task_without_its_deadline_is_named_before_confirming(client_for, world, imp):
    draft = make_draft(report={"to": None, "due": None})
    draft["tasks"][0].update(due_month=None, due_day=None)  # "hằng năm", no day, and no report day
    draft["tasks"][1].update(due=None)  # "có thời hạn", no day
    PlanImport.objects.filter(pk=imp.pk).update(draft=draft)
    client = client_for(world.coordinator)
    html = client.get(url(imp)).content.decode()
    assert "Cần ghi hạn, ví dụ “hằng năm, trước ngày 30/11”." in html and "Cần ghi hạn hoàn thành" in html
    # The page's fields sent back as they are change nothing, and name the two tasks.
    fields = {f"task-{i}-time": plan_draft.time_label(t) for i, t in enumerate(draft["tasks"])}
    response = post(client, imp, "confirm", **fields)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nhiệm vụ 1: nhiệm vụ hằng năm cần ghi hạn" in html and "Nhiệm vụ 2: chưa có hạn hoàn thành" in html
    assert not Plan.objects.exists()
