"""The way a change came in — a page, the API with a session or a token, the command line, a
background task — set once at each way in (middleware, token check, ``cli.main``, the task
wrappers) and read by :func:`core.audit.audit`, rather than passed through every service.

Framework-free on purpose: ``cli.main`` sets it before Django is set up.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

LABELS = {
    "page": "Trang web",
    "api": "API (phiên đăng nhập)",
    "token": "API (mã truy cập)",
    "cli": "Dòng lệnh",
    "task": "Việc nền",
    "system": "Hệ thống",  # nothing set: a migration, a shell, a test calling a service
}

_current: ContextVar[str] = ContextVar("chisoxanh_channel", default="system")


def current() -> str:
    return _current.get()


@contextmanager
def channel(name: str) -> Iterator[None]:
    """Changes made inside the block are audited as coming through ``name``."""
    if name not in LABELS:
        raise ValueError(f"unknown channel {name!r}")
    token = _current.set(name)
    try:
        yield
    finally:
        _current.reset(token)


def narrow(name: str) -> None:
    """Say more precisely, inside a block already opened by :func:`channel`, how the request
    came (the API's token check runs after the middleware opened the request's block, whose
    end restores the value from before it)."""
    if name not in LABELS:
        raise ValueError(f"unknown channel {name!r}")
    _current.set(name)
