"""The search box of the top bar: its results page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from chisoxanh.core.paging import paginate
from chisoxanh.reports import search as finder

PER_PAGE = 20


@login_required
def search(request):
    q = request.GET.get("q", "").strip()[:200]
    found = finder.search(request.user, q, kind=request.GET.get("loai"))
    page = paginate(request, found.results, per_page=PER_PAGE)
    context = {
        "search_query": q,
        "found": found,
        "kinds": finder.KINDS,
        "page": page,
        "hits": finder.hits(found, page.object_list),
    }
    return render(request, "search.html", context)
