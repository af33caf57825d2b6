import unicodedata

import pytest
from django.core.exceptions import ValidationError

from chisoxanh.accounts.models import Organization


def test_paths_reflect_the_tree(world):
    assert world.unit_a.path == f"{world.agency.path}{world.unit_a.pk}/"
    assert world.unit_a.depth == 2
    assert world.unit_a.ancestor_ids() == [world.province.pk, world.agency.pk]


def test_moving_an_agency_moves_its_units(world):
    new_parent = Organization.objects.create(name="Tỉnh mới", kind="province")
    world.agency.parent = new_parent
    world.agency.save()
    world.unit_a.refresh_from_db()
    assert world.unit_a.path == f"/{new_parent.pk}/{world.agency.pk}/{world.unit_a.pk}/"
    assert world.unit_a.depth == 2


def test_an_organisation_cannot_be_put_inside_its_own_subtree(world):
    world.agency.parent = world.unit_a
    with pytest.raises(ValidationError):
        world.agency.full_clean()
    with pytest.raises(ValueError):
        world.agency.save()


def test_names_are_stored_nfc_and_searchable_folded(world):
    org = Organization.objects.create(
        name=unicodedata.normalize("NFD", "Sở Khoa học và Công nghệ"),
        kind="agency",
        parent=world.province,
    )
    org.refresh_from_db()
    assert org.name == "Sở Khoa học và Công nghệ"
    assert "so khoa hoc va cong nghe" in org.search_text
