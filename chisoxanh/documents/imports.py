"""Plan import: a document's text parsed into a draft, with the names the database knows."""

from __future__ import annotations

from chisoxanh.accounts.models import Organization
from chisoxanh.lib.plan_parser import parse

from .extract import extract_text


def known_names() -> list[str]:
    """Organisation names (full and short) and province names: the vocabulary of unit names."""
    names = set()
    for name, short in Organization.objects.values_list("name", "short_name"):
        names.add(name)
        if short:
            names.add(short)
    from vietnam_provinces import Province as OfficialProvince

    for p in OfficialProvince.iter_all():
        names.add(p.name.removeprefix("Thành phố "))
    from chisoxanh.pgi.models import Province

    names.update(Province.objects.values_list("name", flat=True))
    return sorted(names)


def draft_from_file(name: str, data: bytes) -> dict:
    text = extract_text(name, data)
    return parse(text, organizations=known_names()).as_json()
