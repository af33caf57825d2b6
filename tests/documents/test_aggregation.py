import io

import openpyxl
import pytest

from chisoxanh.documents import services
from tests.documents.conftest import open_docx


@pytest.fixture
def sent(users, result_report):
    import datetime as dt

    from chisoxanh.plans.services import plan_create

    # A second agency implements the provincial plan too, and reports to Sở NN&MT; it has not sent.
    stp = result_report.plan
    other = plan_create(
        actor=users["admin"],
        issuer=stp.issuer.parent.children.get(name="Sở Tài chính"),
        title="Kế hoạch PGI 2026 của Sở Tài chính",
        symbol="KH-STC",
        start_year=2026,
        parent=stp.parent,
        report_recipient=stp.report_recipient,
        report_due_month=12,
        report_due_day=10,
        status="active",
    )
    from chisoxanh.reports.services import period_open, periods_ensure

    for period in periods_ensure(plan=other, through_year=2026):
        period_open(actor=users["admin"], period=period)
    services.result_report_approve(
        actor=users["giamdoc"], report=result_report, expected_version=result_report.version, today=dt.date(2026, 12, 5)
    )
    services.result_report_send(actor=users["vanphong"], report=result_report, expected_version=result_report.version)
    return result_report


def test_the_aggregator_sees_who_has_and_has_not_sent(client, users, sent):
    client.force_login(users["tonghop"])
    html = client.get("/tong-hop/").content.decode()
    assert "Sở Tư pháp" in html and "Số 01/BC-STP" in html
    assert "Sở Tài chính" in html and "Chưa gửi" in html
    client.force_login(users["chuyenvien"])
    assert client.get("/tong-hop/").status_code == 403


def test_the_provincial_summary_docx_and_xlsx(client, users, sent):
    client.force_login(users["tonghop"])
    parent = sent.plan.parent
    doc = open_docx(client.get(f"/tong-hop/{parent.pk}/2026/tong-hop.docx").content)
    texts = [p.text for p in doc.paragraphs]
    assert "Có 1/2 cơ quan, đơn vị đã gửi báo cáo kết quả thực hiện." in texts
    assert "Các cơ quan, đơn vị chưa gửi báo cáo: Sở Tài chính." in texts
    assert "II. KẾT QUẢ THỰC HIỆN THEO CHỈ SỐ THÀNH PHẦN" in texts
    assert any(t.startswith("- Sở Tư pháp: tổ chức 3 hội nghị") for t in texts)
    wb = openpyxl.load_workbook(io.BytesIO(client.get(f"/tong-hop/{parent.pk}/2026/tong-hop.xlsx").content))
    rows = list(wb["Theo cơ quan"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[4]) for r in rows] == [("Sở Tư pháp", "Đã gửi"), ("Sở Tài chính", "Chưa lập báo cáo")]
    by_subindex = {r[0]: r for r in wb["Theo chỉ số"].iter_rows(min_row=2, values_only=True)}
    assert by_subindex["1. Giảm thiểu ô nhiễm và thiên tai"][3] == 3  # sessions
    client.force_login(users["chuyenvien"])
    assert client.get(f"/tong-hop/{parent.pk}/2026/tong-hop.docx").status_code == 404


@pytest.mark.parametrize(
    "name, shown", [("tonghop", True), ("admin", True), ("vanphong", False), ("chuyenvien", False)]
)
def test_the_top_bar_links_the_aggregation_page_for_aggregators_only(client, users, demo, name, shown):
    client.force_login(users[name])
    page = client.get("/viec-cua-toi/").content.decode()
    assert ('href="/tong-hop/"' in page) is shown


def test_one_year_at_a_time_the_latest_first(client, users, sent):
    from chisoxanh.reports.services import period_open, periods_ensure

    for period in periods_ensure(plan=sent.plan, through_year=2027):
        if period.year == 2027:
            period_open(actor=users["admin"], period=period)
    client.force_login(users["tonghop"])
    latest = client.get("/tong-hop/").content.decode()
    assert "Tổng hợp báo cáo của các cơ quan — năm 2027" in latest
    assert "Số 01/BC-STP" not in latest and "Chưa gửi" in latest
    assert '<a href="?nam=2026">2026</a>' in latest
    earlier = client.get("/tong-hop/?nam=2026").content.decode()
    assert "— năm 2026" in earlier and "Số 01/BC-STP" in earlier
    assert "— năm 2027" in client.get("/tong-hop/?nam=1999").content.decode()  # unknown year: the latest
    assert "— năm 2027" in client.get("/tong-hop/?nam=<script>").content.decode()


def test_an_aggregator_without_plans_gets_an_empty_page_not_an_error(client, world):
    client.force_login(world.aggregator)
    page = client.get("/tong-hop/")
    assert page.status_code == 200 and "Chưa có kế hoạch nào báo cáo về cơ quan của bạn." in page.content.decode()
    client.force_login(world.outsider)
    assert client.get("/tong-hop/").status_code == 403
