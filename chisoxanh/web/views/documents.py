"""Pages for result reports, official documents and exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from chisoxanh.accounts.access import require
from chisoxanh.core.http import DOCX, PDF, XLSX, attachment
from chisoxanh.core.paging import paginate
from chisoxanh.core.workflow import Conflict, DomainError
from chisoxanh.documents import (
    aggregate,
    convert,
    currency,
    exports,
    imports,
    plan_docx,
    plan_xlsx,
    result_outline,
    services,
    xlsx,
)
from chisoxanh.documents.extract import ExtractionError
from chisoxanh.documents.models import PlanImport, ResultReport
from chisoxanh.documents.plan_draft import DraftError
from chisoxanh.documents.policies import aggregation as aggregation_policy
from chisoxanh.documents.policies import plan_imports, result_reports
from chisoxanh.documents.selectors import result_report_get
from chisoxanh.documents.selectors import result_report_list as visible_result_reports
from chisoxanh.lib.parsing import whole_number
from chisoxanh.pgi.models import Subindex
from chisoxanh.plans import selectors as plan_selectors
from chisoxanh.plans.policies import issuers_for
from chisoxanh.reports import selectors as report_selectors
from chisoxanh.web.forms.plan_import import BadReviewPost, PlanImportUploadForm, read_review
from chisoxanh.web.workflow import perform, posted_version


@login_required
def result_report_list(request):
    page = paginate(request, visible_result_reports(request.user))
    return render(request, "documents/result_report_list.html", {"reports": page, "page": page})


@login_required
@require_POST
def result_report_start(request, period_pk: int):
    period = report_selectors.period_get(request.user, period_pk)
    report = services.result_report_start(actor=request.user, period=period, today=timezone.localdate())
    return redirect(report)


def _currency(report: ResultReport):
    """Today's data beside the draft, for the pages of a draft (``documents.currency``)."""
    if report.state not in ResultReport.EDITABLE:
        return None
    return currency.check(report, today=timezone.localdate())


def _history(report: ResultReport) -> list:
    versions = list(report.versions.select_related("actor").order_by("-number")[:50])
    for v in versions:
        v.report = report  # the sentence names the recipient: no query per line
    return versions


@login_required
def result_report_detail(request, pk: int):
    report = result_report_get(request.user, pk)
    user = request.user
    check = _currency(report)
    editing = result_reports.can_edit(user, report)
    headers, late_headers = result_outline.appendix_headers()
    return render(
        request,
        "documents/result_report.html",
        {
            "report": report,
            "blocks": result_outline.outline(report, editing=editing),
            "currency": check,
            "can_compose": editing,
            "can_refresh": result_reports.can_refresh(user, report),
            "can_approve": result_reports.can_approve(user, report),
            "can_return": result_reports.can_return(user, report),
            "can_resubmit": result_reports.can_resubmit(user, report),
            "can_send": result_reports.can_send(user, report),
            "can_receive": result_reports.can_receive(user, report),
            "appendix_headers": headers,
            "late_headers": late_headers,
            "versions": _history(report),
            "has_pdf": bool(report.pdf) or bool(convert.soffice()),
        },
    )


@login_required
@require_POST
def result_report_edit(request, pk: int):
    report = result_report_get(request.user, pk)
    require(result_reports.can_compose(request.user, report.agency), "Chỉ Văn phòng mới sửa được báo cáo kết quả.")
    keys = [s["key"] for s in report.sections]
    texts = {key: request.POST[f"section-{key}"] for key in keys if f"section-{key}" in request.POST}
    meta = {f: request.POST[f] for f in services.META_FIELDS if f in request.POST}
    return perform(
        request,
        lambda v: services.result_report_edit(
            actor=request.user, report=report, expected_version=v, texts=texts, meta=meta
        ),
        success="Đã lưu nội dung báo cáo.",
        back=report,
    )


@login_required
@require_POST
def result_report_regenerate(request, pk: int):
    report = result_report_get(request.user, pk)

    def step(v):
        stale = services.result_report_regenerate(
            actor=request.user, report=report, expected_version=v, today=timezone.localdate()
        )
        if stale:
            titles = [report.section_map()[key].get("title") or "Mở đầu" for key in stale]
            messages.warning(
                request,
                "Số liệu đã thay đổi ở các mục Văn phòng đã sửa; nội dung đã sửa được giữ nguyên, bản tự "
                "động mới hiện bên cạnh để đối chiếu: " + "; ".join(titles) + ".",
            )

    # From the approval page, the head goes back to it with the new figures in view.
    back = report
    if request.POST.get("tiep") == "ky-duyet":
        back = reverse("result-report-approve", args=[report.pk])
    return perform(request, step, success="Đã lấy số liệu mới nhất vào dự thảo.", back=back)


# What each confirmation page asks, and what the step says when done.
CONFIRM = {
    "approve": {
        "run": services.result_report_approve,
        "may": result_reports.can_approve,
        "refused": "Chỉ lãnh đạo cơ quan mới ký duyệt được báo cáo dự thảo.",
        "unchecked": "Chưa ký duyệt: hãy đánh dấu ô xác nhận rồi bấm “Ký duyệt, cấp số”.",
        "success": "Đã ký duyệt; báo cáo đã có số và ngày ban hành.",
    },
    "send": {
        "run": services.result_report_send,
        "may": result_reports.can_send,
        "refused": "Chỉ gửi được báo cáo đã ký duyệt.",
        "unchecked": "Chưa gửi: hãy đánh dấu ô xác nhận rồi bấm “Gửi báo cáo”.",
        "success": "Đã gửi báo cáo đến cơ quan nhận.",
    },
}


def _confirm(request, pk: int, step: str):
    """A step that asks first: the page of what will happen (for the approval, the checklist of
    reports the figures leave out), then the step itself once the box is ticked. Posted without
    the tick, nothing changes and the page comes back."""
    spec = CONFIRM[step]
    report = result_report_get(request.user, pk)
    if not spec["may"](request.user, report):
        # Opened again after the step (or after the report moved on): the report says where it stands.
        waiting_in = ResultReport.State.DRAFT if step == "approve" else ResultReport.State.APPROVED
        if request.method == "GET" and report.state != waiting_in:
            messages.info(request, f"Báo cáo đang ở trạng thái “{report.get_state_display()}”.")
            return redirect(report)
        require(False, spec["refused"])
    if request.method == "POST" and request.POST.get("xac_nhan") == "1":
        return perform(
            request,
            lambda version: spec["run"](actor=request.user, report=report, expected_version=version),
            success=spec["success"],
            back=report,
        )
    status = 200
    if request.method == "POST":
        messages.error(request, spec["unchecked"])
        status = 400
    check = _currency(report) if step == "approve" else None
    context = {
        "report": report,
        "step": step,
        "currency": check,
        "checklist": currency.checklist(report, check) if check else None,
        "can_refresh": result_reports.can_refresh(request.user, report),
        "can_return": result_reports.can_return(request.user, report),
        "today": timezone.localdate(),
        "has_pdf": bool(report.pdf) or bool(convert.soffice()),
    }
    return render(request, "documents/result_report_confirm.html", context, status=status)


@login_required
def result_report_approve(request, pk: int):
    return _confirm(request, pk, "approve")


@login_required
def result_report_send(request, pk: int):
    return _confirm(request, pk, "send")


@login_required
@require_POST
def result_report_return(request, pk: int):
    report = result_report_get(request.user, pk)
    reason = request.POST.get("reason", "")
    return perform(
        request,
        lambda v: services.result_report_return(actor=request.user, report=report, expected_version=v, reason=reason),
        success="Đã trả lại dự thảo cho Văn phòng, kèm lý do.",
        back=report,
    )


# The result report's buttons that need no confirmation: the service each runs and what it says when done.
RESULT_STEPS = {
    "resubmit": (services.result_report_resubmit, "Đã trình lại dự thảo để lãnh đạo ký duyệt."),
    "receive": (services.result_report_receive, "Đã xác nhận nhận báo cáo."),
}


@login_required
@require_POST
def result_report_step(request, pk: int, step: str):
    """One of the result report's buttons (``step`` comes from the address, see ``web/urls.py``)."""
    run, success = RESULT_STEPS[step]
    report = result_report_get(request.user, pk)
    return perform(
        request,
        lambda version: run(actor=request.user, report=report, expected_version=version),
        success=success,
        back=report,
    )


@login_required
def result_report_docx(request, pk: int):
    report = result_report_get(request.user, pk)
    return attachment(services.result_report_docx(report), services.result_report_filename(report, "docx"), DOCX)


def _pdf(report: ResultReport) -> bytes:
    try:
        return services.result_report_pdf(report)
    except convert.ConversionUnavailable as exc:
        raise Http404(str(exc)) from exc


@login_required
def result_report_pdf(request, pk: int):
    report = result_report_get(request.user, pk)
    return attachment(_pdf(report), services.result_report_filename(report, "pdf"), PDF)


@login_required
def result_report_preview(request, pk: int):
    report = result_report_get(request.user, pk)
    try:
        png = convert.first_page_png(_pdf(report))
    except convert.ConversionUnavailable as exc:
        raise Http404(str(exc)) from exc
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=60"
    return response


@login_required
def plan_docx_download(request, pk: int):
    plan = plan_selectors.plan_get(request.user, pk)
    name = f"ke-hoach-{slugify(plan.reference) or plan.pk}.docx"
    return attachment(plan_docx.render(plan), name, DOCX)


@login_required
def plan_tasks_xlsx(request, pk: int):
    plan = plan_selectors.plan_get(request.user, pk)
    exporter = exports.PlanTasksExporter(plan)
    return xlsx.download(exporter)


@login_required
def board_xlsx(request, pk: int):
    period = report_selectors.period_get(request.user, pk)
    exporter = exports.BoardExporter(period, today=timezone.localdate())
    return xlsx.download(exporter)


@login_required
def reports_xlsx(request, pk: int):
    period = report_selectors.period_get(request.user, pk)
    exporter = exports.ReportsExporter(period)
    return xlsx.download(exporter)


@login_required
def aggregation(request):
    require(aggregation_policy.can_open(request.user), "Trang này dành cho cơ quan tổng hợp.")
    years = aggregate.aggregation_years(request.user)
    asked = request.GET.get("nam", "")
    year = whole_number(asked) if whole_number(asked) in years else (years[0] if years else None)
    # A province's aggregator has one parent plan (the province's); the nation's administrator
    # one per province, shown a province at a time.
    page = paginate(request, aggregate.aggregation_parents(request.user, year) if year else [], per_page=1)
    views = aggregate.parent_plans_for(request.user, year, page.object_list) if year else []
    context = {"views": views, "years": years, "year": year, "page": page}
    return render(request, "documents/aggregation.html", context)


@login_required
def aggregation_docx(request, plan_pk: int, year: int):
    summary = aggregate.summary_for(request.user, plan_pk, year)
    return attachment(aggregate.render_docx(summary), f"tong-hop-{plan_pk}-{year}.docx", DOCX)


@login_required
def aggregation_xlsx(request, plan_pk: int, year: int):
    summary = aggregate.summary_for(request.user, plan_pk, year)
    exporter = aggregate.SummaryExporter(summary)
    return xlsx.download(exporter)


# --- plan import ------------------------------------------------------------------------------


def _upload_page(request, form, *, status: int = 200, sheet_errors: list[str] | None = None):
    return render(
        request,
        "documents/plan_import_new.html",
        {"form": form, "issuers": form.issuers, "sheet_errors": sheet_errors or [], "max_rows": plan_xlsx.MAX_ROWS},
        status=status,
    )


@login_required
def plan_import_new(request):
    issuers = issuers_for(request.user)
    require(issuers.exists(), "Chỉ bộ phận theo dõi, tổng hợp của cơ quan mới nhập kế hoạch.")
    if request.method != "POST":
        return _upload_page(request, PlanImportUploadForm(issuers=issuers))
    form = PlanImportUploadForm(request.POST, request.FILES, issuers=issuers)
    if not form.is_valid():
        messages.error(request, "Hãy chọn cơ quan ban hành và tệp văn bản kế hoạch.")
        return _upload_page(request, form, status=400)
    upload = form.cleaned_data["tep"]
    try:
        imp = imports.plan_import_start(
            actor=request.user,
            issuer=form.cleaned_data["issuer"],
            name=upload.name,
            data=upload.read(imports.MAX_BYTES + 1),
        )
    except plan_xlsx.SheetRejected as exc:
        messages.error(
            request, "Chưa nhập được bảng tính; chưa lưu dòng nào. Hãy sửa các lỗi dưới đây rồi tải lên lại."
        )
        return _upload_page(request, form, status=400, sheet_errors=exc.messages)
    except ExtractionError as exc:
        messages.error(request, f"Chưa nhập được: {exc}")
        return _upload_page(request, form, status=400)
    return redirect(imp)


@login_required
def plan_import_template(request):
    """The XLSX template to fill, with the issuer's units in its drop-down of leads."""
    issuers = issuers_for(request.user)
    require(issuers.exists(), "Chỉ bộ phận theo dõi, tổng hợp của cơ quan mới nhập kế hoạch.")
    asked = request.GET.get("issuer", "")
    wanted = whole_number(asked)
    issuer = (issuers.filter(pk=wanted).first() if wanted is not None else None) or issuers.order_by("path").first()
    units = [o.name for o in imports.candidates_for(issuer).order_by("depth", "order", "name")]
    own = [
        o.name for o in imports.candidates_for(issuer).filter(path__startswith=issuer.path).order_by("depth", "order")
    ]
    data = plan_xlsx.template_xlsx(issuer_name=issuer.name, units=list(dict.fromkeys([*own, *units])))
    return attachment(data, f"mau-nhap-ke-hoach-{slugify(issuer.abbreviation or issuer.name) or issuer.pk}.xlsx", XLSX)


def _import(user, pk: int) -> PlanImport:
    return plan_imports.get(user, PlanImport.objects.select_related("issuer", "plan"), pk=pk)


@login_required
def plan_import_status(request, pk: int):
    imp = _import(request.user, pk)
    response = render(request, "documents/_plan_import_status.html", {"imp": imp})
    if imp.state != imp.State.PROCESSING:
        response["HX-Refresh"] = "true"  # the review is ready: reload the whole page
    return response


def _review_page(request, imp: PlanImport, *, draft=None, errors=(), conflict: bool = False, status: int = 200):
    review = imports.review_for(imp, draft) if imp.state == imp.State.READY else None
    context = {
        "imp": imp,
        "review": review,
        "draft": review.draft if review else (imp.draft or {}),
        "errors": list(errors),
        "conflict": conflict,
        "subindices": Subindex.objects.order_by("number"),
        "can_edit": plan_imports.can_confirm(request.user, imp),
    }
    return render(request, "documents/plan_import_review.html", context, status=status)


@login_required
def plan_import_review(request, pk: int):
    imp = _import(request.user, pk)
    if imp.state == imp.State.CONFIRMED and imp.plan_id:
        return redirect(imp.plan)
    if request.method == "POST":
        return plan_import_edit(request, pk)  # the older form posted its confirmation here
    return _review_page(request, imp)


@login_required
@require_POST
def plan_import_edit(request, pk: int):
    """Every button of the review: the typed fields are saved with the button's edit; a refused
    edit shows the page again with what was typed, a stale page the latest draft."""
    imp = _import(request.user, pk)
    if imp.state == imp.State.CONFIRMED and imp.plan_id:
        return redirect(imp.plan)
    try:
        post = read_review(request.POST, len((imp.draft or {}).get("tasks") or []))
    except BadReviewPost:
        messages.error(request, "Yêu cầu không hợp lệ (trang đã cũ); hãy tải lại trang rồi thực hiện lại.")
        return redirect(imp)
    version = posted_version(request)
    try:
        if post.action == "confirm":
            if post.edits:
                imports.plan_import_edit(actor=request.user, imp=imp, expected_version=version, edits=post.edits)
                version = imp.version
            plan = imports.plan_import_confirm(actor=request.user, imp=imp, expected_version=version)
        elif post.action == "unit":
            org = imports.plan_import_create_unit(
                actor=request.user, imp=imp, expected_version=version, name=post.unit_name, edits=post.edits
            )
        else:
            imports.plan_import_edit(actor=request.user, imp=imp, expected_version=version, edits=post.edits)
    except Conflict as exc:
        messages.error(request, str(exc))
        return _review_page(request, exc.current, conflict=True, status=409)
    except DraftError as exc:
        imp.refresh_from_db()
        return _review_page(request, imp, draft=exc.draft, errors=exc.messages, status=400)
    except DomainError as exc:
        imp.refresh_from_db()
        return _review_page(request, imp, errors=[str(exc)], status=400)
    except ValidationError as exc:
        imp.refresh_from_db()
        return _review_page(request, imp, errors=["Chưa tạo được kế hoạch: " + "; ".join(exc.messages)], status=400)
    if post.action == "confirm":
        messages.success(
            request, f"Đã tạo kế hoạch (dự thảo) với {plan.tasks.count()} nhiệm vụ từ văn bản {imp.file_name}."
        )
        return redirect(plan)
    if post.action == "unit":
        messages.success(request, f"Đã tạo đơn vị “{org.name}” thuộc {imp.issuer.name} và gắn vào bản nháp.")
    else:
        messages.success(request, post.success)
    return redirect(f"{imp.get_absolute_url()}#{post.anchor}" if post.anchor else imp.get_absolute_url())
