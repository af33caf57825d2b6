"""Organisation pages and the user's own page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from chisoxanh.accounts.access import grants
from chisoxanh.accounts.models import Membership, Organization
from chisoxanh.accounts.policies import organizations
from chisoxanh.core.db import ViCollate, search
from chisoxanh.core.paging import paginate


@login_required
def organization_list(request):
    q = request.GET.get("q", "")
    orgs = organizations.visible(request.user, Organization.objects.select_related("parent"))
    page = paginate(request, search(orgs, q).order_by("depth", ViCollate("name"), "pk"), per_page=100)
    template = "accounts/_organization_rows.html" if request.htmx else "accounts/organization_list.html"
    return render(request, template, {"organizations": page, "page": page, "q": q})


@login_required
def organization_detail(request, pk: int):
    org = organizations.get(request.user, Organization.objects.select_related("parent"), pk=pk)
    children = organizations.visible(request.user).filter(parent=org).order_by("order", ViCollate("name"))
    return render(request, "accounts/organization_detail.html", {"organization": org, "children": children})


@login_required
def profile(request):
    memberships = Membership.objects.filter(user=request.user).select_related("organization")
    grants(request.user)
    return render(request, "accounts/profile.html", {"memberships": memberships})
