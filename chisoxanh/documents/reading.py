"""Reading a stored plan document into a draft: text extraction (OCR for scans), then the plan
parser with the names of the organisation tree. Runs in the task worker for scans."""

from __future__ import annotations

import logging

from vietnam_provinces import Province as OfficialProvince

from chisoxanh.accounts.models import Organization
from chisoxanh.lib.plan_parser import parse
from chisoxanh.pgi.models import Province

from .extract import ExtractionError, extract_text
from .models import PlanImport

log = logging.getLogger(__name__)


def known_names() -> list[str]:
    """Organisation names (full and short) and province names: the vocabulary of unit names."""
    names = set()
    for name, short in Organization.objects.values_list("name", "short_name"):
        names.add(name)
        if short:
            names.add(short)
    for p in OfficialProvince.iter_all():
        names.add(p.name.removeprefix("Thành phố "))
    names.update(Province.objects.values_list("name", flat=True))
    return sorted(names)


def draft_from_file(name: str, data: bytes, *, progress=None) -> tuple[str, dict]:
    text = extract_text(name, data, progress=progress)
    return text, parse(text, organizations=known_names()).as_json()


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
