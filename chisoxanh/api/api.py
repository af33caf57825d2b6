"""The JSON API (``/api/v1/``): the same selectors and access rules as the pages."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from chisoxanh.accounts.policies import organizations as organization_policy
from chisoxanh.core.db import ViCollate, search
from chisoxanh.core.workflow import Conflict, DomainError
from chisoxanh.pgi import analytics
from chisoxanh.pgi.models import Province, Score, Subindex
from chisoxanh.plans import selectors as plan_selectors
from chisoxanh.plans.models import Assignment, Plan
from chisoxanh.reports.models import TaskReport

from .auth import AUTH
from .documents import router as documents_router
from .reports import router as reports_router
from .schemas import (
    OrganizationOut,
    PlanOut,
    PlanSummaryOut,
    ProvinceOut,
    ScoreOut,
    SubindexOut,
)

api = NinjaAPI(
    title="Chỉ số Xanh API",
    version="1",
    description="Kế hoạch, nhiệm vụ, cơ quan và điểm Chỉ số Xanh cấp tỉnh (PGI).",
    auth=AUTH,
    urls_namespace="api-v1",
)


api.add_router("", reports_router)
api.add_router("", documents_router)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Không có quyền."}, status=403)


@api.exception_handler(Conflict)
def _conflict(request, exc):
    current = exc.current
    body = {"detail": str(exc), "current_version": current.version}
    if isinstance(current, TaskReport):
        # The saved texts, so that a client can show them beside its own before sending again.
        body["current"] = {f: getattr(current, f) for f in ("progress", "results", "difficulties", "proposals")}
    return api.create_response(request, body, status=409)


@api.exception_handler(DomainError)
def _refused(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(DjangoValidationError)
def _invalid(request, exc):
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=400)


class SearchFilter(Schema):
    q: str | None = None


@api.get("/organizations", response=list[OrganizationOut], tags=["Cơ quan"], summary="Danh sách cơ quan, đơn vị")
@paginate(LimitOffsetPagination)
def organizations(request: HttpRequest, filters: Query[SearchFilter]):
    qs = organization_policy.visible(request.user)
    return search(qs, filters.q).order_by("depth", ViCollate("name"), "id")


@api.get("/organizations/{org_id}", response=OrganizationOut, tags=["Cơ quan"], summary="Thông tin một cơ quan, đơn vị")
def organization(request: HttpRequest, org_id: int):
    return organization_policy.get(request.user, pk=org_id)


@api.get("/plans", response=list[PlanSummaryOut], tags=["Kế hoạch"], summary="Danh sách kế hoạch")
@paginate(LimitOffsetPagination)
def plans(request: HttpRequest, filters: Query[SearchFilter]):
    return plan_selectors.plan_list(request.user, q=filters.q)


# Fields copied as they are from the models into the API's answers.
TASK_FIELDS = (
    "id", "part", "section", "heading", "order", "title", "content", "outputs", "schedule",
    "lead_text", "partners_text", "parent_task_id", "version",
)  # fmt: skip
PLAN_FIELDS = (
    "id", "reference", "number", "symbol", "title", "issuer", "issued_on", "start_year",
    "end_year", "status", "place", "preamble", "parent", "closing", "signer_authority",
    "signer_title", "signer_name", "version",
)  # fmt: skip


def _month_day(month: int | None, day: int | None) -> str | None:
    """An annual date as "MM-DD" ("12-10" for 10 December), the format of the plan draft JSON."""
    return f"{month:02d}-{day:02d}" if month and day else None


def _task_out(task) -> dict:
    assignments = list(task.assignments.all())
    lead = next((a.organization for a in assignments if a.role == Assignment.Role.LEAD), None)
    return {
        **{name: getattr(task, name) for name in TASK_FIELDS},
        "subindex": task.subindex.number if task.subindex_id else None,
        "due": task.due_date,
        "due_annual": _month_day(task.due_month, task.due_day),
        "lead": lead,
        "partners": [
            {"id": a.organization_id, "name": a.organization.name, "group_text": a.group_text}
            for a in assignments
            if a.role == Assignment.Role.PARTNER
        ],
    }


def _plan_out(plan: Plan) -> dict:
    tasks = [_task_out(task) for task in plan.tasks.all()]
    return {
        **{name: getattr(plan, name) for name in PLAN_FIELDS},
        "task_count": len(tasks),
        "purposes": plan.purpose_items,
        "requirements": plan.requirement_items,
        "recipients": plan.recipient_items,
        "report": {
            "to": plan.report_recipient.name if plan.report_recipient_id else None,
            "to_id": plan.report_recipient_id,
            "due": _month_day(plan.report_due_month, plan.report_due_day),
        },
        "tasks": tasks,
    }


@api.get("/plans/{plan_id}", response=PlanOut, tags=["Kế hoạch"], summary="Một kế hoạch và các nhiệm vụ")
def plan(request: HttpRequest, plan_id: int):
    return _plan_out(plan_selectors.plan_get(request.user, plan_id))


@api.get("/subindices", response=list[SubindexOut], tags=["PGI"], summary="Các chỉ số thành phần PGI")
def subindices(request: HttpRequest):
    return Subindex.objects.all()


class ProvinceFilter(Schema):
    era: str | None = None
    q: str | None = None


@api.get("/provinces", response=list[ProvinceOut], tags=["PGI"], summary="Danh sách tỉnh, thành phố")
def provinces(request: HttpRequest, filters: Query[ProvinceFilter]):
    qs = Province.objects.all()
    if filters.era:
        qs = qs.filter(era=filters.era)
    return search(qs, filters.q).order_by("era", ViCollate("name"))


class ScoreFilter(Schema):
    year: int | None = None
    province_id: int | None = None
    subindex: int | None = None
    total: bool | None = None


@api.get("/scores", response=list[ScoreOut], tags=["PGI"], summary="Điểm và thứ hạng PGI")
@paginate(LimitOffsetPagination)
def scores(request: HttpRequest, filters: Query[ScoreFilter]):
    qs = Score.objects.select_related("province", "subindex")
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.province_id:
        qs = qs.filter(province_id=filters.province_id)
    if filters.subindex:
        qs = qs.filter(subindex__number=filters.subindex)
    if filters.total:
        qs = qs.filter(subindex__isnull=True)
    return qs.order_by("year", "province__official_code", "subindex__number")


class RowOut(Schema):
    province: str
    year: int
    total: float | None
    total_computed: bool
    rank: int | None
    subindices: dict[int, float | None]


class GapOut(Schema):
    subindex: int
    name: str
    score: float
    national_median: float | None
    top10_mean: float | None


class TargetOut(Schema):
    label: str
    score: float
    year: int
    current: float | None
    gap: float | None


class ProfileOut(Schema):
    code: str
    name: str
    era: str
    years: list[int]
    rows: list[RowOut]
    weakest: GapOut | None
    gaps: list[GapOut]
    target: TargetOut | None


def _f(value) -> float | None:
    return float(value) if value is not None else None


def _gap(g) -> dict:
    return {"subindex": g.number, "name": g.name, "score": float(g.score), "national_median": _f(g.median),
            "top10_mean": _f(g.top10)}  # fmt: skip


@api.get(
    "/pgi/provinces/{code}/profile", response=ProfileOut, tags=["PGI"], summary="Hồ sơ PGI của một tỉnh, thành phố"
)
def pgi_profile(request: HttpRequest, code: str, target_rank: int = 30):
    province = get_object_or_404(Province, code=code)
    p = analytics.profile(province, target_rank=target_rank)
    rows = [
        {"province": prov.name, "year": r.year, "total": _f(r.best_total[0]), "total_computed": r.best_total[1],
         "rank": r.rank, "subindices": {n: _f(v) for n, v in r.subs.items()}}
        for prov in p.lineage for r in p.series[prov.pk] if r.known
    ]  # fmt: skip
    target = p.target
    return {
        "code": province.code, "name": province.name, "era": province.era, "years": p.years, "rows": rows,
        "weakest": _gap(p.weakest) if p.weakest else None, "gaps": [_gap(g) for g in p.gaps],
        "target": {"label": target.label, "score": float(target.score), "year": target.year,
                   "current": _f(target.current), "gap": _f(target.gap)} if target else None,
    }  # fmt: skip
