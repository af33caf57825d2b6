"""PDF through LibreOffice headless, and PNG pages through poppler, when they are installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


class ConversionUnavailable(RuntimeError):
    """LibreOffice or poppler is not installed on this machine."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: bytes, *, timeout: int = 90) -> bytes:
    """Convert a DOCX to PDF. Each call gets its own LibreOffice profile, so that several
    workers can convert at the same time without locking each other out."""
    binary = soffice()
    if not binary:
        raise ConversionUnavailable("Máy chủ chưa cài LibreOffice nên chưa tạo được tệp PDF.")
    with tempfile.TemporaryDirectory(prefix="chisoxanh-pdf-") as tmp:
        work = Path(tmp)
        (work / "van-ban.docx").write_bytes(docx)
        subprocess.run(
            [binary, "--headless", "--norestore", f"-env:UserInstallation=file://{work / 'profile'}",
             "--convert-to", "pdf", "--outdir", str(work), str(work / "van-ban.docx")],
            check=True, capture_output=True, timeout=timeout,
        )  # fmt: skip
        return (work / "van-ban.pdf").read_bytes()


def first_page_png(pdf: bytes, *, dpi: int = 70) -> bytes:
    """Page 1 of a PDF as a PNG, for previews."""
    binary = shutil.which("pdftoppm")
    if not binary:
        raise ConversionUnavailable("Máy chủ chưa cài poppler-utils nên chưa tạo được ảnh xem trước.")
    with tempfile.TemporaryDirectory(prefix="chisoxanh-png-") as tmp:
        work = Path(tmp)
        (work / "van-ban.pdf").write_bytes(pdf)
        subprocess.run(
            [binary, "-r", str(dpi), "-png", "-f", "1", "-l", "1", "-singlefile",
             str(work / "van-ban.pdf"), str(work / "trang-1")],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        return (work / "trang-1.png").read_bytes()
