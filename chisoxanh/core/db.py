"""Database expressions that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from django.db.models import Expression, F, Func, Model, QuerySet

from chisoxanh.lib.vietnamese import fold

# PostgreSQL ships ICU collations in every database created by initdb; "vi-VN-x-icu" orders
# Vietnamese letters (a < ă < â, d < đ …) with tones after letters. SQLite gets a collation of
# the same behaviour named "vi", registered on connect (see CoreConfig).
PG_VI_COLLATION = "vi-VN-x-icu"


class ViCollate(Func):
    """``expr COLLATE <Vietnamese>`` for ORDER BY: ``qs.order_by(ViCollate("name"))``."""

    template = "%(expressions)s"

    def __init__(self, expression: str | Expression, **extra):
        if isinstance(expression, str):
            expression = F(expression)
        super().__init__(expression, **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{sql} COLLATE vi", params

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f'{sql} COLLATE "{PG_VI_COLLATION}"', params


def search(queryset: QuerySet, q: str | None) -> QuerySet:
    """Diacritic-insensitive search on a model's ``search_text``: every folded word must appear.

    ``search_text`` is the folded copy of the searchable fields that NormalizedTextModel keeps,
    so "tu phap" finds "Sở Tư pháp" on SQLite and PostgreSQL alike.
    """
    for word in fold(q).split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def claim_version(model: type[Model], pk: int, expected: int) -> bool:
    """Move a row from ``expected`` to the next version in one conditional UPDATE.

    Two saves started from the same version cannot both succeed: the second finds the version
    changed and gets False, and its caller reports a conflict instead of overwriting.
    """
    return bool(model.objects.filter(pk=pk, version=expected).update(version=F("version") + 1))
