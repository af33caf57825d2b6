"""Plan pages. Each view fetches through the access helper, validates, calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, Q, When
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from chisoxanh.accounts.access import get_for_user, require
from chisoxanh.accounts.models import Organization
from chisoxanh.core.db import ViCollate
from chisoxanh.core.paging import paginate

from . import selectors, services
from .forms import PlanCreateForm, PlanForm, TaskForm
from .models import Plan, Task


@login_required
def plan_list(request):
    q = request.GET.get("q", "")
    page = paginate(request, selectors.plan_list(request.user, q=q))
    template = "plans/_plan_rows.html" if request.htmx else "plans/plan_list.html"
    return render(
        request,
        template,
        {
            "plans": page,
            "page": page,
            "q": q,
            "can_create": services.plan_issuers_for(request.user).exists(),
        },
    )


@login_required
def plan_detail(request, pk: int):
    plan = selectors.plan_get(request.user, pk)
    structure = selectors.plan_structure(plan)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "task_groups": structure[Task.Part.TASKS],
            "organization_groups": structure[Task.Part.ORGANIZATION],
            "can_edit": services.can_edit_plan(request.user, plan),
            "current_year": timezone.localdate().year,
            **_pgi_target(plan),
        },
    )


def _pgi_target(plan: Plan) -> dict:
    """The plan's PGI target beside the province's latest result, when both are known."""
    if not (plan.target_rank or plan.target_score is not None):
        return {}
    from chisoxanh.pgi import analytics
    from chisoxanh.pgi.models import Province

    root_id = ([*plan.issuer.ancestor_ids(), plan.issuer.pk])[0]
    province = Province.objects.filter(organization_id=root_id).first()
    if province is None:
        return {"pgi_target": None}
    profile = analytics.profile(province, target_rank=plan.target_rank or 30, target_score=plan.target_score)
    return {"pgi_target": profile.target, "pgi_province": province}


def _save_form(request, form, save, template: str, context: dict):
    """Run ``save`` for a valid form; show domain errors on the same page, nothing saved."""
    status = 400
    if form.is_valid():
        try:
            return save(form)
        except services.ConflictError as exc:
            messages.error(request, str(exc))
            context["conflict"] = exc.current
            # The form keeps the user's text; it now carries the latest version, so sending it
            # again is a deliberate choice to replace the version shown beside it.
            form.data = form.data.copy()
            form.data["version"] = exc.current.version
            status = 409
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
    return render(request, template, {**context, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    issuers = services.plan_issuers_for(request.user)
    require(issuers.exists(), "Chỉ bộ phận theo dõi, tổng hợp của cơ quan mới được tạo kế hoạch.")
    parents = Plan.objects.visible_to(request.user)
    form = PlanCreateForm(request.POST or None, issuers=issuers, parents=parents)
    if request.method == "GET":
        return render(request, "plans/plan_form.html", {"form": form})

    def save(form):
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("issuer", "version")}
        plan = services.plan_create(actor=request.user, issuer=form.cleaned_data["issuer"], **data)
        messages.success(request, "Đã tạo kế hoạch.")
        return redirect(plan)

    return _save_form(request, form, save, "plans/plan_form.html", {})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    plan = get_for_user(request.user, Plan, pk=pk)
    require(services.can_edit_plan(request.user, plan), "Bạn không có quyền sửa kế hoạch này.")
    parents = Plan.objects.visible_to(request.user).exclude(pk=plan.pk)
    form = PlanForm(request.POST or None, instance=plan, parents=parents)
    context = {"form": form, "plan": plan}
    if request.method == "GET":
        return render(request, "plans/plan_form.html", context)

    def save(form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        services.plan_update(actor=request.user, plan=plan, expected_version=form.expected_version(), **data)
        messages.success(request, "Đã lưu kế hoạch.")
        return redirect(plan)

    return _save_form(request, form, save, "plans/plan_form.html", context)


def _units_for(plan: Plan):
    """Who a task of ``plan`` may be given to: the issuer's own units first, then its peers.

    Peers are organisations of the same kind under the same parent (other agencies for an
    agency's plan), so a department's form does not list every commune of the province.
    """
    issuer = plan.issuer
    return (
        Organization.objects.filter(is_active=True)
        .filter(Q(path__startswith=issuer.path) | Q(parent_id=issuer.parent_id, kind=issuer.kind))
        .annotate(own=Case(When(path__startswith=issuer.path, then=0), default=1))
        .order_by("own", "depth", "order", ViCollate("name"))
    )


def _task_save_kwargs(form) -> dict:
    data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    return {**data, "partners": list(data.pop("partners") or [])}


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request, plan_pk: int):
    plan = get_for_user(request.user, Plan.objects.select_related("issuer"), pk=plan_pk)
    require(services.can_edit_plan(request.user, plan), "Bạn không có quyền thêm nhiệm vụ.")
    form = TaskForm(request.POST or None, units=_units_for(plan))
    context = {"form": form, "plan": plan}
    if request.method == "GET":
        return render(request, "plans/task_form.html", context)

    def save(form):
        task = services.task_create(actor=request.user, plan=plan, **_task_save_kwargs(form))
        messages.success(request, "Đã thêm nhiệm vụ.")
        return redirect(task)

    return _save_form(request, form, save, "plans/task_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, pk: int):
    task = get_for_user(request.user, Task.objects.select_related("plan", "plan__issuer"), pk=pk)
    require(services.can_edit_plan(request.user, task.plan), "Bạn không có quyền sửa nhiệm vụ này.")
    form = TaskForm(request.POST or None, instance=task, units=_units_for(task.plan))
    context = {"form": form, "plan": task.plan, "task": task}
    if request.method == "GET":
        return render(request, "plans/task_form.html", context)

    def save(form):
        services.task_update(
            actor=request.user,
            task=task,
            expected_version=form.expected_version(),
            **_task_save_kwargs(form),
        )
        messages.success(request, "Đã lưu nhiệm vụ.")
        return redirect(task)

    return _save_form(request, form, save, "plans/task_form.html", context)


@login_required
def task_list(request):
    q = request.GET.get("q", "")
    page = paginate(request, selectors.task_list(request.user, q=q))
    return render(request, "plans/task_list.html", {"tasks": page, "page": page, "q": q})
