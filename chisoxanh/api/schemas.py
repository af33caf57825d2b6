from __future__ import annotations

import datetime as dt

from ninja import Schema


class OrganizationRef(Schema):
    id: int
    name: str


class OrganizationOut(Schema):
    id: int
    name: str
    short_name: str
    abbreviation: str
    kind: str
    kind_label: str
    parent_id: int | None
    is_active: bool

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()


class SubindexOut(Schema):
    number: int
    name: str
    long_name: str
    name_en: str
    aliases: list[str]


class ProvinceOut(Schema):
    id: int
    code: str
    official_code: str
    name: str
    name_en: str
    era: str
    kind: str
    successor_id: int | None


class ScoreOut(Schema):
    province_id: int
    province: str
    year: int
    subindex: int | None
    score: float | None
    rank: int | None
    source: str

    @staticmethod
    def resolve_province(obj) -> str:
        return obj.province.name

    @staticmethod
    def resolve_subindex(obj) -> int | None:
        return obj.subindex.number if obj.subindex_id else None

    @staticmethod
    def resolve_score(obj) -> float | None:
        return float(obj.score) if obj.score is not None else None


class PlanSummaryOut(Schema):
    id: int
    reference: str
    number: str
    symbol: str
    title: str
    issuer: OrganizationRef
    issued_on: dt.date | None
    start_year: int
    end_year: int | None
    status: str
    task_count: int


class PartnerOut(Schema):
    id: int
    name: str
    group_text: str


class TaskOut(Schema):
    id: int
    part: str
    section: str
    heading: str
    order: int
    subindex: int | None
    title: str
    content: str
    outputs: str
    schedule: str
    due: dt.date | None
    due_annual: str | None
    lead: OrganizationRef | None
    lead_text: str
    partners: list[PartnerOut]
    partners_text: str
    parent_task_id: int | None
    version: int


class ReportOut(Schema):
    to: str | None
    to_id: int | None
    due: str | None


class PlanOut(PlanSummaryOut):
    place: str
    preamble: str
    parent: PlanSummaryRef | None
    purposes: list[str]
    requirements: list[str]
    closing: str
    report: ReportOut
    signer_authority: str
    signer_title: str
    signer_name: str
    recipients: list[str]
    version: int
    tasks: list[TaskOut]


class PlanSummaryRef(Schema):
    id: int
    reference: str
    title: str


PlanOut.model_rebuild()


class ErrorOut(Schema):
    """A refused request: the reason, in Vietnamese, to show as it is."""

    detail: str | dict


class ConflictOut(Schema):
    """409: someone saved the object after the version the client sent; nothing was saved.
    ``current`` holds the saved texts (for a task report) so the client can compare."""

    detail: str
    current_version: int
    current: dict = {}


# The answers every write may give besides its own (documented in the OpenAPI schema).
WRITE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut}
