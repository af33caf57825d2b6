"""The Office uploads a plan document, checks the draft beside the source, and confirms."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from chisoxanh.documents.models import PlanImport
from chisoxanh.plans.models import Plan

OCR = (Path(__file__).resolve().parents[1] / "fixtures" / "plan-stp-ocr.txt").read_bytes()


@pytest.fixture
def users(db):
    from chisoxanh.demo.loader import load_demo

    load_demo(with_passwords=False)
    return {u.username: u for u in get_user_model().objects.all()}


def upload(client, name="ke-hoach-quet.txt", data=OCR):
    from chisoxanh.accounts.models import Organization

    stp = Organization.objects.get(name="Sở Tư pháp")
    return client.post("/ke-hoach/nhap/", {"issuer": stp.pk, "tep": SimpleUploadedFile(name, data)})


def confirm_data(imp):
    data = {"version": imp.version}
    for i, task in enumerate(imp.draft["tasks"]):
        data[f"task-{i}-include"] = "on"
        data[f"task-{i}-title"] = task["title"]
        data[f"task-{i}-subindex"] = task["subindex"] or ""
        data[f"task-{i}-partners"] = "; ".join(task["partners"])
    return data


def test_the_office_imports_the_scanned_plan_and_confirms(client, users):
    client.force_login(users["vanphong"])
    response = upload(client)
    imp = PlanImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ke-hoach/nhap/{imp.pk}/"
    assert imp.state == "ready" and imp.draft["implements"] == "18/KH-UBND"
    html = client.get(f"/ke-hoach/nhap/{imp.pk}/").content.decode()
    assert "Văn bản gốc" in html and "Cii thién" in html  # the source as it was read
    assert "Không đọc được số, ký hiệu" in html  # warnings shown
    assert "selected>Phòng Nghiệp vụ II" in html  # the lead matched to the unit in the database
    data = confirm_data(imp)
    from chisoxanh.accounts.models import Organization

    nv2 = Organization.objects.get(name="Phòng Nghiệp vụ II")
    office = Organization.objects.get(name="Văn phòng Sở", parent__name="Sở Tư pháp")
    leads = [None, nv2, nv2, office, office, None]
    for i, lead in enumerate(leads):
        data[f"task-{i}-lead"] = lead.pk if lead else ""
    response = client.post(f"/ke-hoach/nhap/{imp.pk}/", data)
    plan = Plan.objects.exclude(pk__in=Plan.objects.filter(status="active").values("pk")).get()
    assert response.status_code == 302 and response["Location"] == f"/ke-hoach/{plan.pk}/"
    assert plan.status == "draft" and plan.parent.reference == "18/KH-UBND"
    assert plan.report_recipient.name == "Sở Nông nghiệp và Môi trường" and plan.report_due_month == 12
    tasks = list(plan.tasks.order_by("order"))
    assert [t.subindex.number if t.subindex else None for t in tasks] == [1, 3, 4, None, None, None]
    assert tasks[1].assignments.get(role="lead").organization == nv2
    assert tasks[0].assignments.filter(role="partner").count() == 6  # the group expanded to every unit
    imp.refresh_from_db()
    assert imp.state == "confirmed" and imp.plan == plan
    assert client.post(f"/ke-hoach/nhap/{imp.pk}/", data).status_code == 302  # a second confirm changes nothing
    assert Plan.objects.count() == 3


@pytest.mark.parametrize("name", ["chuyenvien", "truongphong", "tonghop"])
def test_only_the_office_imports(client, users, name):
    client.force_login(users[name])
    assert client.get("/ke-hoach/nhap/").status_code == 403


def test_others_cannot_see_an_import(client, users):
    client.force_login(users["vanphong"])
    upload(client)
    imp = PlanImport.objects.get()
    for name in ("chuyenvien", "tonghop"):
        client.force_login(users[name])
        assert client.get(f"/ke-hoach/nhap/{imp.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("rong.docx", b"", "Tệp rỗng"),
        ("hong.docx", b"PK\x03\x04xx", "bị hỏng"),
        ("virus.exe", b"MZ", "Chỉ nhận tệp"),
    ],
)
def test_bad_files_change_nothing(client, users, name, data, message):
    client.force_login(users["vanphong"])
    response = upload(client, name, data)
    if response.status_code == 400:
        assert message in response.content.decode()
    else:
        imp = PlanImport.objects.get()
        assert imp.state == "failed" and message in imp.message
        assert message in client.get(f"/ke-hoach/nhap/{imp.pk}/").content.decode()
    assert Plan.objects.count() == 2


def test_a_scan_is_read_in_the_background_with_progress(client, users, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(users["vanphong"])
    upload(client, "quet.png", b"\x89PNG\r\n\x1a\n fake")
    imp = PlanImport.objects.get()
    assert imp.state == "processing"
    fragment = client.get(f"/ke-hoach/nhap/{imp.pk}/trang-thai/")
    assert 'hx-trigger="every 2s"' in fragment.content.decode() and "HX-Refresh" not in fragment
    PlanImport.objects.filter(pk=imp.pk).update(state="failed", message="Không nhận dạng được chữ trong ảnh")
    assert client.get(f"/ke-hoach/nhap/{imp.pk}/trang-thai/")["HX-Refresh"] == "true"
