"""Pages of long lists. A national deployment gives an administrator or a province's leaders
thousands of plans, result reports and boards: every list that grows with the data is shown a
page at a time (a COUNT and one slice, whatever the size), never truncated silently."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PER_PAGE = 50
PARAM = "trang"


def paginate(request: HttpRequest, object_list, per_page: int = PER_PAGE) -> Page:
    """The page asked for in ``?trang=``; a missing, malformed or too large number gives the
    first or the last page rather than an error."""
    return Paginator(object_list, per_page).get_page(request.GET.get(PARAM))
