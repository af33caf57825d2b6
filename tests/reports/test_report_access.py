import pytest

from tests.factories import pdf_bytes, report_of


@pytest.fixture
def report(world, period):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chisoxanh.reports import services

    r = report_of(period, 0, world.unit_a)
    services.report_save(
        actor=world.officer_a,
        report=r,
        expected_version=r.version,
        fields={"results": "Đã tuyên truyền", "progress": "in_progress"},
        files=[SimpleUploadedFile("minh-chung.pdf", pdf_bytes(), content_type="application/pdf")],
    )
    return r


@pytest.mark.parametrize("persona", ["officer_a", "unit_leader", "coordinator", "head", "aggregator", "admin"])
def test_people_concerned_read_the_report(client_for, world, report, persona):
    assert client_for(getattr(world, persona)).get(f"/bao-cao/{report.pk}/").status_code == 200


@pytest.mark.parametrize("persona", ["officer_b", "outsider", "nobody"])
def test_others_get_404_on_the_report_its_evidence_and_every_action(client_for, world, report, persona):
    client = client_for(getattr(world, persona))
    evidence = report.evidence.get()
    for url in (
        f"/bao-cao/{report.pk}/",
        f"/bao-cao/{report.pk}/sua/",
        f"/bao-cao/{report.pk}/lich-su/",
        f"/minh-chung/{evidence.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    for action in ("gui", "duyet", "tra-lai", "mo-lai"):
        response = client.post(f"/bao-cao/{report.pk}/{action}/", {"reason": "Lý do bất kỳ", "version": 2})
        assert response.status_code == 404, action
    assert client.post(f"/bao-cao/{report.pk}/sua/", {"results": "x", "version": 2}).status_code == 404
    assert client.get(f"/api/v1/reports/{report.pk}").status_code == 404
    for action in ("submit", "accept", "return", "reopen"):
        response = client.post(
            f"/api/v1/reports/{report.pk}/{action}",
            {"reason": "Lý do bất kỳ"},
            content_type="application/json",
        )
        assert response.status_code == 404, action
    report.refresh_from_db()
    assert report.state == "draft" and report.version == 2


def test_the_evidence_download_is_safe(client_for, world, report):
    evidence = report.evidence.get()
    response = client_for(world.unit_leader).get(f"/minh-chung/{evidence.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="minh-chung.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert evidence.file.name.startswith("evidence/") and "minh-chung" not in evidence.file.name


def test_the_board_is_for_the_office_and_leaders_not_for_units_officers(client_for, world, period):
    for persona in ("coordinator", "head", "aggregator", "admin"):
        assert client_for(getattr(world, persona)).get(f"/ky-bao-cao/{period.pk}/").status_code == 200, persona
    for persona in ("officer_a", "outsider", "nobody"):
        assert client_for(getattr(world, persona)).get(f"/ky-bao-cao/{period.pk}/").status_code == 404, persona
