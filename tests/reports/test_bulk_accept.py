"""Accepting several reports from the review queue: a confirmation first, then each accepted at
the version the queue showed, in its own transaction, with a result per report."""

import pytest

from chisoxanh.reports import services
from chisoxanh.reports.models import TaskReport
from tests.factories import report_of


def _send(report, user, text="Đã tuyên truyền"):
    services.report_save(
        actor=user,
        report=report,
        expected_version=report.version,
        fields={"results": text, "progress": "in_progress"},
        submit=True,
    )
    report.refresh_from_db()
    return report


@pytest.fixture
def sent(world, period):
    return [_send(report_of(period, i, world.unit_a), world.officer_a) for i in range(3)]


def _pick(reports):
    return [f"{r.pk}:{r.version}" for r in reports]


def test_the_queue_asks_for_confirmation_then_accepts_each(client_for, world, sent):
    leader = client_for(world.unit_leader)
    queue = leader.get("/duyet-bao-cao/").content.decode()
    assert "Duyệt các báo cáo đã chọn" in queue
    assert f'value="{sent[0].pk}:{sent[0].version}"' in queue
    confirm = leader.post("/duyet-bao-cao/duyet-nhieu/", {"report": _pick(sent[:2])})
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Xác nhận duyệt 2 báo cáo" in page and sent[0].task.title in page
    assert set(TaskReport.objects.filter(pk__in=[r.pk for r in sent]).values_list("state", flat=True)) == {"submitted"}
    done = leader.post("/duyet-bao-cao/duyet-nhieu/", {"report": _pick(sent[:2]), "confirm": "1"})
    assert done.status_code == 200
    assert "Đã duyệt 2 báo cáo" in done.content.decode()
    states = dict(TaskReport.objects.filter(pk__in=[r.pk for r in sent]).values_list("pk", "state"))
    assert states == {sent[0].pk: "accepted", sent[1].pk: "accepted", sent[2].pk: "submitted"}
    for r in sent[:2]:
        assert r.versions.order_by("-number").first().event == "accepted"


def test_one_changed_meanwhile_does_not_stop_the_others(client_for, world, sent):
    seen = _pick(sent)
    # The unit takes one back and sends it again; the leader of above returns another.
    services.report_withdraw(actor=world.officer_a, report=sent[0], expected_version=sent[0].version)
    _send(sent[0], world.officer_a, "Đã tuyên truyền, bổ sung số liệu")
    services.report_return(
        actor=world.head, report=sent[1], reason="Thiếu minh chứng", expected_version=sent[1].version
    )
    done = client_for(world.unit_leader).post("/duyet-bao-cao/duyet-nhieu/", {"report": seen, "confirm": "1"})
    page = done.content.decode()
    assert "Báo cáo vừa thay đổi" in page
    assert "không còn chờ duyệt" in page
    states = dict(TaskReport.objects.filter(pk__in=[r.pk for r in sent]).values_list("pk", "state"))
    assert states == {sent[0].pk: "submitted", sent[1].pk: "returned", sent[2].pk: "accepted"}


def test_only_reports_the_user_may_accept(world, period, sent):
    other = _send(report_of(period, 0, world.unit_b), world.officer_b)
    results = services.reports_accept_many(
        actor=world.unit_leader, items=[(other.pk, other.version), (sent[0].pk, sent[0].version)]
    )
    assert [(r.report_id, r.code) for r in results] == [(other.pk, "not_found"), (sent[0].pk, "accepted")]
    # The Office sees the report but may not accept it.
    results = services.reports_accept_many(actor=world.coordinator, items=[(sent[1].pk, sent[1].version)])
    assert [r.code for r in results] == ["forbidden"]
    results = services.reports_accept_many(actor=world.outsider, items=[(sent[1].pk, sent[1].version)])
    assert [r.code for r in results] == ["not_found"]
    assert TaskReport.objects.get(pk=other.pk).state == "submitted"
    assert TaskReport.objects.get(pk=sent[1].pk).state == "submitted"


def test_nothing_chosen_or_bad_values_change_nothing(client_for, world, sent):
    leader = client_for(world.unit_leader)
    assert leader.post("/duyet-bao-cao/duyet-nhieu/", {"confirm": "1"}).status_code == 302
    assert leader.post("/duyet-bao-cao/duyet-nhieu/", {"report": ["x"], "confirm": "1"}).status_code == 302
    assert leader.get("/duyet-bao-cao/duyet-nhieu/").status_code == 405
    assert set(TaskReport.objects.filter(pk__in=[r.pk for r in sent]).values_list("state", flat=True)) == {"submitted"}


def test_the_api_bulk_accept(client_for, world, sent):
    api = client_for(world.unit_leader)
    body = {
        "reports": [
            {"id": sent[0].pk, "version": sent[0].version},
            {"id": sent[1].pk, "version": sent[1].version - 1},
            {"id": sent[2].pk},
        ]
    }
    response = api.post("/api/v1/reports/bulk-accept", body, content_type="application/json")
    assert response.status_code == 200
    got = [(r["id"], r["accepted"], r["code"]) for r in response.json()]
    assert got == [
        (sent[0].pk, True, "accepted"),
        (sent[1].pk, False, "conflict"),
        (sent[2].pk, False, "refused"),
    ]
    assert response.json()[1]["current_version"] == sent[1].version
    assert api.post("/api/v1/reports/bulk-accept", {"reports": []}, content_type="application/json").status_code in (
        400,
        422,
    )
