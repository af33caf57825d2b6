import datetime as dt
import io

import pytest
from django.utils import timezone
from docx import Document

from chisoxanh.documents import services


@pytest.fixture
def demo(db):
    from chisoxanh.demo.loader import load_demo

    return load_demo(with_passwords=False)


@pytest.fixture
def users(demo):
    from django.contrib.auth import get_user_model

    return {u.username: u for u in get_user_model().objects.all()}


# A day of the demo's story (its draft was composed on 29/11/2026, its units' deadline 25/11 and
# the agency's 10/12): pages and approvals that recompose the draft look at it, whatever the clock.
DEMO_DAY = dt.date(2026, 12, 2)


@pytest.fixture
def today(monkeypatch):
    """``timezone.localdate()`` is DEMO_DAY for the pages, the API and the services."""
    real = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda value=None, tz=None: real(value, tz) if value else DEMO_DAY)
    return DEMO_DAY


@pytest.fixture
def result_report(demo):
    from chisoxanh.documents.models import ResultReport

    return ResultReport.objects.select_related("agency", "agency__parent", "period", "plan", "recipient").get()


@pytest.fixture
def approved(result_report, users):
    return services.result_report_approve(
        actor=users["giamdoc"], report=result_report, expected_version=result_report.version, today=dt.date(2026, 12, 5)
    )


def open_docx(data: bytes):
    return Document(io.BytesIO(data))
