"""The Office board is cached per period revision: every change it shows must show at once."""

import re

import pytest
from django.urls import reverse

from chisoxanh.accounts.models import Organization
from chisoxanh.plans import services as plan_services
from chisoxanh.reports import services
from chisoxanh.reports.models import Period
from chisoxanh.reports.policies import boards
from tests.factories import report_of


@pytest.fixture
def board(client_for, world, period):
    def get(user=None) -> str:
        response = client_for(user or world.coordinator).get(reverse("board", args=[period.pk]))
        assert response.status_code == 200
        return response.content.decode()

    return get


def cell_state(page: str, report) -> str:
    url = reverse("report-detail", args=[report.pk])
    return re.search(rf'class="cell state-(\w+)[^"]*" href="{url}"', page).group(1)


def submit(report, user):
    services.report_save(actor=user, report=report, expected_version=report.version, fields={"results": "Đã làm"})
    services.report_submit(actor=user, report=report, expected_version=report.version)


def test_a_submitted_then_accepted_report_shows_at_once(world, period, board):
    report = report_of(period, 0, world.unit_a)
    assert cell_state(board(), report) == "draft"
    submit(report, world.officer_a)
    assert cell_state(board(), report) == "submitted"
    report.refresh_from_db()
    services.report_accept(actor=world.unit_leader, report=report, expected_version=report.version)
    assert cell_state(board(), report) == "accepted"


def test_a_task_renamed_in_the_plan_shows_at_once(world, period, board):
    board()
    task = period.plan.tasks.order_by("order").first()
    plan_services.task_update(
        actor=world.coordinator, task=task, expected_version=task.version, title="Nhiệm vụ đổi tên"
    )
    assert "Nhiệm vụ đổi tên" in board()


def test_a_deleted_task_leaves_the_board(world, period, board):
    task = period.plan.tasks.order_by("order").last()
    assert task.title in board()
    task.delete()  # as the administrator's site does: no service, the signal still sees it
    assert task.title not in board()


def test_a_renamed_unit_shows_at_once(world, period, board):
    assert "Phòng Nghiệp vụ II" in board()
    unit = Organization.objects.get(pk=world.unit_a.pk)
    unit.name = "Phòng Pháp chế"
    unit.save()
    page = board()
    assert "Phòng Pháp chế" in page
    assert "Phòng Nghiệp vụ II" not in page


def test_what_one_user_sees_is_what_another_sees_but_the_buttons_are_their_own(world, period, board):
    coordinator_page = board(world.coordinator)
    head_page = board(world.head)  # served from the cache
    assert coordinator_page.count("state-draft") == head_page.count("state-draft")
    assert "Nhắc" in coordinator_page
    assert ("Nhắc" in head_page) == boards.can_remind(world.head, period)


def test_saving_a_period_never_moves_its_revision_back(world, period):
    stale = Period.objects.get(pk=period.pk)
    submit(report_of(period, 0, world.unit_a), world.officer_a)
    moved = Period.objects.get(pk=period.pk).revision
    assert moved > stale.revision
    stale.save()  # an instance loaded before the change
    assert Period.objects.get(pk=period.pk).revision > moved


def test_an_outsider_still_gets_404_when_the_board_is_cached(client_for, world, period, board):
    board()
    response = client_for(world.outsider).get(reverse("board", args=[period.pk]))
    assert response.status_code == 404


def test_the_result_report_link_follows_the_report_and_each_users_rights(world, period, board):
    from chisoxanh.documents import services as document_services
    from chisoxanh.documents.models import ResultReport

    assert "Lập báo cáo kết quả" in board(world.coordinator)
    report = document_services.result_report_start(actor=world.coordinator, period=period, today=period.due_date)
    assert "Mở báo cáo kết quả" in board(world.coordinator)
    assert f"Báo cáo kết quả số {report.reference}" in board(world.head)
    assert "Báo cáo kết quả số" not in board(world.aggregator)  # a draft stays inside the agency
    report.state, report.number, report.year = ResultReport.State.SENT, 7, 2026
    report.save()
    assert "Báo cáo kết quả số 07/BC-STP" in board(world.aggregator)
    assert "Báo cáo kết quả số 07/BC-STP" in board(world.head)
    report.delete()
    assert "Báo cáo kết quả số" not in board(world.head)


def test_the_api_board_and_the_overview_follow_a_submission(world, period, client_for):
    report = report_of(period, 0, world.unit_a)

    def sent_counts() -> tuple[int, int]:
        board_json = client_for(world.coordinator).get(f"/api/v1/periods/{period.pk}/board").json()
        overview = client_for(world.head).get(reverse("overview")).content.decode()
        return board_json["total"]["sent"], int(re.search(r"Đã gửi \((\d+)/\d+\)", overview).group(1))

    assert sent_counts() == (0, 0)
    submit(report, world.officer_a)
    assert sent_counts() == (1, 1)
