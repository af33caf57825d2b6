"""Report endpoints: the same services as the pages, under /api/v1/reports and /periods."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from chisoxanh.core.workflow import DomainError
from chisoxanh.reports import selectors, services
from chisoxanh.reports.models import Activity, TaskReport

from .schemas import WRITE_ERRORS

router = Router(tags=["Báo cáo"])


class ActivityIO(Schema):
    date: dt.date
    kind: str
    channel: str = ""
    title: str
    people_reached: int | None = None
    link: str = ""


class EvidenceOut(Schema):
    id: int
    name: str
    url: str
    size: int
    content_type: str


class ReportSummaryOut(Schema):
    id: int
    plan_id: int
    period_id: int
    period: str
    task_id: int
    task: str
    section: str
    subindex: int | None
    organization_id: int
    organization: str
    role: str
    state: str
    progress: str
    version: int
    deadline: dt.date
    submitted_at: dt.datetime | None
    progress_label: str = Field(
        description="Tiến độ như các trang ghi; nhiệm vụ thường xuyên: “Thực hiện thường xuyên”."
    )
    status: str = Field(
        description="Tình trạng: done_on_time, done_late, in_time, overdue (nhiệm vụ có thời hạn); "
        "reported_on_time, reported_late, not_due, not_reported (nhiệm vụ thường xuyên)."
    )
    status_label: str = Field(description="Tình trạng như các trang ghi, ví dụ “Hoàn thành quá hạn”.")
    done: bool = Field(
        description="Nhiệm vụ đã hoàn thành (báo cáo hoàn thành đã được duyệt); thường xuyên: luôn false."
    )
    deadline_kind: str = Field(description="Hạn dùng để xét: unit (hạn của đơn vị) hoặc agency (hạn của cơ quan).")
    deadline_label: str = Field(description="Ví dụ “hạn của đơn vị 25/11/2026”.")


class ReportOut(ReportSummaryOut):
    completed_on: dt.date | None
    results: str
    difficulties: str
    proposals: str
    return_reason: str
    activities: list[ActivityIO]
    evidence: list[EvidenceOut]


class ReportFilter(Schema):
    plan: int | None = None
    period: int | None = None
    unit: int | None = None
    state: str | None = None


class ReportIn(Schema):
    version: int
    progress: TaskReport.Progress
    completed_on: dt.date | None = None
    results: str = ""
    difficulties: str = ""
    proposals: str = ""
    activities: list[ActivityIO] | None = None


class VersionIn(Schema):
    # Optional in the schema so that a client that forgets it gets the service's Vietnamese
    # refusal (400) rather than a validation error; it is never taken as "the stored version".
    version: int | None = Field(None, description="Phiên bản đã đọc (bắt buộc; thiếu thì bị từ chối, mã 400).")


class ReasonIn(VersionIn):
    reason: str


class ActivityIn(ActivityIO):
    version: int


def _summary(r: TaskReport) -> dict:
    status = selectors.report_status(r, timezone.localdate())
    return {
        "id": r.pk, "plan_id": r.period.plan_id, "period_id": r.period_id, "period": r.period.label,
        "task_id": r.task_id, "task": r.task.title, "section": r.task.section,
        "subindex": r.task.subindex.number if r.task.subindex_id else None,
        "organization_id": r.organization_id, "organization": r.organization.name, "role": r.role,
        "state": r.state, "progress": r.progress, "version": r.version, "deadline": status.deadline.on,
        "submitted_at": r.submitted_at, "progress_label": r.progress_label, "status": status.code.value,
        "status_label": status.label, "done": status.done, "deadline_kind": status.deadline.kind.value,
        "deadline_label": status.deadline.text,
    }  # fmt: skip


def _activities(r: TaskReport) -> list[dict]:
    return [{f: getattr(a, f) for f in Activity.FIELDS} for a in r.activities.all()]


def _full(r: TaskReport) -> dict:
    return {
        **_summary(r),
        **{f: getattr(r, f) for f in ("completed_on", "results", "difficulties", "proposals", "return_reason")},
        "activities": _activities(r),
        "evidence": [
            {
                "id": e.pk,
                "name": str(e),
                "url": e.get_absolute_url(),
                "size": e.size,
                "content_type": e.content_type,
            }
            for e in r.evidence.all()
        ],
    }


@router.get("/reports", response=list[ReportSummaryOut], summary="Danh sách báo cáo nhiệm vụ")
@paginate(LimitOffsetPagination)
def reports(request: HttpRequest, filters: Query[ReportFilter]):
    qs = selectors.report_list(
        request.user,
        plan=filters.plan,
        period=filters.period,
        organization=filters.unit,
        state=filters.state,
    )
    return [_summary(r) for r in qs]


class BulkItemIn(Schema):
    id: int
    version: int | None = Field(None, description="Phiên bản đã đọc (bắt buộc; thiếu thì báo cáo đó bị từ chối).")


class BulkAcceptIn(Schema):
    reports: list[BulkItemIn] = Field(..., min_length=1, max_length=services.BULK_LIMIT)


class BulkResultOut(Schema):
    id: int
    accepted: bool
    code: str = Field(
        description="accepted; conflict (báo cáo vừa thay đổi, xem current_version); not_reviewable "
        "(không còn chờ duyệt); forbidden (không có quyền duyệt); not_found (ngoài phạm vi); refused."
    )
    detail: str
    current_version: int | None


# Before "/reports/{report_id}": the address would otherwise be taken for a report's.
@router.post(
    "/reports/bulk-accept",
    response={200: list[BulkResultOut], **WRITE_ERRORS},
    summary="Duyệt nhiều báo cáo một lần",
    description=(
        "Duyệt nhiều báo cáo, mỗi báo cáo theo phiên bản đã đọc và trong giao dịch riêng; kết quả cho biết "
        "từng báo cáo đã được duyệt hay chưa và vì sao."
    ),
)
def bulk_accept(request: HttpRequest, payload: BulkAcceptIn):
    """Accept several reports, each at the version read and in its own transaction: the
    answer says, report by report, whether it was accepted and why not."""
    results = services.reports_accept_many(
        actor=request.user, items=[(item.id, item.version) for item in payload.reports]
    )
    return [
        {
            "id": r.report_id,
            "accepted": r.accepted,
            "code": r.code,
            "detail": r.message,
            # A report outside the user's reach says nothing of itself, not even its version.
            "current_version": None if r.report is None else _current_version(r),
        }
        for r in results
    ]


def _current_version(result) -> int | None:
    if result.code == "conflict":
        return TaskReport.objects.filter(pk=result.report_id).values_list("version", flat=True).first()
    return result.report.version


@router.get("/reports/{report_id}", response=ReportOut, summary="Xem một báo cáo nhiệm vụ")
def report(request: HttpRequest, report_id: int):
    return _full(selectors.report_get(request.user, report_id))


@router.put("/reports/{report_id}", response={200: ReportOut, **WRITE_ERRORS}, summary="Cập nhật báo cáo nhiệm vụ")
def report_update(request: HttpRequest, report_id: int, payload: ReportIn):
    r = selectors.report_get(request.user, report_id)
    services.report_save(
        actor=request.user,
        report=r,
        expected_version=payload.version,
        fields=payload.dict(include=set(services.REPORT_FIELDS)),
        activities=[a.dict() for a in payload.activities] if payload.activities is not None else None,
    )
    return _full(selectors.report_get(request.user, report_id))


@router.post(
    "/reports/{report_id}/activities", response={201: ReportOut, **WRITE_ERRORS}, summary="Thêm hoạt động vào báo cáo"
)
def activity_add(request: HttpRequest, report_id: int, payload: ActivityIn):
    r = selectors.report_get(request.user, report_id)
    new = payload.dict(exclude={"version"})
    services.report_save(
        actor=request.user,
        report=r,
        expected_version=payload.version,
        fields={},
        activities=[*_activities(r), new],
    )
    return Status(201, _full(selectors.report_get(request.user, report_id)))


@router.post("/reports/{report_id}/evidence", response={201: ReportOut, **WRITE_ERRORS}, summary="Đính kèm minh chứng")
def evidence_add(
    request: HttpRequest,
    report_id: int,
    version: Form[int],
    file: File[UploadedFile] = None,
    url: Form[str] = "",
    title: Form[str] = "",
):
    r = selectors.report_get(request.user, report_id)
    if not file and not url:
        raise DomainError("Cần gửi một tệp (file) hoặc một đường dẫn (url).")
    services.report_save(
        actor=request.user,
        report=r,
        expected_version=version,
        fields={},
        files=[file] if file else [],
        links=[(url, title)] if url else [],
    )
    return Status(201, _full(selectors.report_get(request.user, report_id)))


def _step(request, report_id: int, run, payload: VersionIn, **extra) -> dict:
    """A review step with the version the client read, as the pages send theirs."""
    run(
        actor=request.user,
        report=selectors.report_get(request.user, report_id),
        expected_version=payload.version,
        **extra,
    )
    return _full(selectors.report_get(request.user, report_id))


@router.post("/reports/{report_id}/submit", response={200: ReportOut, **WRITE_ERRORS}, summary="Gửi duyệt báo cáo")
def submit(request: HttpRequest, report_id: int, payload: VersionIn):
    return _step(request, report_id, services.report_submit, payload)


@router.post("/reports/{report_id}/accept", response={200: ReportOut, **WRITE_ERRORS}, summary="Duyệt báo cáo")
def accept(request: HttpRequest, report_id: int, payload: VersionIn):
    return _step(request, report_id, services.report_accept, payload)


@router.post("/reports/{report_id}/return", response={200: ReportOut, **WRITE_ERRORS}, summary="Trả lại báo cáo")
def return_(request: HttpRequest, report_id: int, payload: ReasonIn):
    return _step(request, report_id, services.report_return, payload, reason=payload.reason)


@router.post(
    "/reports/{report_id}/reopen", response={200: ReportOut, **WRITE_ERRORS}, summary="Mở lại báo cáo đã duyệt"
)
def reopen(request: HttpRequest, report_id: int, payload: ReasonIn):
    return _step(request, report_id, services.report_reopen, payload, reason=payload.reason)


@router.post(
    "/reports/{report_id}/withdraw",
    response={200: ReportOut, **WRITE_ERRORS},
    summary="Rút lại báo cáo đã gửi duyệt",
    description="Đưa báo cáo đã gửi duyệt về bản nháp, khi chưa được duyệt hoặc trả lại.",
)
def withdraw(request: HttpRequest, report_id: int, payload: VersionIn):
    """Take a report sent for review back to draft, before it is accepted or returned."""
    return _step(request, report_id, services.report_withdraw, payload)


class CountsOut(Schema):
    expected: int
    sent: int
    on_time: int
    accepted: int
    returned: int
    overdue: int = Field(description="Báo cáo quá hạn mà chưa có bản được duyệt (“Quá hạn”, “Chưa báo cáo”).")
    open_overdue: int = Field(
        description="Trong số đó, báo cáo còn ở đơn vị (chưa gửi, bị trả lại): nơi nhắc nhở gửi tới."
    )
    missing: int
    completeness: int
    timeliness: int
    statuses: dict[str, int]


COUNT_FIELDS = (
    "expected", "sent", "on_time", "accepted", "returned", "overdue", "open_overdue", "missing",
    "completeness", "timeliness",
)  # fmt: skip


def _counts(c) -> dict:
    return {
        **{f: getattr(c, f) for f in COUNT_FIELDS},
        "statuses": {s.value: n for s, n in c.status_list},
    }


class BoardUnitOut(Schema):
    id: int
    name: str
    counts: CountsOut


class BoardSubindexOut(Schema):
    subindex: int | None
    label: str
    tasks: int
    task_statuses: dict[str, int]
    counts: CountsOut


class BoardOut(Schema):
    period_id: int
    period: str
    unit_due_date: dt.date
    due_date: dt.date
    today: dt.date
    total: CountsOut
    units: list[BoardUnitOut]
    subindices: list[BoardSubindexOut]
    task_status: dict[int, str | None]
    task_statuses: dict[str, int] = Field(description="Số nhiệm vụ theo tình trạng, mỗi nhiệm vụ một lần.")
    task_deadline: dict[int, str | None] = Field(
        description="Hạn dùng để xét từng nhiệm vụ, ví dụ “hạn của cơ quan 10/12/2026”."
    )
    late_units: list[str]


@router.get(
    "/periods/{period_id}/board", response=BoardOut, tags=["Báo cáo"], summary="Bảng theo dõi của một kỳ báo cáo"
)
def period_board(request: HttpRequest, period_id: int):
    period = selectors.period_get(request.user, period_id)
    b = selectors.board_cached(period, today=timezone.localdate())
    return {
        "period_id": period.pk, "period": period.label, "unit_due_date": period.unit_due_date,
        "due_date": period.due_date, "today": b.today, "total": _counts(b.total),
        "units": [
            {"id": r.organization.pk, "name": r.organization.name, "counts": _counts(r.counts)}
            for r in b.rows
        ],
        "subindices": [
            {"subindex": int(s.key) or None, "label": s.label, "tasks": s.tasks,
             "task_statuses": {st.value: n for st, n in s.status_list}, "counts": _counts(s.counts)}
            for s in b.subindices
        ],
        "task_status": {k: (v.code.value if v else None) for k, v in b.task_status.items()},
        "task_statuses": {st.value: n for st, n in [*b.task_tally.deadline_list, *b.task_tally.continuous_list]},
        "task_deadline": {k: (v.deadline.text if v else None) for k, v in b.task_status.items()},
        "late_units": [u.name for u in b.late_units],
    }  # fmt: skip
