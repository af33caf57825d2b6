"""Plan pages. Each view fetches through the plans policy, validates, calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Q, When
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from chisoxanh.accounts.access import require
from chisoxanh.accounts.models import Organization
from chisoxanh.core.db import ViCollate
from chisoxanh.core.paging import paginate
from chisoxanh.pgi import analytics
from chisoxanh.pgi.models import Province
from chisoxanh.plans import selectors, services
from chisoxanh.plans.models import Plan, Task
from chisoxanh.plans.policies import issuers_for, plans, tasks
from chisoxanh.web.forms.plans import PlanCreateForm, PlanForm, TaskForm
from chisoxanh.web.workflow import save_form


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
            "can_create": issuers_for(request.user).exists(),
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
            "can_edit": plans.can_edit(request.user, plan),
            "current_year": timezone.localdate().year,
            **_pgi_target(plan),
        },
    )


def _pgi_target(plan: Plan) -> dict:
    """The plan's PGI target beside the province's latest result, when both are known."""
    if not (plan.target_rank or plan.target_score is not None):
        return {}

    root_id = ([*plan.issuer.ancestor_ids(), plan.issuer.pk])[0]
    province = Province.objects.filter(organization_id=root_id).first()
    if province is None:
        return {"pgi_target": None}
    profile = analytics.profile(province, target_rank=plan.target_rank or 30, target_score=plan.target_score)
    return {"pgi_target": profile.target, "pgi_province": province}


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    issuers = issuers_for(request.user)
    require(issuers.exists(), "Chỉ bộ phận theo dõi, tổng hợp của cơ quan mới được tạo kế hoạch.")
    parents = plans.visible(request.user)
    form = PlanCreateForm(request.POST or None, issuers=issuers, parents=parents)
    if request.method == "GET":
        return render(request, "plans/plan_form.html", {"form": form})

    def save():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("issuer", "version")}
        plan = services.plan_create(actor=request.user, issuer=form.cleaned_data["issuer"], **data)
        messages.success(request, "Đã tạo kế hoạch.")
        return redirect(plan)

    return save_form(request, forms=[form], save=save, template="plans/plan_form.html", context={"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    plan = plans.get(request.user, pk=pk)
    require(plans.can_edit(request.user, plan), "Bạn không có quyền sửa kế hoạch này.")
    parents = plans.visible(request.user).exclude(pk=plan.pk)
    form = PlanForm(request.POST or None, instance=plan, parents=parents)
    context = {"form": form, "plan": plan}
    if request.method == "GET":
        return render(request, "plans/plan_form.html", context)

    def save():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        services.plan_update(actor=request.user, plan=plan, expected_version=form.expected_version(), **data)
        messages.success(request, "Đã lưu kế hoạch.")
        return redirect(plan)

    return save_form(request, forms=[form], save=save, template="plans/plan_form.html", context=context)


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
    plan = plans.get(request.user, Plan.objects.select_related("issuer"), pk=plan_pk)
    require(plans.can_edit(request.user, plan), "Bạn không có quyền thêm nhiệm vụ.")
    form = TaskForm(request.POST or None, units=_units_for(plan))
    context = {"form": form, "plan": plan}
    if request.method == "GET":
        return render(request, "plans/task_form.html", context)

    def save():
        task = services.task_create(actor=request.user, plan=plan, **_task_save_kwargs(form))
        messages.success(request, "Đã thêm nhiệm vụ.")
        return redirect(task)

    return save_form(request, forms=[form], save=save, template="plans/task_form.html", context=context)


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, pk: int):
    task = tasks.get(request.user, Task.objects.select_related("plan", "plan__issuer"), pk=pk)
    require(tasks.can_edit(request.user, task), "Bạn không có quyền sửa nhiệm vụ này.")
    form = TaskForm(request.POST or None, instance=task, units=_units_for(task.plan))
    context = {"form": form, "plan": task.plan, "task": task}
    if request.method == "GET":
        return render(request, "plans/task_form.html", context)

    def save():
        services.task_update(
            actor=request.user,
            task=task,
            expected_version=form.expected_version(),
            **_task_save_kwargs(form),
        )
        messages.success(request, "Đã lưu nhiệm vụ.")
        return redirect(task)

    return save_form(request, forms=[form], save=save, template="plans/task_form.html", context=context)


@login_required
def task_list(request):
    q = request.GET.get("q", "")
    page = paginate(request, selectors.task_list(request.user, q=q))
    return render(request, "plans/task_list.html", {"tasks": page, "page": page, "q": q})
