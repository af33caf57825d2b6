"""Every audit code the code writes reads as a Vietnamese sentence; an unknown one never shows
its code."""

from __future__ import annotations

import re
from pathlib import Path

from chisoxanh.core import audit_labels
from chisoxanh.core.models import AuditEntry
from chisoxanh.documents.models import EVENT_SENTENCES
from chisoxanh.reports.models import ReportVersion

SOURCE = Path(audit_labels.__file__).resolve().parents[1]
LITERAL = re.compile(r"""action\s*=\s*["']([a-z_]+\.[a-z_]+\.[a-z_]+)["']""")


def written_codes() -> set[str]:
    codes: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        codes.update(LITERAL.findall(path.read_text(encoding="utf-8")))
    # The two codes built from a variable: the review steps and the password changes.
    codes.update(f"reports.report.{event}" for event in ReportVersion.Event.values)
    codes.update(f"accounts.user.password_{how}" for how in ("changed", "reset"))
    return codes


def test_codes_built_from_variables_are_the_known_two():
    # A new f-string code must be listed in written_codes() above.
    built = set()
    for path in SOURCE.rglob("*.py"):
        built.update(re.findall(r"""action\s*=\s*f["']([^"']+)["']""", path.read_text(encoding="utf-8")))
    assert built == {"reports.report.{event}", "accounts.user.password_{how}"}


def test_the_scan_finds_the_codes():
    assert {"plans.plan.created", "documents.result_report.returned", "pgi.scores.imported"} <= written_codes()


def test_every_written_code_has_a_sentence():
    missing = sorted(code for code in written_codes() if code not in audit_labels.LABELS)
    assert not missing, f"thiếu câu cho: {missing}"


def test_sentences_are_vietnamese_and_not_codes():
    for code, sentence in audit_labels.LABELS.items():
        assert sentence and "." not in sentence and "_" not in sentence, code


def test_unknown_code_reads_as_fallback():
    assert audit_labels.label("x.y.z") == audit_labels.FALLBACK
    entry = AuditEntry(action="x.y.z", object_repr="KH 1")
    assert entry.action_label == "Thao tác khác"
    assert AuditEntry(action="reports.report.returned").action_label == "Trả lại báo cáo nhiệm vụ"


def test_result_report_history_has_a_sentence_for_every_event():
    codes = {c.rsplit(".", 1)[1] for c in audit_labels.LABELS if c.startswith("documents.result_report.")}
    assert codes <= set(EVENT_SENTENCES)
