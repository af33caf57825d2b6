"""Reading a stored plan document into a draft: text extraction (OCR for scans), then the plan
parser with the names of the organisation tree. Runs in the task worker for scans."""

from __future__ import annotations

import logging
import re

from django.db import DatabaseError
from vietnam_provinces import Province as OfficialProvince

from chisoxanh.accounts.models import Organization
from chisoxanh.lib.plan_parser import parse
from chisoxanh.lib.vietnamese import number
from chisoxanh.pgi.models import Province

from .extract import ExtractionError, extract_document
from .models import PlanImport

log = logging.getLogger(__name__)


_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# A plan of a hundred pages is about 300,000 characters; far beyond that the file is not a plan
# and reading it would only hold a worker.
MAX_TEXT_CHARS = 1_500_000

NO_DATABASE = (
    "Chưa có cơ sở dữ liệu (hãy chạy “chisoxanh manage migrate” hoặc “make demo”): tên đơn vị chưa được "
    "đối chiếu với cây tổ chức."
)


def known_names() -> list[str] | None:
    """Organisation names (full and short) and province names: the vocabulary of unit names;
    None when there is no database to ask (the command line on a fresh checkout)."""
    names = {p.name.removeprefix("Thành phố ") for p in OfficialProvince.iter_all()}
    try:
        for name, short in Organization.objects.values_list("name", "short_name"):
            names.add(name)
            if short:
                names.add(short)
        names.update(Province.objects.values_list("name", flat=True))
    except DatabaseError:
        return None
    return sorted(names)


def draft_from_file(name: str, data: bytes, *, progress=None) -> tuple[str, dict]:
    document = extract_document(name, data, progress=progress)
    if len(document.text) > MAX_TEXT_CHARS:
        raise ExtractionError(
            f"Văn bản dài hơn {number(MAX_TEXT_CHARS)} ký tự, không giống một kế hoạch; hãy tách phụ lục "
            "hoặc nhập nhiệm vụ bằng mẫu Excel."
        )
    names = known_names()
    draft = parse(document, organizations=names or []).as_json()
    # What the reader could not read ("only the first 200 pages", "page 7 is broken") comes first.
    draft["warnings"] = [*document.warnings, *draft["warnings"]]
    if names is None:
        draft["warnings"].append(NO_DATABASE)
    # The source text is stored and shown beside the draft: a NUL (which PostgreSQL refuses in
    # text) or another control character a file carried is dropped, its length kept by a space so
    # that the tasks' spans still point at their words.
    return _CONTROLS.sub(" ", document.text), draft


def plan_import_run(pk: int) -> None:
    """Read and parse the stored file; the state tells the page what happened."""
    imp = PlanImport.objects.get(pk=pk)
    with imp.source.open("rb") as fh:
        data = fh.read()

    def progress(percent: int) -> None:
        PlanImport.objects.filter(pk=pk).update(progress=min(99, percent))

    try:
        text, draft = draft_from_file(imp.file_name, data, progress=progress)
    except ExtractionError as exc:
        PlanImport.objects.filter(pk=pk).update(state=PlanImport.State.FAILED, message=str(exc), progress=100)
        return
    except Exception:  # a parser bug must not leave the page waiting forever
        log.exception("plan import %s failed", pk)
        PlanImport.objects.filter(pk=pk).update(
            state=PlanImport.State.FAILED, message="Lỗi hệ thống khi đọc văn bản; hãy báo quản trị.", progress=100
        )
        return
    PlanImport.objects.filter(pk=pk).update(state=PlanImport.State.READY, text=text, draft=draft, progress=100)
