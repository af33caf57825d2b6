"""The in-memory visibility rule of a result report agrees with the queryset's, for every
persona and every state (the board uses the first on a cached report)."""

import pytest

from chisoxanh.documents import services
from chisoxanh.documents.models import ResultReport

PERSONAS = ("officer_a", "officer_b", "unit_leader", "coordinator", "head", "aggregator", "outsider", "admin", "nobody")


@pytest.mark.parametrize("state", ResultReport.State.values)
def test_is_visible_to_agrees_with_visible_to(world, period, state):
    report = services.result_report_start(actor=world.coordinator, period=period, today=period.due_date)
    ResultReport.objects.filter(pk=report.pk).update(state=state)
    report = ResultReport.objects.select_related("agency", "recipient").get(pk=report.pk)
    for name in PERSONAS:
        user = getattr(world, name)
        in_queryset = ResultReport.objects.visible_to(user).filter(pk=report.pk).exists()
        assert report.is_visible_to(user) is in_queryset, (name, state)
    assert report.is_visible_to(world.aggregator) is (state in ("sent", "received"))
    assert not report.is_visible_to(world.outsider)
