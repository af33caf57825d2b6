"""Reading the index: rankings per edition, a province's history, its weakest sub-index, the
gap to a target and what it would take. A few set-based queries per page, figures in Python."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from chisoxanh.lib.vietnamese import sort_key

from .models import Province, Score, Subindex

SUBS = (1, 2, 3, 4)
TWO = Decimal("0.01")


@dataclass
class Row:
    """One province in one edition; any figure may be unknown (None)."""

    province: Province
    year: int
    total: Decimal | None = None
    rank: int | None = None
    subs: dict[int, Decimal | None] = field(default_factory=lambda: dict.fromkeys(SUBS))
    sources: set[str] = field(default_factory=set)

    @property
    def computed_total(self) -> Decimal | None:
        """The sum of the four sub-indices when all are known (PGI total = sum, max 40)."""
        if all(self.subs[n] is not None for n in SUBS):
            return sum((self.subs[n] for n in SUBS), Decimal(0)).quantize(TWO)
        return None

    @property
    def best_total(self) -> tuple[Decimal | None, bool]:
        """(total, computed?): the published total, else the sum of the sub-indices."""
        if self.total is not None:
            return self.total, False
        computed = self.computed_total
        return computed, computed is not None

    @property
    def known(self) -> bool:
        return self.total is not None or self.rank is not None or any(v is not None for v in self.subs.values())


def editions() -> list[int]:
    return sorted(set(Score.objects.values_list("year", flat=True)), reverse=True)


def era_for(year: int) -> str:
    """Editions up to 2024 rank the 63 provinces; later ones the 34 merged provinces."""
    return Province.Era.PRE_2025 if year <= 2024 else Province.Era.POST_2025


def _rows(year: int, provinces: list[Province]) -> dict[int, Row]:
    rows = {p.pk: Row(p, year) for p in provinces}
    for s in Score.objects.filter(year=year, province__in=provinces).select_related("subindex"):
        row = rows[s.province_id]
        if s.subindex_id:
            row.subs[s.subindex.number] = s.score
        else:
            row.total, row.rank = s.score, s.rank
        if s.source:
            row.sources.update(part.strip() for part in s.source.split(" ; ") if part.strip())
    return rows


SORTS = ("rank", "name", "total", "s1", "s2", "s3", "s4")
# How a page names each order ("Bảng xếp hạng PGI 2024, sắp theo hạng").
SORT_LABELS = {
    "rank": "hạng",
    "name": "tên tỉnh, thành phố",
    "total": "tổng điểm",
    **{f"s{n}": f"chỉ số thành phần {n}" for n in range(1, 5)},
}


def ranking(year: int, *, sort: str = "rank", descending: bool = False) -> list[Row]:
    """Every province of the edition's era, known figures first in the chosen order; unknowns
    last whatever the direction, as a reader expects."""
    provinces = list(Province.objects.filter(era=era_for(year)))
    rows = list(_rows(year, provinces).values())
    if sort == "name":
        rows.sort(key=lambda r: sort_key(r.province.name), reverse=descending)
        return rows

    def value(r: Row):
        if sort == "rank":
            return r.rank
        if sort == "total":
            return r.best_total[0]
        return r.subs[int(sort[1])] if sort in ("s1", "s2", "s3", "s4") else r.rank

    known = [r for r in rows if value(r) is not None]
    unknown = sorted((r for r in rows if value(r) is None), key=lambda r: sort_key(r.province.name))
    # Ranks read best-first ascending; scores best-first descending, unless the reader flips it.
    default_desc = sort != "rank"
    known.sort(key=lambda r: (value(r), sort_key(r.province.name)), reverse=default_desc != descending)
    return known + unknown


@dataclass
class SubindexGap:
    number: int
    name: str
    score: Decimal
    median: Decimal | None
    top10: Decimal | None

    @property
    def vs_median(self) -> Decimal | None:
        return (self.score - self.median).quantize(TWO) if self.median is not None else None

    @property
    def vs_top10(self) -> Decimal | None:
        return (self.score - self.top10).quantize(TWO) if self.top10 is not None else None


@dataclass
class Profile:
    province: Province
    lineage: list[Province]  # the province and the ones it took in, whose history it carries
    series: dict[int, list[Row]]  # per province pk: one row per edition, oldest first
    years: list[int]
    weakest: SubindexGap | None
    gaps: list[SubindexGap]
    gap_year: int | None
    target: Target | None


@dataclass
class Target:
    label: str
    score: Decimal
    year: int
    current: Decimal | None
    current_computed: bool

    @property
    def gap(self) -> Decimal | None:
        return (self.score - self.current).quantize(TWO) if self.current is not None else None


def _median(values: list[Decimal]) -> Decimal | None:
    return Decimal(statistics.median(values)).quantize(TWO) if values else None


def subindex_benchmarks(year: int) -> dict[int, tuple[Decimal | None, Decimal | None]]:
    """Per sub-index, the national median of the published scores and the mean of the top 10
    provinces of the edition (by rank when ranks are known, else by that sub-index's score)."""
    provinces = list(Province.objects.filter(era=era_for(year)))
    rows = list(_rows(year, provinces).values())
    ranked = sorted((r for r in rows if r.rank), key=lambda r: r.rank)[:10]
    result = {}
    for n in SUBS:
        values = [r.subs[n] for r in rows if r.subs[n] is not None]
        top = [r.subs[n] for r in ranked if r.subs[n] is not None]
        if len(top) < 5:  # too few of the top 10 published: use the 10 best scores instead
            top = sorted(values, reverse=True)[:10]
        mean = (sum(top, Decimal(0)) / len(top)).quantize(TWO) if top else None
        result[n] = (_median(values), mean)
    return result


def top_threshold(year: int, rank: int = 30) -> Decimal | None:
    """The total of the province ranked ``rank`` in the edition: the score to beat."""
    score = Score.objects.filter(year=year, subindex__isnull=True, rank=rank).values_list("score", flat=True).first()
    return score


def lineage(province: Province) -> list[Province]:
    """A current province with the former ones merged into it; a former one on its own."""
    if province.era == Province.Era.POST_2025:
        return [
            province,
            *Province.objects.filter(successor=province).exclude(pk=province.pk).order_by("official_code"),
        ]
    return [province]


def profile(province: Province, *, target_rank: int = 30, target_score: Decimal | None = None) -> Profile:
    members = lineage(province)
    years = sorted(set(Score.objects.filter(province__in=members).values_list("year", flat=True)))
    series: dict[int, list[Row]] = {p.pk: [] for p in members}
    for year in years:
        rows = _rows(year, members)
        for p in members:
            series[p.pk].append(rows[p.pk])
    # A merged province has no figures of its own before 2025: read the former province of the
    # same name first (Lạng Sơn for Lạng Sơn), then the others it took in.
    readers = [members[0], *sorted(members[1:], key=lambda p: (p.name != members[0].name, p.official_code))]

    def latest_row(predicate) -> Row | None:
        for year in reversed(years):
            for p in readers:
                row = next(r for r in series[p.pk] if r.year == year)
                if predicate(row):
                    return row
        return None

    names = {s.number: s.name for s in Subindex.objects.all()}
    with_subs = latest_row(lambda r: any(r.subs[n] is not None for n in SUBS))
    gaps: list[SubindexGap] = []
    if with_subs:
        bench = subindex_benchmarks(with_subs.year)
        gaps = [SubindexGap(n, names[n], with_subs.subs[n], *bench[n]) for n in SUBS if with_subs.subs[n] is not None]
    gap_year = with_subs.year if with_subs else None
    weakest = min(gaps, key=lambda g: g.vs_median if g.vs_median is not None else g.score) if gaps else None

    target = None
    if years:
        latest = years[-1]
        own = latest_row(lambda r: r.year == latest and r.best_total[0] is not None)
        current, computed = own.best_total if own else (None, False)
        if target_score is not None:
            target = Target(f"≥ {target_score} điểm", target_score, latest, current, computed)
        elif (threshold := top_threshold(latest, target_rank)) is not None:
            target = Target(f"top {target_rank} năm {latest}", threshold, latest, current, computed)
    return Profile(province, members, series, years, weakest, gaps, gap_year, target)


@dataclass
class Need:
    number: int
    name: str
    score: Decimal
    needed: Decimal
    reachable: bool

    @property
    def after(self) -> Decimal:
        return self.score + self.needed


def what_it_takes(row: Row, target_score: Decimal) -> list[Need]:
    """Points each sub-index alone would have needed to reach ``target_score``, the others equal.
    A sub-index cannot pass 10, so some targets are out of reach through one sub-index."""
    total, _ = row.best_total
    if total is None:
        return []
    gap = max(Decimal(0), target_score - total).quantize(TWO)
    names = {s.number: s.name for s in Subindex.objects.all()}
    return [Need(n, names[n], row.subs[n], gap, row.subs[n] + gap <= 10) for n in SUBS if row.subs[n] is not None]


def compare(provinces: list[Province]) -> tuple[list[int], dict[int, list[Row]]]:
    """Up to five provinces side by side, every edition they appear in."""
    provinces = provinces[:5]
    years = sorted(set(Score.objects.filter(province__in=provinces).values_list("year", flat=True)))
    table = {p.pk: [] for p in provinces}
    for year in years:
        rows = _rows(year, provinces)
        for p in provinces:
            table[p.pk].append(rows[p.pk])
    return years, table


def find_provinces(codes: list[str]) -> list[Province]:
    by_code = {p.code: p for p in Province.objects.filter(Q(code__in=codes))}
    return [by_code[c] for c in codes if c in by_code]
