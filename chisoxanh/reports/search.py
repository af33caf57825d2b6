"""The search box of the top bar: plans, tasks, task reports and organisations within the user's
reach, ranked, a page at a time.

Matching is on each model's ``search_text``, the folded copy (no diacritics, lower case, see
``lib.vietnamese.fold``) that ``NormalizedTextModel`` keeps, so "tuyen truyen" finds "tuyên
truyền" on SQLite and PostgreSQL alike. Whatever the amount of data, a search costs the same
queries: one COUNT per kind, one ranked UNION for the page, and one fetch per kind.

Ranking, best first: the whole phrase, then every word, then some of the words; at each of these
a match in the title before one in the body; then the number of words matched (those in the
title counting double). The title is the start of ``search_text``: the folded title is as long
as the title itself (a Vietnamese letter folds to one letter), so ``SUBSTR(search_text, 1,
LENGTH(title))`` is the folded title, without a column of its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length, Substr

from chisoxanh.accounts.models import Organization
from chisoxanh.accounts.policies import organizations
from chisoxanh.lib.vietnamese import fold
from chisoxanh.plans.models import Plan, Task
from chisoxanh.plans.policies import plans, tasks

from .models import TaskReport
from .policies import task_reports

MAX_TERMS = 8
SNIPPET = 220  # characters of body text shown around the first match


@dataclass(frozen=True)
class Kind:
    code: str  # in the address: ?loai=
    label: str
    order: int  # among hits of equal rank
    model: type
    title_field: str | None  # the field search_text starts with; None when it has no title


KINDS: tuple[Kind, ...] = (
    Kind("ke-hoach", "Kế hoạch", 1, Plan, "title"),
    Kind("nhiem-vu", "Nhiệm vụ", 2, Task, "title"),
    Kind("co-quan", "Cơ quan, đơn vị", 3, Organization, "name"),
    Kind("bao-cao", "Báo cáo", 4, TaskReport, None),
)
BY_CODE = {k.code: k for k in KINDS}
BY_ORDER = {k.order: k for k in KINDS}


def terms(q: str | None) -> list[str]:
    """The folded words of a query, without repeats: "18/KH-UBND, Sở Tư pháp" gives ["18",
    "kh-ubnd", "so", "tu", "phap"]. One-letter words are dropped when longer ones are there."""
    words = []
    for raw in re.split(r"[^\w&.\-]+", fold(q)):
        word = raw.strip(".-")
        if word and word not in words:
            words.append(word)
    longer = [w for w in words if len(w) > 1]
    return (longer or words)[:MAX_TERMS]


def _visible(kind: Kind, user) -> QuerySet:
    if kind.model is Plan:
        return plans.visible(user)
    if kind.model is Task:
        return tasks.visible(user)
    if kind.model is Organization:
        return organizations.visible(user)
    return task_reports.visible(user)


def _matching(kind: Kind, user, words: Sequence[str]) -> QuerySet:
    """The kind's objects within reach that contain at least one of the words."""
    return _visible(kind, user).filter(reduce(or_, (Q(search_text__contains=w) for w in words)))


def _ranked(kind: Kind, user, words: Sequence[str]) -> QuerySet:
    """``(hit_kind, hit_obj, hit_score, hit_words)`` rows for the UNION, ranked as the module
    says (names no model has as a field)."""
    phrase = " ".join(words)
    qs = _matching(kind, user, words)
    in_body = [Q(search_text__contains=w) for w in words]
    whens = []
    hits = [Case(When(q, then=Value(1)), default=Value(0)) for q in in_body]
    if kind.title_field:
        qs = qs.annotate(folded_title=Substr("search_text", 1, Length(kind.title_field)))
        in_title = [Q(folded_title__contains=w) for w in words]
        whens += [When(Q(folded_title__contains=phrase), then=Value(6))]
        whens += [When(Q(search_text__contains=phrase), then=Value(5))]
        whens += [When(reduce(and_, in_title), then=Value(4))]
        whens += [When(reduce(and_, in_body), then=Value(3))]
        whens += [When(reduce(or_, in_title), then=Value(2))]
        hits += [Case(When(q, then=Value(1)), default=Value(0)) for q in in_title]
    else:
        whens += [When(Q(search_text__contains=phrase), then=Value(5))]
        whens += [When(reduce(and_, in_body), then=Value(3))]
    return (
        qs.order_by()
        .annotate(
            hit_kind=Value(kind.order, output_field=IntegerField()),
            hit_obj=F("pk"),
            hit_score=Case(*whens, default=Value(1), output_field=IntegerField()),
            hit_words=reduce(lambda a, b: a + b, hits),
        )
        .values("hit_kind", "hit_obj", "hit_score", "hit_words")
    )


class _Ranked:
    """What the paginator pages: the UNION of the kinds, its size already counted per kind."""

    def __init__(self, parts: list[QuerySet], total: int):
        self.total = total
        if not parts:
            self.rows = None
        else:
            union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
            self.rows = union.order_by("-hit_score", "-hit_words", "hit_kind", "-hit_obj")

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if self.rows is None:
            return []
        return list(self.rows[index])


@dataclass
class Hit:
    kind: Kind
    obj: object
    score: int
    title: list[tuple[str, bool]] = field(default_factory=list)  # (text, is a match) pieces
    snippet: list[tuple[str, bool]] = field(default_factory=list)


@dataclass
class Search:
    q: str
    words: list[str]
    counts: dict[str, int]  # kind code → matches
    kind: Kind | None  # the kind asked for, or None for all
    results: _Ranked

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def search(user, q: str | None, *, kind: str | None = None) -> Search:
    """Prepare a search of ``q`` (every kind, or the one of ``kind``): counts now, rows when a
    page of :attr:`Search.results` is taken; :func:`hits` turns a page's rows into objects."""
    words = terms(q)
    chosen = BY_CODE.get(kind or "")
    if not words:
        return Search(q or "", [], {}, chosen, _Ranked([], 0))
    counts = {k.code: _matching(k, user, words).count() for k in KINDS}
    shown = [k for k in KINDS if (chosen is None or k is chosen) and counts[k.code]]
    parts = [_ranked(k, user, words) for k in shown]
    return Search(q or "", words, counts, chosen, _Ranked(parts, sum(counts[k.code] for k in shown)))


def _fetch(kind: Kind, ids: list[int]) -> dict[int, object]:
    model = kind.model
    if model is Plan:
        qs = Plan.objects.select_related("issuer").defer("preamble", "purposes", "requirements", "closing")
    elif model is Task:
        qs = Task.objects.select_related("plan", "plan__issuer", "subindex").defer("outputs")
    elif model is Organization:
        qs = Organization.objects.select_related("parent")
    else:
        qs = TaskReport.objects.select_related("task", "organization", "period", "period__plan").defer(
            "task__content", "task__outputs", "task__search_text"
        )
    # Asked even when the page holds none of the kind (no object has the id 0): a search then
    # costs the same queries whichever kinds its page shows.
    return {obj.pk: obj for obj in qs.filter(pk__in=ids or [0])}


def hits(search: Search, rows: Sequence[dict]) -> list[Hit]:
    """The objects of a page of rows, in rank order, with their matched words marked: one query
    per kind."""
    if not rows:
        return []
    by_kind: dict[int, list[int]] = {k.order: [] for k in KINDS}
    for row in rows:
        by_kind[row["hit_kind"]].append(row["hit_obj"])
    objects = {order: _fetch(BY_ORDER[order], ids) for order, ids in by_kind.items()}
    result = []
    for row in rows:
        kind, obj = BY_ORDER[row["hit_kind"]], objects[row["hit_kind"]].get(row["hit_obj"])
        if obj is None:  # deleted between the two queries
            continue
        title, body = _texts(kind, obj)
        result.append(Hit(kind, obj, row["hit_score"], mark(title, search.words), snippet(body, search.words)))
    return result


def _texts(kind: Kind, obj) -> tuple[str, str]:
    """What a hit shows as its title, and the body text its snippet is cut from."""
    if kind.model is Plan:
        return obj.title, ""
    if kind.model is Task:
        return obj.title, obj.content
    if kind.model is Organization:
        return obj.name, " · ".join(x for x in (obj.short_name, obj.abbreviation) if x)
    return obj.task.title, "\n".join(t for t in (obj.results, obj.difficulties, obj.proposals) if t)


# --- marking the words found ---------------------------------------------------------------------


def _fold_char(ch: str) -> str:
    """One character folded to one character, so that positions in the folded text are those of
    the original (``fold`` itself also merges spaces)."""
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[:1].lower()
    return base if len(base) == 1 else " "


def _spans(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    folded = "".join(_fold_char(ch) if not ch.isspace() else " " for ch in text)
    spans = []
    for word in words:
        start = folded.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = folded.find(word, start + len(word))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        # Words next to each other are marked as one: "bảo vệ môi trường", not four marks.
        if merged and not folded[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark(text: str, words: Sequence[str], *, offset: int = 0, spans=None) -> list[tuple[str, bool]]:
    """``text`` in pieces, each marked whether it is one of ``words`` (diacritics ignored)."""
    spans = _spans(text, words) if spans is None else spans
    pieces, at = [], 0
    for start, end in spans:
        start, end = start - offset, end - offset
        if end <= 0 or start >= len(text):
            continue
        start, end = max(start, 0), min(end, len(text))
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def snippet(text: str, words: Sequence[str], width: int = SNIPPET) -> list[tuple[str, bool]]:
    """About ``width`` characters of ``text`` around the first word found, marked."""
    text = " ".join(text.split())
    if not text:
        return []
    spans = _spans(text, words)
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 3)
    if start:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space != -1 and start - space < 30 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    pieces = mark(text[start:end], words, offset=start, spans=spans)
    if start:
        pieces.insert(0, ("…", False))
    if end < len(text):
        pieces.append(("…", False))
    return pieces
