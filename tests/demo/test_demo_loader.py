"""The demo holds the Sở Tư pháp plan exactly as the seed document has it."""

import pytest
from django.contrib.auth import get_user_model

from chisoxanh.accounts.models import Organization
from chisoxanh.demo.loader import DEMO_PASSWORD, load_demo
from chisoxanh.plans.models import Plan


@pytest.fixture
def demo(db):
    return load_demo(with_passwords=True)


def stp_plan():
    return Plan.objects.get(issuer__name="Sở Tư pháp", symbol="KH-STP")


def test_the_demo_has_the_province_agencies_units_and_communes(demo):
    stp = Organization.objects.get(name="Sở Tư pháp")
    units = set(stp.children.values_list("name", flat=True))
    assert {
        "Văn phòng Sở",
        "Phòng Nghiệp vụ I",
        "Phòng Nghiệp vụ II",
        "Trung tâm Trợ giúp pháp lý nhà nước",
    } <= units
    assert stp.abbreviation == "STP"
    assert Organization.objects.filter(kind="commune", parent=stp.parent).count() == 65
    assert Organization.objects.filter(name="Sở Nông nghiệp và Môi trường").exists()


def test_the_stp_plan_implements_the_provincial_plan(demo):
    plan = stp_plan()
    assert plan.parent.reference == "18/KH-UBND"
    assert plan.parent.issued_on.isoformat() == "2026-01-21"
    assert plan.parent.issuer.name == "Ủy ban nhân dân tỉnh Lạng Sơn"
    assert plan.start_year == 2026 and plan.end_year is None
    assert plan.preamble.startswith("Thực hiện Kế hoạch số 18/KH-UBND ngày 21/01/2026")


def test_every_purpose_and_requirement_is_there(demo):
    plan = stp_plan()
    assert len(plan.purpose_items) == 2
    assert len(plan.requirement_items) == 3
    assert plan.requirement_items[0].startswith("Xác định việc cải thiện và nâng cao chỉ số PGI")


def test_the_three_subindex_task_groups_with_their_leads_and_partners(demo):
    tasks = list(stp_plan().tasks.filter(part="tasks").order_by("order"))
    assert [(t.section, t.subindex.number) for t in tasks] == [
        ("II.1", 1),
        ("II.2", 3),
        ("II.3", 4),
    ]
    leads = [[a.organization.name for a in t.assignments.filter(role="lead")] for t in tasks]
    assert leads == [[], ["Phòng Nghiệp vụ II"], ["Phòng Nghiệp vụ II"]]
    for task in tasks:
        assert task.partners_text == "các phòng, đơn vị sự nghiệp thuộc Sở"
        partners = set(task.assignments.filter(role="partner").values_list("organization__name", flat=True))
        assert {
            "Văn phòng Sở",
            "Phòng Nghiệp vụ I",
            "Trung tâm Trợ giúp pháp lý nhà nước",
        } <= partners
    assert "Phòng Nghiệp vụ II" in set(
        tasks[0].assignments.values_list("organization__name", flat=True)
    )  # task 1 has partners only: every unit carries it, Phòng Nghiệp vụ II included


def test_the_office_duties_and_the_annual_report(demo):
    plan = stp_plan()
    assert plan.report_recipient.name == "Sở Nông nghiệp và Môi trường"
    assert (plan.report_due_month, plan.report_due_day) == (12, 10)
    office_tasks = plan.tasks.filter(part="organization", heading="Văn phòng Sở")
    assert office_tasks.count() == 2
    report = office_tasks.get(schedule="annual")
    assert (report.due_month, report.due_day) == (12, 10)
    assert "trước ngày 10 tháng 12 hằng năm" in report.content
    assert plan.tasks.filter(part="organization", heading="Các phòng, đơn vị thuộc Sở").exists()


def test_the_recipients_and_signer(demo):
    plan = stp_plan()
    assert plan.recipient_items[-1] == "Lưu: VT, VP(BTH)."
    assert (plan.signer_title, plan.signer_name) == ("GIÁM ĐỐC", "Phạm Hùng Trường")


def test_one_demo_user_per_role(demo):
    User = get_user_model()
    roles = {
        u.username: {(m.organization.name, m.role) for m in u.memberships.all()}
        for u in User.objects.prefetch_related("memberships__organization")
    }
    assert roles["chuyenvien"] == {("Phòng Nghiệp vụ II", "officer")}
    assert roles["truongphong"] == {("Phòng Nghiệp vụ II", "leader")}
    assert roles["vanphong"] == {("Sở Tư pháp", "coordinator")}
    assert roles["giamdoc"] == {("Sở Tư pháp", "leader")}
    assert roles["tonghop"] == {("Sở Nông nghiệp và Môi trường", "aggregator")}
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="vanphong").check_password(DEMO_PASSWORD)


def test_without_demo_mode_no_password_is_known(db, settings):
    settings.DEMO_MODE = False
    load_demo()
    user = get_user_model().objects.get(username="vanphong")
    assert not user.has_usable_password()


def test_loading_twice_changes_nothing(demo):
    counts = (Organization.objects.count(), Plan.objects.count(), stp_plan().tasks.count())
    load_demo(with_passwords=True)
    assert (Organization.objects.count(), Plan.objects.count(), stp_plan().tasks.count()) == counts


def test_the_api_plan_detail_matches_the_seed(demo, client):
    client.force_login(get_user_model().objects.get(username="vanphong"))
    data = client.get(f"/api/v1/plans/{stp_plan().pk}").json()
    assert len(data["tasks"]) >= 5
    by_subindex = {t["subindex"]: t for t in data["tasks"] if t["subindex"]}
    assert set(by_subindex) == {1, 3, 4}
    assert by_subindex[3]["lead"]["name"] == by_subindex[4]["lead"]["name"] == "Phòng Nghiệp vụ II"
    assert data["report"]["due"] == "12-10"
    assert data["report"]["to"] == "Sở Nông nghiệp và Môi trường"


def test_the_plan_page_as_vanphong(demo, client):
    client.force_login(get_user_model().objects.get(username="vanphong"))
    html = client.get(f"/ke-hoach/{stp_plan().pk}/").content.decode()
    for text in (
        "Giảm thiểu ô nhiễm và thiên tai",
        "Thúc đẩy thực hành xanh",
        "Chính sách khuyến khích và dịch vụ hỗ trợ",
        "Phòng Nghiệp vụ II",
        "các phòng, đơn vị sự nghiệp thuộc Sở",
        "trước ngày 10 tháng 12 hằng năm",
        "I. Mục đích, yêu cầu",
        "III. Tổ chức thực hiện",
        "Sửa kế hoạch",
    ):
        assert text.lower() in html.lower(), text


def test_the_2026_period_tells_a_story_on_29_november(demo):
    import datetime as dt

    from chisoxanh.reports.models import Period, TaskReport
    from chisoxanh.reports.selectors import board

    period = Period.objects.get(plan=stp_plan(), year=2026)
    assert (period.unit_due_date, period.due_date) == (dt.date(2026, 11, 25), dt.date(2026, 12, 10))
    states = set(TaskReport.objects.filter(period=period).values_list("state", flat=True))
    assert states == {"draft", "submitted", "accepted", "returned"}
    returned = TaskReport.objects.get(period=period, state="returned")
    assert returned.organization.name == "Phòng Nghiệp vụ II" and "Zalo" in returned.return_reason
    b = board(period, today=dt.date(2026, 11, 29))
    assert [u.name for u in b.late_units] == ["Trung tâm Dịch vụ đấu giá tài sản"]
    # The returned report is past the deadline too: the board's "Quá hạn" and its remind button
    # count both units, and so does the head's overview.
    assert [u.name for u in b.overdue_units] == ["Phòng Nghiệp vụ II", "Trung tâm Dịch vụ đấu giá tài sản"]
    assert 0 < b.total.completeness < 100
