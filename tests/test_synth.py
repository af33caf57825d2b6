"""The synthetic data generator: deterministic for a seed, with a consistent tree."""

from django.db import transaction

from chisoxanh.accounts.models import Organization
from chisoxanh.demo.synth import SynthSize, synthesize
from chisoxanh.reports.models import Activity, TaskReport


class _Rollback(Exception):
    pass


def _run(seed: int):
    """Synthesise inside a transaction that is rolled back, returning what was made."""
    size = SynthSize(provinces=1, agencies_per_province=3, units_per_agency=4, tasks_per_plan=5, years=2, seed=seed)
    try:
        with transaction.atomic():
            made = synthesize(size)
            unit = Organization.objects.filter(kind="division").select_related("parent").first()
            assert unit.path.startswith(unit.parent.path) and unit.depth == 2
            raise _Rollback(made, sorted(TaskReport.objects.values_list("state", "progress")), Activity.objects.count())
    except _Rollback as done:
        return done.args


def test_synth_is_deterministic_for_a_seed(db):
    made, states, activities = _run(7)
    assert (made.plans, made.tasks, made.reports) == (4, 15, 3 * 5 * 4 * 2)
    assert _run(7)[1:] == (states, activities)
    assert _run(8)[1] != states
