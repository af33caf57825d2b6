import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/quan-tri/",
        "/quan-tri/accounts/organization/",
        "/quan-tri/accounts/membership/",
        "/quan-tri/auth/user/",
        "/quan-tri/plans/plan/",
        "/quan-tri/pgi/score/",
        "/quan-tri/core/auditentry/",
        "/quan-tri/reports/taskreport/",
        "/quan-tri/reports/period/",
        "/quan-tri/documents/resultreport/",
        "/quan-tri/documents/planimport/",
    ],
)
def test_the_admin_manages_organisations_users_and_memberships(client_for, world, plan, url):
    response = client_for(world.admin).get(url)
    assert response.status_code == 200
    assert "Quản trị" in response.content.decode() or "quản trị" in response.content.decode()


def test_the_admin_is_closed_to_everyone_else(client_for, world):
    response = client_for(world.coordinator).get("/quan-tri/accounts/organization/")
    assert response.status_code == 302
    assert "/quan-tri/login/" in response["Location"]


def test_the_audit_trail_cannot_be_edited_even_by_the_admin(client_for, world, plan):
    from chisoxanh.core.models import AuditEntry

    entry = AuditEntry.objects.first()
    client = client_for(world.admin)
    assert client.post(f"/quan-tri/core/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
