"""Vietnamese everywhere a user looks (issue 13): every main page, for every persona, reads
without common interface English once tags, scripts and attributes are stripped."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re

import pytest
from django.contrib.auth import get_user_model

from chisoxanh.core.audit import audit
from chisoxanh.core.models import AuditEntry
from chisoxanh.documents import services as document_services
from chisoxanh.documents.models import ResultReport
from chisoxanh.pgi.models import Score
from chisoxanh.plans.models import Plan
from chisoxanh.reports.models import Period, TaskReport
from tests.personas import PERSONAS

# Interface English that has slipped onto pages before; matched as whole words, any case.
ENGLISH = (
    "Save",
    "Delete",
    "Submit",
    "Cancel",
    "Search",
    "rank",
    "ranking",
    "Report",
    "Reports",
    "Update",
    "created",
    "edited",
    "regenerated",
    "updated",
    "saved",
    "submitted",
    "accepted",
    "returned",
    "reopened",
    "approved",
    "None",
    "True",
    "False",
    "Home",
    "Log out",
    "Log in",
    "Logout",
    "Login",
    "Password",
    "Username",
    "History",
    "Action",
    "Actions",
    "Change",
    "Add",
    "View",
    "Edit",
    "Filter",
    "Yes",
    "No",
    "Next",
    "Previous",
    "Back",
    "Close",
    "Download",
    "Upload",
    "Name",
    "Date",
    "Status",
    "Total",
    "Welcome",
    "Documentation",
    "Dashboard",
    "Settings",
    "Profile",
    "Notifications",
    "Users",
    "Groups",
    "Tasks",
    "Task",
    "Plan",
    "Plans",
    "Score",
    "Scores",
    "Draft",
    "Pending",
    "Overdue",
    "Done",
    "Error",
    "Warning",
    "Success",
    "Loading",
    "Unknown",
    "Open",
    "Select",
    "Show",
    "Hide",
    "All",
    "Recent actions",
    "My actions",
    "Site administration",
    "Access",
    "attempts",
    "logs",
    "Model",
    "link",
    "Breadcrumbs",
    "Sidebar",
    "Toggle",
    "theme",
    "Axes",
    "Backend",
    "Database",
    "Result",
    "Results",
    "Ready",
    "Running",
    "Failed",
    "Successful",
    "Time",
    "Data",
    "Address",
    "entries",
    "entry",
    "selected",
    "object",
    "objects",
    "Menu",
    "Reference",
    "superuser",
    "staff",
    "permissions",
    "Permission",
)
PATTERN = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w-])", re.IGNORECASE)
# Names and formats the pages may print as they are.
ALLOWED = {"pgi", "vcci", "docx", "pdf", "xlsx", "api", "excel", "word", "ocr", "fanpage", "zalo", "email"}


def visible_text(page: str) -> str:
    """What a reader sees: no scripts, styles, comments, tags (so no attributes) or entities."""
    page = re.sub(r"<(script|style|template)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", html_lib.unescape(page))


CODE = re.compile(r"\b(?:accounts|plans|reports|documents|pgi|core)\.[a-z_]+\.[a-z_]+\b")


# What the project's filters never print: an ISO date, a hyphen for minus ("-1,59" rather than
# "−1,59"), a large number without its thousands dots ("12000" rather than "12.000").
NUMBER = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|(?<![\w.,/])-\d+(?:[,.]\d+)?\b|(?<![\w.,/])\d{5,}(?![\w.,/])")


def english_in(page: str) -> list[str]:
    # "<unknown>" is what django-axes stores when a test client sends no browser name: data.
    text = visible_text(page).replace("<unknown>", " ")
    found = [match.group(0) for match in CODE.finditer(text)]  # a raw audit code
    found += [f"số, ngày chưa định dạng: {m.group(0)}" for m in NUMBER.finditer(text)]
    for match in PATTERN.finditer(text):
        if match.group(1).lower() in ALLOWED:
            continue
        found.append(text[max(0, match.start() - 40) : match.end() + 40])
    return found


@pytest.fixture
def demo(db):
    # The demo province has PGI scores, plans, reports and history: the pages at their fullest.
    from chisoxanh.demo.loader import load_demo

    load_demo(with_passwords=False)
    users = {u.username: u for u in get_user_model().objects.all()}
    period = Period.objects.order_by("-year", "-pk").first()
    if period is not None and not ResultReport.objects.filter(period=period).exists():
        document_services.result_report_start(actor=users["vanphong"], period=period, today=dt.date(2026, 12, 1))
    # Audit entries to show in the admin: a known code, and one nobody described.
    report = TaskReport.objects.order_by("pk").first()
    for action in ("reports.report.returned", "documents.result_report.regenerated", "plugin.thing.done"):
        audit(actor=users["admin"], action=action, obj=report)
    return users


def urls() -> list[str]:
    out = [
        "/",
        "/viec-cua-toi/",
        "/tong-quan/",
        "/bang-theo-doi/",
        "/ke-hoach/",
        "/nhiem-vu/",
        "/co-quan/",
        "/duyet-bao-cao/",
        "/bao-cao-ket-qua/",
        "/tong-hop/",
        "/chi-so/",
        "/chi-so/so-sanh/",
        "/ca-nhan/",
        "/ca-nhan/doi-mat-khau/",
        "/thong-bao/",
        "/tim-kiem/?q=bao+cao",
    ]
    if plan := Plan.objects.order_by("pk").first():
        out += [f"/ke-hoach/{plan.pk}/", f"/ke-hoach/{plan.pk}/sua/"]
    for period in Period.objects.order_by("-year", "-pk")[:1]:
        out.append(f"/ky-bao-cao/{period.pk}/")
    for report in TaskReport.objects.exclude(results="").order_by("-pk")[:2]:
        out += [f"/bao-cao/{report.pk}/", f"/bao-cao/{report.pk}/sua/", f"/bao-cao/{report.pk}/lich-su/"]
    for report in TaskReport.objects.filter(results="").order_by("pk")[:1]:
        out += [f"/bao-cao/{report.pk}/", f"/bao-cao/{report.pk}/sua/"]
    for result in ResultReport.objects.order_by("-pk")[:1]:
        out.append(f"/bao-cao-ket-qua/{result.pk}/")
    if score := Score.objects.select_related("province").order_by("pk").first():
        out.append(score.province.get_absolute_url() if hasattr(score.province, "get_absolute_url") else "")
    return [u for u in out if u]


ADMIN_URLS = [
    "/quan-tri/",
    "/quan-tri/core/auditentry/",
    "/quan-tri/auth/user/",
    "/quan-tri/auth/group/",
    "/quan-tri/accounts/organization/",
    "/quan-tri/accounts/membership/",
    "/quan-tri/axes/accessattempt/",
    "/quan-tri/axes/accesslog/",
    "/quan-tri/axes/accessfailurelog/",
    "/quan-tri/django_tasks_database/dbtaskresult/",
    "/quan-tri/auth/user/add/",
    "/quan-tri/plans/plan/",
    "/quan-tri/plans/task/",
    "/quan-tri/reports/taskreport/",
    "/quan-tri/documents/resultreport/",
    "/quan-tri/documents/planimport/",
    "/quan-tri/pgi/score/",
]


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p.demo], ids=lambda p: p.name)
def test_pages_read_in_vietnamese(client, demo, persona):
    client.force_login(demo[persona.demo])
    pages = urls() + (ADMIN_URLS if persona.superuser else [])
    seen, problems = 0, {}
    for url in pages:
        response = client.get(url, follow=True)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        seen += 1
        if found := english_in(response.content.decode()):
            problems[url] = found[:5]
    assert seen >= 8, f"{persona.name}: only {seen} pages opened"
    assert not problems, "\n".join(f"{url}: {found}" for url, found in problems.items())


@pytest.mark.django_db
def test_pages_before_logging_in_read_in_vietnamese(client):
    problems = {}
    for url in ("/dang-nhap/", "/quen-mat-khau/", "/quan-tri/login/", "/chi-so/"):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        if found := english_in(response.content.decode()):
            problems[url] = found[:5]
    assert not problems, problems


def test_the_audit_trail_reads_as_sentences(client, demo):
    client.force_login(demo["admin"])
    text = visible_text(client.get("/quan-tri/core/auditentry/").content.decode())
    assert "Trả lại báo cáo nhiệm vụ" in text and "Cập nhật số liệu báo cáo kết quả" in text
    assert "Thao tác khác" in text and "plugin.thing.done" not in text
    entry = AuditEntry.objects.filter(action="reports.report.returned").first()
    text = visible_text(client.get(f"/quan-tri/core/auditentry/{entry.pk}/change/").content.decode())
    assert "Trả lại báo cáo nhiệm vụ" in text and "reports.report.returned" not in text
    assert "reports.taskreport" not in text and "báo cáo nhiệm vụ" in text


@pytest.fixture
def world_period(world, plan):
    # The test province: every persona of tests/personas.py, the ones the demo lacks included.
    from tests.factories import open_period

    return open_period(world, plan)


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.name)
def test_pages_read_in_vietnamese_for_every_persona(client, world, world_period, persona):
    client.force_login(getattr(world, persona.name))
    problems, seen = {}, 0
    for url in urls() + (ADMIN_URLS if persona.superuser else []):
        response = client.get(url, follow=True)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        seen += 1
        if found := english_in(response.content.decode()):
            problems[url] = found[:5]
    assert seen >= 3, f"{persona.name}: only {seen} pages opened"
    assert not problems, "\n".join(f"{url}: {found}" for url, found in problems.items())


def test_the_checker_sees_english_codes_and_raw_numbers():
    page = '<p title="Save">Lưu</p><script>var Report = 1;</script><p>sắp theo rank; -1,59; 2026-12-10; 12000</p>'
    found = english_in(page)
    assert len(found) == 4 and not any("Save" in f or "Report" in f for f in found)
    assert english_in("<p>Điểm PGI −1,59, 12.000 người, ngày 10/12/2026, Lạng Sơn 2/63, 2021-2025</p>") == []


def test_the_number_filters():
    from chisoxanh.core.templatetags.vi import diem, so

    assert so(1200) == "1.200" and so(-1.5) == "−1,50" and so(None) is None
    assert diem(-2.4166) == "−2,42" and diem(17.333) == "17,33" and diem(1234.5) == "1.234,50"
    assert diem(-0.001) == "0,00" and diem(True) is True
