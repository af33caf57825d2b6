"""Loading the reference data that ships with the code."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from chisoxanh.lib import pgi_names
from chisoxanh.lib.vietnamese import fold

from .models import Province, Score, Subindex

DATA_DIR = Path(__file__).resolve().parent / "data"
SCORES_FILE = DATA_DIR / "pgi-scores.csv"
PROVINCES_FILE = DATA_DIR / "provinces-pre2025.csv"


class ReferenceDataError(ValueError):
    """A shipped data file does not say what the code expects."""


@transaction.atomic
def reference_data_sync(*, using: str = "default") -> None:
    """Bring sub-indices, provinces and shipped scores in line with the data files.

    Idempotent: rows are matched on their natural keys and updated in place, so running it on
    every migrate costs a few queries and never duplicates anything.
    """
    _sync_subindices(using)
    provinces = _sync_provinces(using)
    _sync_scores(using, provinces)


def _sync_subindices(using: str) -> None:
    # Saved only when something changed: a saved sub-index moves the revision of every board
    # in the country (reports/boardcache.py), and this runs on every migrate.
    existing = {row.number: row for row in Subindex.objects.using(using)}
    for s in pgi_names.SUBINDICES:
        values = {"name": s.name, "long_name": s.long_name, "name_en": s.name_en, "aliases": list(s.aliases)}
        row = existing.get(s.number)
        if row is None:
            Subindex.objects.using(using).create(number=s.number, **values)
        elif any(getattr(row, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(row, field, value)
            row.save(using=using)


def _sync_provinces(using: str) -> dict[str, Province]:
    """Create the 34 current provinces (from vietnam-provinces) and the 63 former ones."""
    from vietnam_provinces import Province as OfficialProvince

    current: dict[str, Province] = {}
    for official in OfficialProvince.iter_all():
        code = f"{official.code.value:02d}"
        kind = Province.Kind.CITY if "TRUNG_UONG" in official.division_type.name else (Province.Kind.PROVINCE)
        current[code], _ = Province.objects.using(using).update_or_create(
            code=f"{code}-2025",
            defaults={
                "official_code": code,
                "name": official.name,
                "name_en": fold(official.name.removeprefix("Thành phố ")).title(),
                "kind": kind,
                "era": Province.Era.POST_2025,
                "successor": None,
            },
        )
    if len(current) != 34:
        raise ReferenceDataError(f"vietnam-provinces lists {len(current)} provinces, not 34")

    former: dict[str, Province] = {}
    with PROVINCES_FILE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            successor = current.get(row["successor_code"])
            if successor is None:
                raise ReferenceDataError(f"{row['name']}: unknown successor {row['successor_code']}")
            province, _ = Province.objects.using(using).update_or_create(
                code=f"{row['code']}-1976",
                defaults={
                    "official_code": row["code"],
                    "name": row["name"],
                    "name_en": row["name_en"],
                    "kind": row["kind"],
                    "era": Province.Era.PRE_2025,
                    "successor": successor,
                },
            )
            former[fold(row["name_en"])] = province
    if len(former) != 63:
        raise ReferenceDataError(f"{PROVINCES_FILE.name} lists {len(former)} provinces, not 63")
    return former


def _decimal(text: str) -> Decimal | None:
    text = text.strip()
    return Decimal(text) if text else None


def _sync_scores(using: str, provinces: dict[str, Province]) -> None:
    subindices = {s.number: s for s in Subindex.objects.using(using).all()}
    with SCORES_FILE.open(encoding="utf-8") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            province = provinces.get(fold(row["province"]))
            if province is None:
                raise ReferenceDataError(f"{SCORES_FILE.name} line {line}: {row['province']!r}")
            year = int(row["year"])
            source = row["source_url"].strip()
            figures = [(None, row["total"], row["rank"])] + [
                (subindices[n], row[f"subindex{n}"], "") for n in range(1, 5)
            ]
            for subindex, score, rank in figures:
                value, rank_value = _decimal(score), int(rank) if rank.strip() else None
                if value is None and rank_value is None:
                    continue
                Score.objects.using(using).update_or_create(
                    province=province,
                    year=year,
                    subindex=subindex,
                    defaults={"score": value, "rank": rank_value, "source": source},
                )
