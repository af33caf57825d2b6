"""Shared test set-up: fixtures over the factories (tests/factories.py) and the personas
(tests/personas.py), and the outside programs."""

from __future__ import annotations

import os
import shutil

import pytest

from .factories import World, build_world, make_plan, open_period
from .smtp import SMTPServer

# Playwright's sync API runs an event loop in the test thread; the ORM calls of the test itself
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REQUIRE_ALL = os.environ.get("CHISOXANH_REQUIRE_ALL") == "1"


def need_program(name: str, path: str | None = None) -> str:
    """Skip a test when an outside program is missing, or fail when CI requires everything.

    CI sets CHISOXANH_REQUIRE_ALL=1 after installing the programs, so a skip there would hide
    a broken install: it becomes a failure instead.
    """
    found = path if path and os.path.exists(path) else shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed on this machine"
    if REQUIRE_ALL:
        pytest.fail(f"{message}, and CHISOXANH_REQUIRE_ALL=1 requires it")
    pytest.skip(message)
    return ""  # not reached


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Templates are rendered without collectstatic, and hashing passwords at full strength
    # would spend most of the suite's time in PBKDF2.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _empty_cache():
    # Each test's database starts again from the same ids and revisions; a board cached by an
    # earlier test must not be served to the next.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Uploaded evidence goes to a fresh folder per test, never into the data folder.
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def plan(world):
    return make_plan(world)


@pytest.fixture
def client_for(client):
    """``client_for(user)``: a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def period(world, plan):
    """The 2026 period of ``plan``, opened: units report by 25/11/2026, the agency by 10/12."""
    return open_period(world, plan)


@pytest.fixture
def smtp(settings):
    """A real SMTP server on a free loopback port, and Django's SMTP backend pointed at it (no
    TLS, no login: the mail relay of an agency's network). Yields its :class:`tests.smtp.Inbox`."""
    with SMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5
        settings.SITE_URL = "https://chisoxanh.langson.gov.vn"
        yield server.inbox
