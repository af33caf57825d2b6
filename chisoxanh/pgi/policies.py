"""Who may change the PGI reference data from the pages (reading it is open to every user)."""

from __future__ import annotations

from chisoxanh.accounts.access import holds_role, is_admin
from chisoxanh.accounts.models import Role


def can_import_scores(user) -> bool:
    """Aggregators and administrators load the official results table."""
    return is_admin(user) or holds_role(user, Role.AGGREGATOR)
