"""Database expressions that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from django.db.models import Expression, F, Func

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
