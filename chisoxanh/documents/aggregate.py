"""The aggregator's view: every agency's result report for a provincial plan and year, and the
provincial summary across agencies, grouped by sub-index.

All figures come from a handful of grouped queries over the agencies' tasks, task reports and
activities, so a summary of a hundred agencies costs the same few queries as one of two.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone

from chisoxanh.accounts.models import Organization
from chisoxanh.lib.dates import document_date, page_date
from chisoxanh.lib.vietnamese import number, sort_key
from chisoxanh.pgi.models import Subindex
from chisoxanh.plans.models import Plan, Task
from chisoxanh.reports.models import Activity, Period, TaskReport

from . import decree30 as d30
from .compose import Totals
from .models import ResultReport
from .policies import aggregation
from .xlsx import Exporter, Sheet


@dataclass
class AgencyRow:
    agency: Organization
    plan: Plan
    period: Period | None
    report: ResultReport | None
    tasks: int = 0
    expected: int = 0
    sent: int = 0
    accepted: int = 0
    totals: Totals = field(default_factory=Totals)
    by_subindex: dict[int, Totals] = field(default_factory=dict)
    tasks_by_subindex: dict[int, int] = field(default_factory=dict)

    @property
    def has_sent(self) -> bool:
        return bool(self.report and self.report.state in (ResultReport.State.SENT, ResultReport.State.RECEIVED))

    @property
    def state_label(self) -> str:
        if self.report is None:
            return "Chưa lập báo cáo"
        return self.report.get_state_display()


@dataclass
class SubindexRow:
    number: int
    label: str
    agencies: int = 0
    tasks: int = 0
    totals: Totals = field(default_factory=Totals)


@dataclass
class Summary:
    parent: Plan | None
    year: int
    recipient: Organization | None
    agencies: list[AgencyRow]
    subindices: list[SubindexRow]

    @property
    def sent_count(self) -> int:
        return sum(1 for a in self.agencies if a.has_sent)


def _child_plans(user):
    # The long texts are never shown here; the parent plans and recipients, shared by every
    # child plan, are fetched once each by parent_plans_for instead of joined on every row.
    qs = Plan.objects.select_related("issuer").defer("preamble", "purposes", "requirements", "closing", "search_text")
    return aggregation.plans(user, qs)


def _open_child_periods(user):
    """Open periods of the plans reporting to the user's organisation, unordered: the model's
    ordering would join plans and make every row of a DISTINCT distinct."""
    return Period.objects.filter(plan__in=_child_plans(user).values("pk"), opened_at__isnull=False).order_by()


def aggregation_years(user) -> list[int]:
    """The years, newest first, in which a plan reporting to the user's organisation had an open period."""
    return sorted(set(_open_child_periods(user).values_list("year", flat=True).distinct()), reverse=True)


def aggregation_parents(user, year: int) -> list[int]:
    """Ids of the parent plans (0: plans without one) whose child plans report to the user's
    organisation that year: one for a province's aggregator, one per province for the nation."""
    ids = _open_child_periods(user).filter(year=year).values_list("plan__parent_id", flat=True).distinct()
    return sorted({i or 0 for i in ids})


def parent_plans_for(
    user, year: int, parent_ids: Iterable[int] | None = None
) -> list[tuple[Plan | None, int, list[AgencyRow]]]:
    """(parent plan, year, one row per agency plan reporting to the user's organisation) for one
    year, and for the given parent plans only (0: plans without a parent) when ``parent_ids`` is given.

    One year at a time: a province's aggregator has ~120 agencies a year, and ten years of them
    on one page would be slow to build and useless to read.
    """
    children_qs = _child_plans(user)
    if parent_ids is not None:
        ids = list(parent_ids)
        chosen = Q(parent_id__in=[i for i in ids if i])
        if 0 in ids:
            chosen |= Q(parent__isnull=True)
        children_qs = children_qs.filter(chosen)
    children = {plan.pk: plan for plan in children_qs}
    if not children:
        return []
    parents = Plan.objects.select_related("issuer").in_bulk({p.parent_id for p in children.values()} - {None})
    recipients = Organization.objects.select_related("parent").in_bulk(
        {p.report_recipient_id for p in children.values()} - {None}
    )
    for plan in children.values():
        plan.parent = parents.get(plan.parent_id)
        plan.report_recipient = recipients.get(plan.report_recipient_id)
    periods = {}
    for p in Period.objects.filter(plan__in=list(children), year=year, opened_at__isnull=False).order_by(
        "plan_id", "number"
    ):
        periods[p.plan_id] = p  # the year's last period carries the annual report
    reports = {
        r.period_id: r
        for r in ResultReport.objects.filter(period__in=[p.pk for p in periods.values()]).defer("sections", "appendix")
    }
    groups: dict[int | None, list[AgencyRow]] = defaultdict(list)
    for plan_id, period in periods.items():
        plan = children[plan_id]
        groups[plan.parent_id].append(
            AgencyRow(agency=plan.issuer, plan=plan, period=period, report=reports.get(period.pk))
        )
    return [
        (parents.get(parent_id), year, sorted(rows, key=lambda r: (r.agency.order, sort_key(r.agency.name))))
        for parent_id, rows in sorted(groups.items(), key=lambda item: item[0] or 0)
    ]


def summary_for(user, parent_pk: int, year: int) -> Summary:
    for parent, y, rows in parent_plans_for(user, year, [parent_pk]):
        if (parent.pk if parent else 0) == parent_pk:
            return _summarise(parent, y, rows)
    raise Http404("Không tìm thấy kế hoạch cần tổng hợp.")


def _summarise(parent: Plan | None, year: int, rows: list[AgencyRow]) -> Summary:
    by_plan = {r.plan.pk: r for r in rows}
    periods = [r.period.pk for r in rows if r.period]
    for row in (
        Task.objects.filter(plan__in=list(by_plan)).values("plan_id", "subindex__number").annotate(n=Count("id"))
    ):
        agency = by_plan[row["plan_id"]]
        agency.tasks += row["n"]
        if row["subindex__number"]:
            agency.tasks_by_subindex[row["subindex__number"]] = row["n"]
    for row in TaskReport.objects.filter(period__in=periods).values("period__plan_id", "state").annotate(n=Count("id")):
        agency = by_plan[row["period__plan_id"]]
        agency.expected += row["n"]
        if row["state"] in TaskReport.SENT_STATES:
            agency.sent += row["n"]
        if row["state"] == TaskReport.State.ACCEPTED:
            agency.accepted += row["n"]
    activity_rows = (
        Activity.objects.filter(report__period__in=periods, report__state=TaskReport.State.ACCEPTED)
        .values("report__period__plan_id", "report__task__subindex__number", "kind", "channel")
        .annotate(n=Count("id"), people=Sum("people_reached"))
    )
    for row in activity_rows:
        agency = by_plan[row["report__period__plan_id"]]
        number_ = row["report__task__subindex__number"] or 0
        bucket = agency.by_subindex.setdefault(number_, Totals())
        for target in (bucket, agency.totals):
            target.add_group(row["kind"], row["channel"], row["n"], row["people"] or 0)

    subindices = []
    for s in Subindex.objects.order_by("number"):
        sr = SubindexRow(number=s.number, label=str(s))
        for agency in rows:
            if agency.tasks_by_subindex.get(s.number):
                sr.agencies += 1
                sr.tasks += agency.tasks_by_subindex[s.number]
            if s.number in agency.by_subindex:
                sr.totals.merge(agency.by_subindex[s.number])
        subindices.append(sr)
    recipient = rows[0].plan.report_recipient if rows else None
    return Summary(parent=parent, year=year, recipient=recipient, agencies=rows, subindices=subindices)


# --- outputs -----------------------------------------------------------------------------------


class SummaryExporter(Exporter):
    def __init__(self, summary: Summary):
        self.summary = summary
        self.filename = f"tong-hop-{summary.parent.pk if summary.parent else 0}-{summary.year}.xlsx"

    def sheets(self) -> Iterator[Sheet]:
        s = self.summary
        yield Sheet(
            "Theo cơ quan",
            [("STT", 6), ("Cơ quan", 40), ("Kế hoạch", 16), ("Báo cáo kết quả", 16), ("Tình trạng", 16),
             ("Số nhiệm vụ", 12), ("Báo cáo nhiệm vụ đã gửi", 14), ("Phải gửi", 10), ("Đã duyệt", 10),
             ("Hội nghị, tập huấn", 12), ("Lượt người tham dự", 14), ("Tin, bài", 10), ("Lượt tiếp cận", 14),
             ("Văn bản", 10)],
            (
                [i, a.agency.name, a.plan.reference, a.report.reference if a.report and a.report.number else "",
                 a.state_label, a.tasks, a.sent, a.expected, a.accepted, a.totals.sessions,
                 a.totals.session_people, a.totals.posts, a.totals.post_reach, a.totals.documents]
                for i, a in enumerate(s.agencies, start=1)
            ),
        )  # fmt: skip
        yield Sheet(
            "Theo chỉ số",
            [("Chỉ số thành phần", 50), ("Số cơ quan có nhiệm vụ", 14), ("Số nhiệm vụ", 12),
             ("Hội nghị, tập huấn", 12), ("Lượt người tham dự", 14), ("Tin, bài", 10), ("Lượt tiếp cận", 14),
             ("Văn bản", 10)],
            (
                [r.label, r.agencies, r.tasks, r.totals.sessions, r.totals.session_people, r.totals.posts,
                 r.totals.post_reach, r.totals.documents]
                for r in s.subindices
            ),
        )  # fmt: skip


def render_docx(summary: Summary, *, today: dt.date | None = None) -> bytes:
    today = today or timezone.localdate()
    recipient = summary.recipient
    parent_org = recipient.parent if recipient else None
    doc = d30.new_document(
        author=recipient.name if recipient else d30.PRODUCT,
        created=dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC),
    )
    d30.page_numbers(doc.sections[0])
    d30.header_block(
        doc,
        d30.Header(
            parent=(parent_org.short_name or parent_org.name) if parent_org else "",
            issuer=recipient.name if recipient else "",
            reference=f"Số:       /BC-{recipient.abbreviation if recipient and recipient.abbreviation else 'CQ'}",
            place_date=document_date(today, summary.parent.place if summary.parent and summary.parent.place else ""),
        ),
    )
    plan = summary.parent
    plan_ref = (
        f"Kế hoạch số {plan.reference}" + (f" ngày {page_date(plan.issued_on)}" if plan and plan.issued_on else "")
        if plan
        else "các kế hoạch"
    )
    title = f"Tổng hợp kết quả thực hiện {plan_ref} năm {summary.year}"
    d30.title_block(doc, "Báo cáo", title)
    doc.core_properties.title = title
    if plan and plan.issuer.parent_id is None:
        d30.addressee(doc, [plan.issuer.name])
    total = len(summary.agencies)
    missing = [a.agency.name for a in summary.agencies if not a.has_sent]
    d30.body(
        doc,
        f"Thực hiện {plan_ref}{' của ' + plan.issuer.name if plan else ''}, trên cơ sở báo cáo của các cơ quan, "
        f"đơn vị, {recipient.name if recipient else 'cơ quan tổng hợp'} tổng hợp kết quả thực hiện "
        f"năm {summary.year} như sau:",
    )
    d30.heading(doc, "I. TÌNH HÌNH BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ")
    d30.body(doc, f"Có {summary.sent_count}/{total} cơ quan, đơn vị đã gửi báo cáo kết quả thực hiện.")
    if missing:
        d30.body(doc, f"Các cơ quan, đơn vị chưa gửi báo cáo: {', '.join(missing)}.")
    d30.heading(doc, "II. KẾT QUẢ THỰC HIỆN THEO CHỈ SỐ THÀNH PHẦN")
    for i, s in enumerate(summary.subindices, start=1):
        d30.heading(doc, f"{i}. {s.label.split('. ', 1)[-1]}")
        if not s.tasks:
            d30.body(doc, "Chưa có cơ quan, đơn vị nào có nhiệm vụ thuộc chỉ số này.")
            continue
        sentence = s.totals.sentence()
        d30.body(
            doc,
            f"{number(s.agencies)} cơ quan, đơn vị có {number(s.tasks)} nhiệm vụ"
            + (f"; đã {sentence}." if sentence else "; chưa có hoạt động được báo cáo."),
        )
        for a in summary.agencies:
            t = a.by_subindex.get(s.number)
            if t and not t.empty:
                d30.body(doc, f"- {a.agency.name}: {t.sentence()}.")
    d30.signature_block(
        doc,
        recipients=["UBND tỉnh (b/c)", "Các sở, ban, ngành", "Lưu: VT"],
        authority="",
        title="",
        name="",
    )
    d30.landscape_section(doc)
    d30.para(doc, "Phụ lục", size=14, bold=True)
    d30.para(doc, "TỔNG HỢP THEO CƠ QUAN, ĐƠN VỊ", size=14, bold=True, after=12)
    d30.grid(
        doc,
        ["STT", "Cơ quan, đơn vị", "Báo cáo", "Tình trạng", "Nhiệm vụ", "Báo cáo nhiệm vụ đã gửi", "Kết quả"],
        [
            [i, a.agency.name, a.report.reference if a.report and a.report.number else "—", a.state_label,
             a.tasks, f"{a.sent}/{a.expected}", a.totals.sentence() or "—"]
            for i, a in enumerate(summary.agencies, start=1)
        ],
        [12.0, 60.0, 28.0, 26.0, 20.0, 26.0, 80.0],
    )  # fmt: skip
    return d30.to_bytes(doc)
