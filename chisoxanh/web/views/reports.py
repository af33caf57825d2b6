"""Report pages: fetch through the policies, validate, call one service, redirect."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from chisoxanh.accounts.access import require
from chisoxanh.core.paging import paginate
from chisoxanh.core.workflow import DomainError
from chisoxanh.documents.models import ResultReport
from chisoxanh.documents.policies import result_reports
from chisoxanh.plans.models import Plan
from chisoxanh.plans.policies import plans
from chisoxanh.reports import boardcache, reminders, selectors, services
from chisoxanh.reports import changes as report_changes
from chisoxanh.reports import overview as report_overview
from chisoxanh.reports.models import Activity, Evidence, TaskReport
from chisoxanh.reports.policies import boards, evidence, task_reports
from chisoxanh.web.forms.reports import ActivityFormSet, BulkAcceptForm, EvidenceForm, ReasonForm, ReportForm
from chisoxanh.web.pagecache import cached_page
from chisoxanh.web.workflow import perform, save_form


def _today():
    return timezone.localdate()


@login_required
def my_work(request):
    work = selectors.my_work(request.user, today=_today())
    return render(request, "reports/my_work.html", {"work": work})


@login_required
def review_queue(request):
    reports = list(selectors.review_queue(request.user))
    changes = selectors.changes_since_return(reports)
    items = [(r, changes.get(r.pk)) for r in reports]
    return render(request, "reports/review_queue.html", {"reports": reports, "items": items})


@login_required
@require_POST
def review_bulk_accept(request):
    """The queue's "Duyệt các báo cáo đã chọn": a confirmation listing them, then each accepted
    at the version the queue showed, with what happened to each."""
    form = BulkAcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(form.errors.get("report", ["Hãy chọn ít nhất một báo cáo để duyệt."])))
        return redirect("review-queue")
    items = form.cleaned_data["report"]
    if not form.cleaned_data["confirm"]:
        waiting = selectors.review_queue(request.user).filter(pk__in=[pk for pk, _ in items]).in_bulk()
        versions = dict(items)
        listed = [(waiting[pk], versions[pk]) for pk in versions if pk in waiting]
        return render(
            request,
            "reports/review_bulk_confirm.html",
            {"listed": listed, "items": items, "others": len(items) - len(listed)},
        )
    try:
        results = services.reports_accept_many(actor=request.user, items=items)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("review-queue")
    accepted = sum(r.accepted for r in results)
    if accepted:
        messages.success(request, f"Đã duyệt {accepted} báo cáo.")
    if accepted < len(results):
        messages.error(request, f"{len(results) - accepted} báo cáo chưa được duyệt; xem lý do bên dưới.")
    return render(request, "reports/review_bulk_done.html", {"results": results})


def _actions(user, report: TaskReport) -> dict[str, bool]:
    return {
        "can_edit": task_reports.can_edit(user, report),
        "can_accept": task_reports.can_accept(user, report),
        "can_return": task_reports.can_return(user, report),
        "can_reopen": task_reports.can_reopen(user, report),
        "can_withdraw": task_reports.can_withdraw(user, report),
    }


@login_required
def report_detail(request, pk: int):
    report = selectors.report_get(request.user, pk)
    actions = _actions(request.user, report)
    reviewer = actions["can_accept"] or actions["can_return"]
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            # The versions are prefetched: the changes since the last return cost no query.
            "changes": report_changes.since_return(report, report.versions.all()) if reviewer else None,
            "status": selectors.report_status(report, _today()),
            "reason_form": ReasonForm(),
            "can_see_board": boards.can_see(request.user, report.period),
            **actions,
        },
    )


def _activity_initial(report: TaskReport) -> list[dict]:
    return [{f: getattr(a, f) for f in Activity.FIELDS} for a in report.activities.all()]


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk: int):
    report = selectors.report_get(request.user, pk)
    require(task_reports.can_edit(request.user, report), "Báo cáo này đã gửi hoặc đã duyệt, không sửa được.")
    existing = list(report.evidence.all())
    if request.method == "GET":
        form = ReportForm(instance=report)
        activities = ActivityFormSet(initial=_activity_initial(report), prefix="hd")
        files = EvidenceForm(existing=existing)
        return render(request, "reports/report_form.html", _form_context(report, form, activities, files))

    form = ReportForm(request.POST, instance=report)
    activities = ActivityFormSet(request.POST, initial=_activity_initial(report), prefix="hd")
    files = EvidenceForm(request.POST, request.FILES, existing=existing)
    submit = "submit" in request.POST

    def save():
        link = files.cleaned_data["link_url"]
        services.report_save(
            actor=request.user,
            report=report,
            expected_version=form.cleaned_data["version"],
            fields={k: form.cleaned_data[k] for k in services.REPORT_FIELDS},
            activities=activities.activities(),
            files=files.cleaned_data["files"],
            links=[(link, files.cleaned_data["link_title"])] if link else [],
            remove_evidence=[int(x) for x in files.cleaned_data["remove"]],
            submit=submit,
        )
        messages.success(request, "Đã lưu và gửi báo cáo để duyệt." if submit else "Đã lưu báo cáo.")
        return redirect(report)

    return save_form(
        request,
        forms=[form, activities, files],
        save=save,
        template="reports/report_form.html",
        context=_form_context(report, form, activities, files),
        not_saved="Báo cáo chưa được lưu",
    )


def _form_context(report, form, activities, evidence) -> dict:
    return {"report": report, "form": form, "activities": activities, "evidence_form": evidence}


@dataclass(frozen=True)
class ReviewStep:
    """A review button: the service it runs, what it says when done, whether it needs a reason
    and whether the ``confirm`` box must be ticked (an acceptance locks the report)."""

    run: Callable[..., Any]
    success: str
    needs_reason: bool = False
    needs_confirm: bool = False


REVIEW_STEPS = {
    "submit": ReviewStep(services.report_submit, "Đã gửi báo cáo để duyệt."),
    "accept": ReviewStep(services.report_accept, "Đã duyệt báo cáo.", needs_confirm=True),
    "return": ReviewStep(services.report_return, "Đã trả lại báo cáo; đơn vị đã được thông báo lý do.", True),
    "reopen": ReviewStep(services.report_reopen, "Đã mở lại báo cáo để đơn vị sửa.", True),
    "withdraw": ReviewStep(services.report_withdraw, "Đã rút lại báo cáo; báo cáo trở về bản nháp để sửa tiếp."),
}


@login_required
@require_POST
def report_step(request, pk: int, step: str):
    """One review button (``step`` comes from the address, see ``web/urls.py``)."""
    chosen = REVIEW_STEPS[step]
    report = selectors.report_get(request.user, pk)
    extra = {}
    if chosen.needs_confirm and not request.POST.get("confirm"):
        messages.error(request, "Hãy đánh dấu ô xác nhận trước khi duyệt; báo cáo chưa được duyệt.")
        return redirect(report)
    if chosen.needs_reason:
        form = ReasonForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Cần ghi rõ lý do (ít nhất 5 ký tự).")
            return redirect(report)
        extra["reason"] = form.cleaned_data["reason"]
    return perform(
        request,
        lambda version: chosen.run(actor=request.user, report=report, expected_version=version, **extra),
        success=chosen.success,
        back=report,
        conflict="Báo cáo vừa thay đổi sau khi bạn mở trang; hãy xem lại trước khi thao tác.",
    )


@login_required
def report_history(request, pk: int):
    report = selectors.report_get(request.user, pk)
    return render(
        request,
        "reports/report_history.html",
        {"report": report, "versions": report.versions.all()},
    )


@login_required
def evidence_download(request, pk: int):
    item = evidence.get(request.user, Evidence.objects.select_related("report"), pk=pk)
    if not item.file:
        raise Http404("Minh chứng này là một đường dẫn, không phải tệp.")
    # The stored content type came from our whitelist after sniffing, never from the browser.
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def board(request, pk: int):
    period = selectors.period_get(request.user, pk)

    def _int(name):
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() else None

    state = request.GET.get("state") if request.GET.get("state") in TaskReport.State.values else None
    filters = {"unit": _int("unit"), "subindex": _int("subindex"), "state": state}
    today = _today()

    def page(extra: dict):
        body, overdue_units = _board_body(period, today, filters)
        context = {
            "body": body,
            "overdue_units": overdue_units,
            "today": today,
            "period": period,
            "filtered": any(filters.values()),
            "can_remind": boards.can_remind(request.user, period),
            **_result_report_links(request.user, period),
        }
        return render(request, "reports/board.html", {**context, **extra})

    # Everything the page shows moves the period's revision (boardcache); the user's own part
    # (name, roles, unread count) is in the key that cached_page builds.
    return cached_page(request, boardcache.page_revision(period, today), page)


def _board_body(period, today, filters: dict) -> tuple[str, int]:
    """The board's counts and matrix, rendered once per period revision, day and filter.

    They are the same for everyone allowed to see the period (access was checked by the caller)
    and cost most of the page. Returns the HTML and the number of units with an overdue report
    (those the remind button reaches).
    """

    def render_body() -> tuple[str, int]:
        data = selectors.board_cached(period, today=today, **filters)
        filtered = filters["unit"] or filters["state"]
        body = render_to_string(
            "reports/_board_body.html",
            {
                "board": data,
                "period": period,
                "states": TaskReport.State.choices,
                "filters": filters,
                "all_units": selectors.board_cached(period, today=today).rows if filtered else data.rows,
            },
        )
        return str(body), len(data.overdue_units)

    parts = (today.isoformat(), filters["unit"], filters["subindex"], filters["state"])
    html, late = boardcache.get_or_compute("body", period, parts, render_body)
    return mark_safe(html), late  # our own template's output, escaped when it was rendered


def _result_report_links(user, period) -> dict:
    """The period's result report, if the user may see it, and whether they may compose one.

    The report is looked up once per period revision (a result report's change moves it) and
    its visibility checked in memory for each user.
    """
    report = boardcache.get_or_compute(
        "result-report",
        period,
        (),
        lambda: ResultReport.objects.select_related("agency", "recipient").filter(period=period).first() or False,
    )
    return {
        "can_compose_result": result_reports.can_compose(user, period.plan.issuer),
        "result_report": report if report and result_reports.can_see(user, report) else None,
    }


@login_required
@require_POST
def board_remind(request, pk: int):
    period = selectors.period_get(request.user, pk)
    try:
        count = reminders.remind_late_units(actor=request.user, period=period, today=_today())
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        if count:
            messages.success(request, f"Đã gửi nhắc nhở đến {count} đơn vị chậm báo cáo.")
        else:
            messages.info(request, "Không có đơn vị nào cần nhắc thêm hôm nay.")
    return redirect("board", pk=period.pk)


@login_required
@require_POST
def period_open(request, plan_pk: int):
    plan = plans.get(request.user, Plan.objects.select_related("issuer"), pk=plan_pk)
    require(plans.can_edit(request.user, plan), "Chỉ Văn phòng mới mở kỳ báo cáo.")
    year = request.POST.get("year", "")
    if not (year.isdigit() and plan.start_year <= int(year) <= (plan.end_year or int(year))):
        messages.error(request, "Năm của kỳ báo cáo nằm ngoài thời gian của kế hoạch.")
        return redirect(plan)
    created = 0
    for period in services.periods_ensure(plan=plan, through_year=int(year)):
        if period.year == int(year):
            created += services.period_open(actor=request.user, period=period)
    messages.success(request, f"Đã mở kỳ báo cáo năm {year}: tạo {created} báo cáo cho các đơn vị.")
    return redirect(plan)


@login_required
def overview(request):
    page = paginate(request, selectors.overview_plans(request.user), per_page=10)
    items = selectors.overview(request.user, page.object_list, today=_today())
    # The periods open for the user's own units, whose boards they may not open (officers).
    shares = report_overview.unit_shares(request.user, today=_today()) if page.number == 1 else []
    return render(request, "reports/overview.html", {"items": items, "page": page, "shares": shares})
