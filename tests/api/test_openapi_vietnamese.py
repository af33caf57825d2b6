"""The API's documentation reads in Vietnamese: every operation has a Vietnamese summary (not
django-ninja's "Report Update" made from the function name) and no English description."""

from __future__ import annotations

import re

from chisoxanh.api.api import api

VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)


def operations():
    for path, ops in api.get_openapi_schema()["paths"].items():
        for method, op in ops.items():
            yield f"{method.upper()} {path}", op


def test_the_title_and_description_are_vietnamese():
    info = api.get_openapi_schema()["info"]
    assert VIETNAMESE.search(info["description"]) and info["title"].startswith("Chỉ số Xanh")


def test_every_operation_is_named_in_vietnamese():
    unnamed = [name for name, op in operations() if not VIETNAMESE.search(op.get("summary") or "")]
    assert not unnamed, unnamed
    english = [name for name, op in operations() if op.get("description") and not VIETNAMESE.search(op["description"])]
    assert not english, english


def test_operation_ids_stay_as_they_were():
    ids = {op["operationId"] for _, op in operations()}
    assert {"chisoxanh_api_reports_report_update", "chisoxanh_api_documents_approve"} <= ids
