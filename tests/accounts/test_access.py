import pytest
from django.http import Http404

from chisoxanh.accounts.access import grants, has_role, reach_q
from chisoxanh.accounts.models import Membership, Organization
from chisoxanh.accounts.policies import organizations


def visible(user):
    return set(organizations.visible(user).values_list("name", flat=True))


def test_a_role_reaches_the_whole_subtree(world):
    assert has_role(world.coordinator, world.unit_a, "coordinator")
    assert has_role(world.head, world.service_unit)
    assert not has_role(world.unit_leader, world.unit_b)
    assert not has_role(world.officer_a, world.unit_a, "leader")


def test_an_officer_sees_their_unit_and_the_organisations_above_it(world):
    assert visible(world.officer_a) == {
        "Phòng Nghiệp vụ II",
        "Sở Tư pháp",
        "Ủy ban nhân dân tỉnh Thử Nghiệm",
    }


def test_the_coordinator_sees_every_unit_of_the_agency(world):
    names = visible(world.coordinator)
    assert {"Văn phòng Sở", "Phòng Nghiệp vụ I", "Phòng Nghiệp vụ II"} <= names
    assert "Sở Tài chính" not in names


def test_the_outsider_gets_404_for_an_organisation_out_of_reach(world):
    with pytest.raises(Http404):
        organizations.get(world.outsider, pk=world.unit_a.pk)
    with pytest.raises(Http404):
        organizations.get(world.nobody, pk=world.agency.pk)


def test_a_policy_gives_404_for_garbage_ids(world):
    with pytest.raises(Http404):
        organizations.get(world.admin, pk="không-phải-số")


def test_an_admin_sees_everything(world):
    assert visible(world.admin) == set(Organization.objects.values_list("name", flat=True))


def test_an_anonymous_user_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert visible(AnonymousUser()) == set()
    assert grants(AnonymousUser()) == ()


def test_a_dissolved_organisation_grants_nothing(world):
    world.agency.is_active = False
    world.agency.save()
    assert not any(g.role == "coordinator" for g in grants(world.coordinator))


def test_roles_are_read_with_one_query_and_cached(world, django_assert_num_queries):
    user = type(world.coordinator).objects.get(pk=world.coordinator.pk)
    with django_assert_num_queries(1):
        grants(user)
        grants(user)
        reach_q(user)


def test_an_inactive_user_has_no_roles(world):
    world.officer_a.is_active = False
    assert grants(world.officer_a) == ()


def test_memberships_are_unique_per_role(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=world.officer_a, organization=world.unit_a, role="officer")
