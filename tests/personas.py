"""The one persona registry: who takes part in the tests, with which role and where.

:func:`tests.factories.build_world` makes one user per entry in a small province; the demo
province (``chisoxanh/demo/data/langson.json``) has logins that play some of the same parts, named
in ``demo``, so that a test on the demo data asks for "the coordinator" rather than for a
username (``tests/test_personas.py`` checks the demo keeps playing them). Every access test
loops over :data:`PERSONAS`, so the outsider and the wrong role are tried every time.
"""

from __future__ import annotations

from dataclasses import dataclass

from chisoxanh.accounts.models import Role


@dataclass(frozen=True)
class Persona:
    name: str  # the attribute of World
    role: str | None  # a Role, or None: the administrator and the user without any role
    where: str | None  # the World organisation the role is held in
    demo: str | None  # the demo login playing the same part
    superuser: bool = False


PERSONAS: tuple[Persona, ...] = (
    Persona("officer_a", Role.OFFICER, "unit_a", "chuyenvien"),
    Persona("officer_b", Role.OFFICER, "unit_b", None),
    Persona("unit_leader", Role.LEADER, "unit_a", "truongphong"),
    Persona("coordinator", Role.COORDINATOR, "agency", "vanphong"),
    Persona("head", Role.LEADER, "agency", "giamdoc"),
    Persona("viewer", Role.VIEWER, "agency", None),
    Persona("aggregator", Role.AGGREGATOR, "aggregator_agency", "tonghop"),
    Persona("outsider", Role.OFFICER, "other_agency", None),
    Persona("admin", None, None, "admin", superuser=True),
    Persona("nobody", None, None, None),  # logged in, no membership at all
)

NAMES = tuple(p.name for p in PERSONAS)
BY_NAME = {p.name: p for p in PERSONAS}
