"""Opening a board checks one period in memory (reports.policies.boards.get); listing boards
filters in the database (selectors.periods_for_board). The two must agree for everyone."""

import pytest
from django.http import Http404

from chisoxanh.reports import selectors
from chisoxanh.reports.models import Period

PERSONAS = ("officer_a", "officer_b", "unit_leader", "coordinator", "head", "aggregator", "outsider", "admin", "nobody")


@pytest.mark.parametrize("opened", [True, False])
def test_the_single_period_rule_agrees_with_the_list(world, period, opened):
    if not opened:
        Period.objects.filter(pk=period.pk).update(opened_at=None)
    for name in PERSONAS:
        user = getattr(world, name)
        listed = selectors.periods_for_board(user).filter(pk=period.pk).exists()
        try:
            selectors.period_get(user, period.pk)
            opened_by_get = True
        except Http404:
            opened_by_get = False
        assert opened_by_get is listed, name
    assert selectors.periods_for_board(world.coordinator).filter(pk=period.pk).exists() is opened


def test_a_missing_or_malformed_period_is_404(world, period):
    for pk in (period.pk + 1000, "abc", None):
        with pytest.raises(Http404):
            selectors.period_get(world.admin, pk)


def test_the_overview_lists_the_plans_of_the_boards_one_may_open(world, period):
    for name in PERSONAS:
        user = getattr(world, name)
        boards = set(selectors.periods_for_board(user).filter(plan__status="active").values_list("plan_id", flat=True))
        assert set(selectors.overview_plans(user).values_list("pk", flat=True)) == boards, name
    assert selectors.overview_plans(world.head).exists() and not selectors.overview_plans(world.outsider).exists()
