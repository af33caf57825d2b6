"""The persona registry is the one list of who takes part: the test province has each of them,
and the demo logins keep playing the parts the registry gives them."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from chisoxanh.accounts.access import grants
from chisoxanh.accounts.models import Role
from chisoxanh.demo.loader import load_demo

from .personas import PERSONAS


def test_the_test_province_has_one_user_per_persona_with_its_role(world):
    for persona in PERSONAS:
        user = getattr(world, persona.name)
        assert user.username == persona.name and user.is_superuser is persona.superuser
        held = {(g.organization_id, g.role) for g in grants(user)}
        expected = {(getattr(world, persona.where).pk, persona.role)} if persona.role else set()
        assert held == expected, persona.name


def test_every_role_has_a_persona_and_so_does_the_outsider():
    assert {p.role for p in PERSONAS} >= set(Role.values)
    assert any(p.name == "outsider" for p in PERSONAS) and any(p.role is None and not p.superuser for p in PERSONAS)


@pytest.mark.django_db
def test_the_demo_logins_play_the_parts_the_registry_names():
    load_demo(with_passwords=False)
    users = {u.username: u for u in get_user_model().objects.all()}
    for persona in PERSONAS:
        if not persona.demo:
            continue
        user = users[persona.demo]
        assert user.is_superuser is persona.superuser, persona.demo
        if persona.role:
            assert {g.role for g in grants(user)} == {persona.role}, persona.demo
