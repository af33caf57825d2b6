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


def test_synth_makes_result_reports_and_file_evidence_the_app_can_serve(db, settings, tmp_path):
    from chisoxanh.documents.models import ResultReport
    from chisoxanh.reports.models import Evidence

    settings.MEDIA_ROOT = tmp_path
    synthesize(
        SynthSize(agencies_per_province=4, units_per_agency=3, tasks_per_plan=4, years=2, seed=3), last_year=2026
    )
    # Every agency plan reported the first year, and it was received; the last year is mixed.
    first = ResultReport.objects.filter(period__year=2025)
    assert first.count() == 4 and set(first.values_list("state", flat=True)) == {"received"}
    assert all(r.number and r.sent_at and r.received_at for r in first)
    evidence = Evidence.objects.exclude(file="")
    assert evidence.exists() and Evidence.objects.filter(file="").exists()  # files and links
    with evidence.first().file.open("rb") as f:
        assert f.read().startswith(b"%PDF-")
    # The past is closed (nearly all accepted); the current year has work in every state.
    past = set(TaskReport.objects.filter(period__year=2025).values_list("state", flat=True))
    assert past <= {"accepted", "submitted"}
    assert set(TaskReport.objects.filter(period__year=2026).values_list("state", flat=True)) == {
        "accepted",
        "submitted",
        "returned",
        "draft",
    }
