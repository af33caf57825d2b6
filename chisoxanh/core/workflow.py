"""The one workflow primitive every app's services use: the refusal, the conflict, the version
claim and the guarded, audited state transition.

Services raise :class:`DomainError` for a step the rules refuse and :class:`Conflict` when
someone else saved the object first; the pages turn both into a Vietnamese message, the API into
400 and 409 (``api/api.py``). Every versioned object (plans, tasks, task reports, result reports)
is claimed with :func:`claim`, so the page, the API and the command line check the version the
same way — and a missing version is refused, never taken as "whatever is stored now".
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any, Protocol

from django.db.models import Model

from .audit import audit
from .db import claim_version

MISSING_VERSION = (
    "Thiếu số phiên bản của nội dung bạn đã mở, nên không thể biết có ai vừa sửa hay không. "
    "Hãy tải lại trang rồi thực hiện lại."
)


class DomainError(Exception):
    """A step the rules refuse. The message is shown to the user as it is, so it is Vietnamese."""


class Conflict(DomainError):
    """Someone saved the object after this user opened it; nothing was saved.

    ``current`` is the object as it now stands, so that the page can show it beside the user's
    own text and the API can return its version.
    """

    # A model may say it better in its own ``CONFLICT_MESSAGE`` (a task report keeps the
    # user's text in the form and shows the saved one below it).
    DEFAULT_MESSAGE = (
        "Nội dung này vừa được người khác cập nhật sau khi bạn mở trang. Thay đổi của bạn chưa được "
        "lưu; hãy xem bản mới nhất bên dưới và nhập lại phần bạn muốn sửa."
    )

    def __init__(self, current: Model, message: str | None = None):
        self.current = current
        super().__init__(message or getattr(current, "CONFLICT_MESSAGE", self.DEFAULT_MESSAGE))


class Versioned(Protocol):
    pk: Any
    version: int


def claim(obj: Versioned, expected_version: int | None) -> None:
    """Move ``obj`` from ``expected_version`` to the next one, or raise.

    One conditional UPDATE (:func:`core.db.claim_version`): of two saves started from the same
    version only one can pass; the other gets a :class:`Conflict` carrying the stored object.
    ``None`` is refused: a client that does not say which version it saw cannot be checked.
    """
    if expected_version is None:
        raise DomainError(MISSING_VERSION)
    model = type(obj)
    if not claim_version(model, obj.pk, expected_version):
        raise Conflict(model._default_manager.get(pk=obj.pk))
    obj.version = expected_version + 1


class Recorder(Protocol):
    def __call__(self, obj: Any, *, actor: Any, event: str, note: str = "") -> Any: ...


def transition(
    obj: Model,
    *,
    actor: Any,
    expected_version: int | None,
    allowed_from: Collection[str],
    to: str,
    action: str,
    record: Recorder,
    event: str,
    note: str = "",
    fields: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None = None,
    changes: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None = None,
    notify: Callable[[], object] | None = None,
) -> None:
    """Move ``obj.state`` to ``to``: guard, claim the version, save, snapshot, audit, notify.

    The caller has checked the permission (its policy) and runs this inside its transaction.
    ``record`` keeps the version snapshot (each workflow has its own version table),
    ``action`` is the audit code (``reports.report.accepted``); the audit entry carries the
    channel the request came through (``core.audit``). ``notify`` writes the notifications in
    the same transaction, so a refused step notifies nobody; their e-mails leave after commit.
    ``fields`` and ``changes`` may be functions, called once the version is claimed: work that
    only the winner of a race should do (drawing a document number, rendering the signed file).
    """
    before = obj.state
    if before not in allowed_from:
        label = getattr(obj, "get_state_display", lambda: before)()
        raise DomainError(f"Thao tác này không thực hiện được khi nội dung đang ở trạng thái “{label}”.")
    claim(obj, expected_version)
    obj.state = to
    fields = dict((fields() if callable(fields) else fields) or {})
    for name, value in fields.items():
        setattr(obj, name, value)
    stamped = ["updated_at"] if any(f.name == "updated_at" for f in obj._meta.concrete_fields) else []
    obj.save(update_fields=["state", "version", *stamped, *fields])
    record(obj, actor=actor, event=event, note=note)
    audit(
        actor=actor,
        action=action,
        obj=obj,
        changes={
            "state": [before, to],
            **({"reason": [None, note]} if note else {}),
            **((changes() if callable(changes) else changes) or {}),
        },
    )
    if notify is not None:
        notify()
