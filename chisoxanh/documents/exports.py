"""The exporters behind the Excel downloads: each yields rows; xlsx.render writes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

from chisoxanh.plans.models import Assignment, Plan, Task
from chisoxanh.reports.models import Activity, Period, TaskReport
from chisoxanh.reports.selectors import board, report_status

from .xlsx import Exporter, Sheet


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


class BoardExporter(Exporter):
    """The Office board: one row per unit × task, then the units' and sub-indices' counts."""

    def __init__(self, period: Period, *, today: dt.date):
        self.period, self.today = period, today
        self.filename = f"bang-theo-doi-{period.plan_id}-{period.year}.xlsx"
        self.author = period.plan.issuer.name

    def sheets(self) -> Iterator[Sheet]:
        b = board(self.period, today=self.today)

        def cells():
            for row in b.rows:
                for task, cell in zip(b.tasks, row.cells, strict=True):
                    if cell is None:
                        continue
                    r, status = cell.report, cell.status
                    yield [
                        row.organization.name, b.codes[task.pk], task.title,
                        task.subindex.number if task.subindex_id else None,
                        r.get_role_display(), r.get_state_display(), r.progress_label, status.label,
                        status.deadline.on, status.deadline.kind.label, _local(r.first_submitted_at),
                        _local(r.submitted_at),
                    ]  # fmt: skip

        yield Sheet(
            "Đơn vị × nhiệm vụ",
            [("Đơn vị", 34), ("Mục", 8), ("Nhiệm vụ", 60), ("Chỉ số", 8), ("Vai trò", 10),
             ("Trạng thái báo cáo", 16), ("Tiến độ", 18), ("Tình trạng", 24), ("Hạn", 12), ("Hạn áp dụng", 16),
             ("Gửi lần đầu", 18), ("Gửi lần cuối", 18)],
            cells(),
        )  # fmt: skip
        count_cols = [("Phải gửi", 10), ("Đã gửi", 10), ("Đúng hạn", 10), ("Đã duyệt", 10),
                      ("Bị trả lại", 10), ("Quá hạn", 10), ("Tỷ lệ đã gửi (%)", 14),
                      ("Tỷ lệ đúng hạn (%)", 14)]  # fmt: skip

        def counts(c):
            return [
                c.expected,
                c.sent,
                c.on_time,
                c.accepted,
                c.returned,
                c.overdue,
                c.completeness,
                c.timeliness,
            ]

        yield Sheet(
            "Theo đơn vị",
            [("Đơn vị", 40), *count_cols],
            ([r.organization.name, *counts(r.counts)] for r in b.rows),
        )
        yield Sheet(
            "Theo chỉ số",
            [
                ("Chỉ số thành phần", 50),
                ("Số nhiệm vụ", 12),
                *[(s.label, 16) for s, _ in b.total.status_list],
                *count_cols,
            ],
            ([s.label, s.tasks, *[n for _, n in s.status_list], *counts(s.counts)] for s in b.subindices),
        )


# One column per field of Activity.FIELDS, in its order (tests/test_field_lists.py).
ACTIVITY_COLUMNS = {
    "date": ("Ngày hoạt động", 14), "kind": ("Hình thức", 20), "channel": ("Kênh", 16),
    "title": ("Nội dung hoạt động", 50), "people_reached": ("Số người", 10), "link": ("Đường dẫn", 40),
}  # fmt: skip
_NO_ACTIVITY = [None if f in ("date", "people_reached") else "" for f in Activity.FIELDS]


def _activity_cells(a: Activity) -> list:
    """The activity's fields as the sheet shows them: choices by their Vietnamese label."""
    cells = []
    for name in Activity.FIELDS:
        value = getattr(a, name)
        if a._meta.get_field(name).choices and value:
            value = getattr(a, f"get_{name}_display")()
        cells.append(value)
    return cells


class ReportsExporter(Exporter):
    """Every task report of a period with its activities (one row per activity)."""

    def __init__(self, period: Period, *, today: dt.date | None = None):
        self.period, self.today = period, today or timezone.localdate()
        self.filename = f"bao-cao-nhiem-vu-{period.plan_id}-{period.year}.xlsx"
        self.author = period.plan.issuer.name

    def sheets(self) -> Iterator[Sheet]:
        reports = (
            TaskReport.objects.filter(period=self.period)
            .select_related("task", "task__subindex", "organization")
            .order_by("task__order", "organization__path")
        )
        # Activities stream in report order with the reports, two queries in all, iterated
        # in chunks so that a large period does not sit in memory.
        activities: dict[int, list[Activity]] = {}
        for a in (
            Activity.objects.filter(report__period=self.period)
            .order_by("report_id", "date", "id")
            .iterator(chunk_size=2000)
        ):
            activities.setdefault(a.report_id, []).append(a)

        def rows():
            for r in reports.iterator(chunk_size=2000):
                r.period = self.period  # the deadline is the period's: no query per report
                status = report_status(r, self.today)
                base = [
                    r.task.section, r.task.title, r.task.subindex.number if r.task.subindex_id else None,
                    r.organization.name, r.get_role_display(), r.get_state_display(), r.progress_label,
                    r.stated_completion, status.label, status.deadline.on, status.deadline.kind.label,
                    r.results, r.difficulties, r.proposals,
                ]  # fmt: skip
                for a in activities.get(r.pk) or [None]:
                    yield [*base, *(_activity_cells(a) if a else _NO_ACTIVITY)]

        yield Sheet(
            "Báo cáo nhiệm vụ",
            [("Mục", 8), ("Nhiệm vụ", 50), ("Chỉ số", 8), ("Đơn vị", 30), ("Vai trò", 10), ("Trạng thái", 14),
             ("Tiến độ", 18), ("Ngày hoàn thành (đơn vị ghi)", 14), ("Tình trạng", 24), ("Hạn", 12),
             ("Hạn áp dụng", 16), ("Kết quả", 60), ("Khó khăn, vướng mắc", 40),
             ("Kiến nghị, đề xuất", 40), *(ACTIVITY_COLUMNS[f] for f in Activity.FIELDS)],
            rows(),
        )  # fmt: skip


class PlanTasksExporter(Exporter):
    """A plan's tasks as its appendix table: who leads, who takes part, by when."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.filename = f"nhiem-vu-ke-hoach-{plan.pk}.xlsx"
        self.author = plan.issuer.name

    def sheets(self) -> Iterator[Sheet]:
        tasks = (
            Task.objects.filter(plan=self.plan)
            .select_related("subindex")
            .prefetch_related("assignments__organization")
            .order_by("order", "id")
        )

        def rows():
            for i, t in enumerate(tasks, start=1):
                leads = [a.organization.name for a in t.assignments.all() if a.role == Assignment.Role.LEAD]
                partners = [a.organization.name for a in t.assignments.all() if a.role == Assignment.Role.PARTNER]
                yield [
                    i, t.section, t.subindex.number if t.subindex_id else None, t.title, t.content,
                    ", ".join(leads) or t.lead_text, t.partners_text, ", ".join(partners), t.schedule_label, t.outputs,
                ]  # fmt: skip

        yield Sheet(
            "Nhiệm vụ",
            [("STT", 6), ("Mục", 8), ("Chỉ số", 8), ("Nhiệm vụ", 50), ("Nội dung", 70), ("Đơn vị chủ trì", 26),
             ("Đơn vị phối hợp (theo kế hoạch)", 30), ("Các đơn vị phối hợp", 50), ("Thời gian", 24), ("Sản phẩm", 30)],
            rows(),
        )  # fmt: skip
