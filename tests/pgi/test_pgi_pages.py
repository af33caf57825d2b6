import io
import re

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from chisoxanh.pgi.models import Score


@pytest.fixture
def demo(db):
    from chisoxanh.demo.loader import load_demo

    load_demo(with_passwords=False)
    return {u.username: u for u in get_user_model().objects.all()}


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_lang_son_profile_tells_its_history_and_weakest_subindex(client, demo):
    client.force_login(demo["vanphong"])
    html = html_of(client, "/chi-so/20-2025/")
    text = re.sub(r"<[^>]+>", " ", html)
    text = re.sub(r"\s+", " ", text)
    assert "2022 Lạng Sơn 2/63" in text
    assert "2023 Lạng Sơn 62/63 17.33" in text or "2023 Lạng Sơn 62/63 17,33" in text
    assert re.search(r"2024 Lạng Sơn chưa công bố 22[.,]63 4[.,]95 4[.,]95 6[.,]71 6[.,]02", text)
    assert "Chỉ số yếu nhất (2024): Đảm bảo tuân thủ" in text
    assert "có thể bị ghi nhầm" in text  # sub-indices 1 and 2 identical in 2024
    assert "top 30 năm 2024" in text


def test_charts_have_titles_descriptions_and_data_tables(client, demo):
    client.force_login(demo["chuyenvien"])
    html = html_of(client, "/chi-so/20-1976/")
    assert html.count('role="img"') == 3
    assert '<title id="bd-tong-title">Điểm PGI tổng của Lạng Sơn (thang 40)</title>' in html
    assert 'id="bd-xep-hang-desc"' in html and "2022: 2, 2023: 62" in html
    assert html.count("Bảng số liệu của biểu đồ") == 3
    svg = client.get("/chi-so/20-1976/bieu-do/xep-hang.svg")
    assert svg["Content-Type"].startswith("image/svg+xml") and b"<svg" in svg.content
    csv_text = client.get("/chi-so/20-1976/bieu-do/tong.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "Chuỗi số liệu,2022,2023,2024"
    assert "17.33" in csv_text


def test_link_to_work_counts_the_demo_plans_tasks_per_subindex(client, demo):
    client.force_login(demo["vanphong"])
    html = html_of(client, "/chi-so/20-2025/")
    rows = re.findall(r"<tr[^>]*><td><span class=\"subindex si-(\d)\">.*?</tr>", html, re.S)
    assert rows == ["1", "2", "3", "4"]
    section = html[html.index("Công việc theo từng chỉ số") :]
    cells = re.findall(r'<td class="num">([^<]*)</td>', section)
    # Per sub-index: latest score, tasks, units, activities, people.
    tasks = [cells[i * 5 + 1] for i in range(4)]
    assert tasks == ["1", "0", "1", "1"]
    assert "Chỉ số yếu nhưng ít nhiệm vụ hướng vào" in section  # sub-index 2: weak, nothing planned


def test_the_ranking_lists_every_province_sorted_and_unknowns_shown(client, demo):
    client.force_login(demo["tonghop"])
    html = html_of(client, "/chi-so/?nam=2024")
    names = re.findall(r'href="/chi-so/\d+-1976/">([^<]+)</a>', html)
    assert len(names) == 63 and names[0] == "Thành phố Hải Phòng"
    by_name = re.findall(r'href="/chi-so/\d+-1976/">([^<]+)</a>', html_of(client, "/chi-so/?nam=2024&sap_xep=name"))
    assert by_name[:3] == ["An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu"]
    assert "chưa công bố" in html or "—" in html


def test_compare_up_to_five(client, demo):
    client.force_login(demo["giamdoc"])
    html = html_of(client, "/chi-so/so-sanh/?tinh=20-1976&tinh=22-1976&tinh=01-1976")
    assert "So sánh điểm PGI tổng" in html and "Quảng Ninh" in html


def table(rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(
        ["Năm", "Tỉnh, thành phố", "Chỉ số 1", "Chỉ số 2", "Chỉ số 3", "Chỉ số 4", "Tổng điểm", "Xếp hạng", "Nguồn"]
    )
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("bang-pgi.xlsx", buf.getvalue())


def test_an_import_with_one_bad_row_changes_nothing_and_names_row_and_column(client, demo):
    client.force_login(demo["tonghop"])
    before = Score.objects.count()
    upload = table(
        [
            [2024, "Lạng Sơn", 5.2, 5.4, 6.7, 6.0, 23.3, 40, "VCCI"],
            [2024, "Cao Bằng", 4.4, 12.5, 7.7, 6.8, 31.4, 41, "VCCI"],
        ]
    )
    response = client.post("/chi-so/nhap/", {"tep": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "dòng 3, cột Chỉ số 2: điểm 12,50 nằm ngoài khoảng 0–10" in html
    assert Score.objects.count() == before
    assert not Score.objects.filter(province__name="Lạng Sơn", year=2024, rank=40).exists()


def test_a_good_import_updates_the_rankings(client, demo):
    client.force_login(demo["tonghop"])
    upload = table(
        [
            [2024, "Lạng Sơn", 5.20, 5.40, 6.71, 6.02, 23.33, 40, "VCCI, bảng gửi tỉnh"],
            ["2024", "Cao Bằng", "4,38", "4,84", "7,66", "6,80", "23,68", "38", ""],
        ]
    )
    response = client.post("/chi-so/nhap/", {"tep": upload})
    assert response.status_code == 302
    lang_son = Score.objects.get(province__name="Lạng Sơn", province__era="pre2025", year=2024, subindex__isnull=True)
    assert (str(lang_son.score), lang_son.rank) == ("23.33", 40)
    html = html_of(client, "/chi-so/?nam=2024")
    assert html.index("Cao Bằng") < html.index("Lạng Sơn") < html.index("An Giang")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([[2024, "Tỉnh Không Có", 1, 1, 1, 1, 4, 70, ""]], "dòng 2, cột Tỉnh, thành phố: không tìm thấy"),
        (
            [[2024, "Lạng Sơn", 5, 5, 5, 5, 25, 40, ""], [2024, "Cao Bằng", 5, 5, 5, 5, 25, 40, ""]],
            "dòng 3, cột Xếp hạng: thứ hạng 40 năm 2024 đã có ở dòng 2",
        ),
        ([[2024, "Lạng Sơn", 5, 5, 5, 5, 30, "", ""]], "dòng 2, cột Tổng điểm: tổng điểm 30,00 khác tổng bốn chỉ số"),
        ([["năm nay", "Lạng Sơn", "", "", "", "", "", "", ""]], "dòng 2, cột Năm"),
    ],
)
def test_each_kind_of_bad_row_is_named(client, demo, rows, message):
    client.force_login(demo["tonghop"])
    response = client.post("/chi-so/nhap/", {"tep": table(rows)})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_only_the_aggregator_or_admin_imports(client, demo):
    client.force_login(demo["chuyenvien"])
    assert client.get("/chi-so/nhap/").status_code == 403
    client.force_login(demo["tonghop"])
    template = client.get("/chi-so/nhap/mau.xlsx")
    headers = [c.value for c in openpyxl.load_workbook(io.BytesIO(template.content)).active[1]]
    assert headers[:2] == ["Năm", "Tỉnh, thành phố"]
    bad = client.post("/chi-so/nhap/", {"tep": SimpleUploadedFile("bang.exe", b"MZ")})
    assert bad.status_code == 400 and "Chỉ nhận tệp CSV hoặc XLSX" in bad.content.decode()
    broken = client.post("/chi-so/nhap/", {"tep": SimpleUploadedFile("bang.xlsx", b"not a zip")})
    assert broken.status_code == 400 and "bị hỏng" in broken.content.decode()


def test_a_formula_in_a_csv_cell_is_refused(client, demo):
    client.force_login(demo["tonghop"])
    csv_bytes = "Năm;Tỉnh, thành phố;Chỉ số 1\n2024;Lạng Sơn;=HYPERLINK(1)\n".encode()
    response = client.post("/chi-so/nhap/", {"tep": SimpleUploadedFile("bang.csv", csv_bytes)})
    assert response.status_code == 400
    assert "dòng 2, cột Chỉ số 1: “=HYPERLINK(1)” không phải là số" in response.content.decode()


def test_the_csv_shipped_format_imports_too(client, demo):
    client.force_login(demo["tonghop"])
    csv_bytes = (
        b"year,province,subindex1,subindex2,subindex3,subindex4,total,rank,source_url\n2024,Lang Son,,,,,,45,x\n"
    )
    response = client.post("/chi-so/nhap/", {"tep": SimpleUploadedFile("bang.csv", csv_bytes)})
    assert response.status_code == 302
    assert (
        Score.objects.get(province__name="Lạng Sơn", province__era="pre2025", year=2024, subindex__isnull=True).rank
        == 45
    )


def test_pages_need_login(client, db):
    assert client.get("/chi-so/").status_code == 302


def test_the_api_gives_the_profile_figures(client, demo):
    client.force_login(demo["tonghop"])
    data = client.get("/api/v1/pgi/provinces/20-2025/profile").json()
    rows = {r["year"]: r for r in data["rows"]}
    assert rows[2022]["rank"] == 2 and rows[2023]["total"] == 17.33 and rows[2023]["rank"] == 62
    assert rows[2024]["subindices"] == {"1": 4.95, "2": 4.95, "3": 6.71, "4": 6.02}
    assert data["weakest"]["subindex"] == 2 and data["target"]["gap"] == 2.42
    assert client.get("/api/v1/pgi/provinces/khong-co/profile").status_code == 404


def test_a_plan_shows_its_target_against_the_latest_result(client, demo):
    from chisoxanh.plans.models import Plan

    plan = Plan.objects.get(symbol="KH-STP")
    Plan.objects.filter(pk=plan.pk).update(target_rank=30)
    client.force_login(demo["vanphong"])
    html = html_of(client, f"/ke-hoach/{plan.pk}/")
    assert "Trong nhóm 30 tỉnh, thành phố dẫn đầu" in html
    assert "còn thiếu 2,42 điểm" in html or "còn thiếu 2.42 điểm" in html
