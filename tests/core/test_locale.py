"""The project's Vietnamese catalogue (chisoxanh/locale) is compiled and in use: each entry of
the .po reads as its translation (a stale .mo fails here; recompile with
``chisoxanh manage compilemessages``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation

import chisoxanh

LOCALE = Path(chisoxanh.__file__).parent / "locale" / "vi" / "LC_MESSAGES"
SIMPLE = re.compile(r'^(?:msgctxt "(?P<ctx>[^"]*)"\n)?msgid "(?P<id>[^"]+)"\nmsgstr "(?P<str>[^"]+)"$', re.M)


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_catalogue_is_compiled(domain):
    # (File times are not compared: git does not keep them. The next test finds a stale .mo.)
    assert (LOCALE / f"{domain}.mo").exists(), f"biên dịch {domain}.po"


def test_each_entry_is_translated():
    entries = list(SIMPLE.finditer((LOCALE / "django.po").read_text(encoding="utf-8")))
    assert len(entries) > 50
    with translation.override("vi"):
        for e in entries:
            got = translation.pgettext(e["ctx"], e["id"]) if e["ctx"] else translation.gettext(e["id"])
            assert got == e["str"], e["id"]


def test_third_party_apps_are_named_in_vietnamese():
    assert apps.get_app_config("axes").verbose_name == "Khóa đăng nhập sai"
    assert apps.get_app_config("django_tasks_database").verbose_name == "Việc nền"
    with translation.override("vi"):
        from axes.models import AccessAttempt

        assert str(AccessAttempt._meta.verbose_name_plural) == "các lần đăng nhập sai đang tính"
