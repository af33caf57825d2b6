"""One report, one status: its page, the board (page, data and XLSX), the reports XLSX, the API
and the result report's appendix (stored, on its page and in the DOCX) all say the same label,
judged against the same, named deadline (issue 13).

The labels expected here are written out by hand from the rules (tests/lib/test_status_rules.py),
not computed by the code under test.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass

import openpyxl
import pytest
from django.utils import timezone
from docx import Document

from chisoxanh.demo.loader import load_demo
from chisoxanh.documents import services as documents
from chisoxanh.lib import status as rules
from chisoxanh.plans.models import Task
from chisoxanh.reports import boardcache, selectors, services
from chisoxanh.reports.models import Period, TaskReport
from tests.factories import report_of

TODAY = dt.date(2026, 12, 5)  # after the units' deadline (25/11), before the agency's (10/12)


@dataclass
class Case:
    schedule: str
    due: dict  # the task's own deadline fields
    progress: str
    review: str  # where the report ends: draft, submitted, returned, accepted
    sent: dt.date | None  # the day of its (last) submission
    label: str
    done: bool
    deadline: str
    progress_text: str


CASES = {
    # The report of the issue: sent on 02/12 against 25/11; the unit typed 20/11 as its completion day.
    "done-accepted-sent-after-the-units-deadline": Case(
        "once", {"due_date": dt.date(2027, 3, 31)}, "done", "accepted", dt.date(2026, 12, 2),
        "Hoàn thành quá hạn", True, "hạn của đơn vị 25/11/2026", "Hoàn thành",
    ),
    "done-accepted-on-time": Case(
        "once", {"due_date": dt.date(2027, 3, 31)}, "done", "accepted", dt.date(2026, 11, 24),
        "Hoàn thành đúng hạn", True, "hạn của đơn vị 25/11/2026", "Hoàn thành",
    ),
    # Reported done, but no leader accepted it: not done, and past the deadline.
    "done-waiting-for-review": Case(
        "once", {"due_date": dt.date(2027, 3, 31)}, "done", "submitted", dt.date(2026, 11, 20),
        "Quá hạn", False, "hạn của đơn vị 25/11/2026", "Hoàn thành",
    ),
    # "/bao-cao/9/": a continuous task under way, sent on time — reported, never "Hoàn thành".
    "continuous-accepted-on-time": Case(
        "continuous", {}, "in_progress", "accepted", dt.date(2026, 11, 20),
        "Đã báo cáo đúng hạn", False, "hạn của đơn vị 25/11/2026", "Thực hiện thường xuyên",
    ),
    "continuous-done-returned": Case(
        "continuous", {}, "done", "returned", dt.date(2026, 11, 20),
        "Chưa báo cáo", False, "hạn của đơn vị 25/11/2026", "Thực hiện thường xuyên",
    ),
    # An annual task "trước ngày 10 tháng 12 hằng năm": held to the agency's own date.
    "annual-accepted-still-in-progress": Case(
        "annual", {"due_month": 12, "due_day": 10}, "in_progress", "accepted", dt.date(2026, 11, 30),
        "Đang thực hiện trong hạn", False, "hạn của cơ quan 10/12/2026", "Đang thực hiện",
    ),
    "annual-done-accepted-before-the-agencys-date": Case(
        "annual", {"due_month": 12, "due_day": 10}, "done", "accepted", dt.date(2026, 12, 1),
        "Hoàn thành đúng hạn", True, "hạn của cơ quan 10/12/2026", "Hoàn thành",
    ),
    "once-draft-not-started": Case(
        "once", {"due_date": dt.date(2026, 12, 8)}, "not_started", "draft", None,
        "Đang thực hiện trong hạn", False, "hạn của cơ quan 08/12/2026", "Chưa thực hiện",
    ),
}  # fmt: skip


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


def _prepare(world, period, case: Case) -> TaskReport:
    """The first task with the case's schedule, and its lead unit's report taken to the case's state."""
    task = period.plan.tasks.order_by("order").first()
    Task.objects.filter(pk=task.pk).update(schedule=case.schedule, due_date=None, due_month=None, due_day=None)
    Task.objects.filter(pk=task.pk).update(**case.due)
    report = report_of(period, 0, world.unit_a)
    fields = {"results": "Đã tổ chức tuyên truyền.", "progress": case.progress}
    if case.progress == "done":
        fields["completed_on"] = dt.date(2026, 11, 20)
    services.report_save(actor=world.officer_a, report=report, expected_version=report.version, fields=fields)
    if case.review != "draft":
        services.report_submit(actor=world.officer_a, report=report, expected_version=report.version)
    if case.review == "accepted":
        services.report_accept(actor=world.unit_leader, report=report, expected_version=report.version)
    if case.review == "returned":
        services.report_return(
            actor=world.unit_leader, report=report, expected_version=report.version, reason="Bổ sung minh chứng"
        )
    if case.sent:
        TaskReport.objects.filter(pk=report.pk).update(first_submitted_at=_at(case.sent), submitted_at=_at(case.sent))
    boardcache.invalidate(Period.objects.filter(pk=period.pk))  # update() sends no signal
    return report_of(period, 0, world.unit_a)


def _dd(html: str, term: str) -> str:
    """The text of the definition after ``<dt>term</dt>`` on a page."""
    match = re.search(rf"<dt>{term}</dt><dd>(.*?)</dd>", html, re.S)
    assert match, term
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def _sheet_rows(content: bytes, sheet: str) -> list[dict]:
    ws = openpyxl.load_workbook(io.BytesIO(content))[sheet]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture
def today(monkeypatch):
    """Every page, export and API answer is looked at on TODAY."""
    real = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda value=None, tz=None: real(value, tz) if value else TODAY)
    return TODAY


@pytest.mark.parametrize("name", list(CASES))
def test_every_place_shows_the_same_status(name, world, period, client_for, today):
    case = CASES[name]
    report = _prepare(world, period, case)
    task = report.task
    text = f"{case.label} ({case.deadline})"

    # The rules themselves.
    status = selectors.report_status(report, today)
    assert (status.label, status.done, status.deadline.text) == (case.label, case.done, case.deadline)

    # The report's page: the status, the deadline it was judged against, the progress.
    html = client_for(world.officer_a).get(f"/bao-cao/{report.pk}/").content.decode()
    assert _dd(html, "Tình trạng") == case.label
    assert _dd(html, "Hạn") == case.deadline[0].upper() + case.deadline[1:]
    assert _dd(html, "Tiến độ").startswith(case.progress_text)
    if not case.done:
        assert "Hoàn thành" not in _dd(html, "Tình trạng")

    # The board: the data, the cell and the task's status on the page (the unit leads the task).
    board = selectors.board(period, today=today)
    cell = next(c for row in board.rows for c in row.cells if c and c.report.pk == report.pk)
    assert cell.status.label == case.label and board.task_status[task.pk].label == case.label
    coordinator = client_for(world.coordinator)
    page = coordinator.get(f"/ky-bao-cao/{period.pk}/").content.decode()
    assert re.search(rf'href="/bao-cao/{report.pk}/" title="[^"]* — {re.escape(text)}"', page)
    assert f"— {case.label.lower()}, {case.deadline}" in page  # the task legend

    # The board's XLSX and the reports' XLSX.
    cells = _sheet_rows(coordinator.get(f"/ky-bao-cao/{period.pk}/bang-theo-doi.xlsx").content, "Đơn vị × nhiệm vụ")
    row = next(r for r in cells if r["Đơn vị"] == world.unit_a.name and r["Nhiệm vụ"] == task.title)
    assert (row["Tình trạng"], row["Tiến độ"]) == (case.label, case.progress_text)
    assert f"{row['Hạn áp dụng']} {row['Hạn']:%d/%m/%Y}" == case.deadline
    reports = _sheet_rows(coordinator.get(f"/ky-bao-cao/{period.pk}/bao-cao-nhiem-vu.xlsx").content, "Báo cáo nhiệm vụ")
    row = next(r for r in reports if r["Đơn vị"] == world.unit_a.name and r["Nhiệm vụ"] == task.title)
    assert (row["Tình trạng"], row["Tiến độ"]) == (case.label, case.progress_text)

    # The API: the report, and the board's task status.
    data = coordinator.get(f"/api/v1/reports/{report.pk}").json()
    assert (data["status_label"], data["done"], data["deadline_label"]) == (case.label, case.done, case.deadline)
    assert data["progress_label"] == case.progress_text
    assert data["status"] == status.code.value
    api_board = coordinator.get(f"/api/v1/periods/{period.pk}/board").json()
    assert api_board["task_status"][str(task.pk)] == status.code.value
    assert api_board["task_deadline"][str(task.pk)] == case.deadline

    # The result report: its appendix as stored, on its page and in the DOCX.
    result = documents.result_report_start(actor=world.coordinator, period=period, today=today)
    stored = result.appendix["rows"][0]
    assert stored["task"] == task.title and stored["status"] == text
    assert text in coordinator.get(f"/bao-cao-ket-qua/{result.pk}/").content.decode()
    doc = Document(io.BytesIO(documents.result_report_docx(result)))
    (appendix,) = [t for t in doc.tables if t.rows[0].cells[0].text == "STT" and len(t.columns) == 6]
    assert appendix.rows[1].cells[1].text == task.title and appendix.rows[1].cells[5].text == text


def test_the_labels_and_values_of_the_rules_are_the_models_own():
    """lib.status is framework-free: it names the models' stored values, which must not drift."""
    assert {s.value for s in rules.Schedule} == set(Task.Schedule.values)
    assert {p.value: p.label for p in rules.Progress} == dict(TaskReport.Progress.choices)
    assert {r.value for r in rules.Review} == set(TaskReport.State.values)


def test_the_boards_counts_agree_with_its_labels(world, plan, period, today):
    """The cards count each task's status once; the sub-indices add up to them; each unit's
    "Quá hạn" counts the reports whose label says past due; the remind button reaches the open ones."""
    tasks = list(plan.tasks.order_by("order"))
    Task.objects.filter(pk=tasks[0].pk).update(schedule="once", due_date=dt.date(2027, 3, 31))
    report = report_of(period, 0, world.unit_a)
    services.report_save(
        actor=world.officer_a,
        report=report,
        expected_version=report.version,
        fields={"results": "Xong", "progress": "done"},
        submit=True,
    )
    b = selectors.board(period, today=today)
    assert b.task_tally.deadline_total == 1 and b.task_tally.continuous_total == 2
    assert b.task_tally.get(rules.TaskStatus.OVERDUE) == 1  # sent, not accepted, past 25/11
    assert sum((s.task_statuses.counts for s in b.subindices), Counter()) == b.task_tally.counts
    for row in b.rows:
        labels = [c.status.label for c in row.cells if c]
        assert row.counts.overdue == sum(label in ("Quá hạn", "Chưa báo cáo") for label in labels)
    # Phòng Nghiệp vụ II's overdue report waits for its leader: no reminder for the unit's officers,
    # but its two other reports are still drafts past the deadline.
    unit_a = next(r for r in b.rows if r.organization == world.unit_a)
    assert (unit_a.counts.overdue, unit_a.counts.open_overdue) == (3, 2)
    assert world.unit_a in b.overdue_units


@pytest.fixture
def demo(db):
    return load_demo(with_passwords=False)


def test_no_report_of_the_demo_says_more_than_its_progress(demo):
    """The demo on 29/11/2026, every report: "Hoàn thành" only beside a progress of "Hoàn thành"
    in an accepted report, and never for a continuous task."""

    day = dt.date(2026, 11, 29)
    period = Period.objects.get(plan__symbol="KH-STP", year=2026)
    board = selectors.board(period, today=day)
    for row in board.rows:
        for cell in row.cells:
            if cell is None:
                continue
            r, status = cell.report, cell.status
            if status.done:
                assert r.progress == "done" and r.state == "accepted" and r.task.schedule != "continuous"
            if r.task.schedule == "continuous":
                assert r.progress_label in ("Thực hiện thường xuyên", "Chưa thực hiện")
                assert not status.label.startswith("Hoàn thành")
    # The annual task of the Office, "trước ngày 10 tháng 12 hằng năm", is judged against that date.
    annual = next(t for t in board.tasks if t.schedule == "annual")
    assert board.task_status[annual.pk].deadline.text == "hạn của cơ quan 10/12/2026"
