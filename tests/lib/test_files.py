import io
import zipfile

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from chisoxanh.lib.files import FileRejected, check_upload, safe_filename

MB = 1024 * 1024


def office_file(part: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(part, "<x/>")
    return buf.getvalue()


def check(name: str, data: bytes, max_bytes: int = 20 * MB):
    return check_upload(name, io.BytesIO(data), len(data), max_bytes=max_bytes)


@pytest.mark.parametrize(
    ("name", "data", "ext"),
    [
        ("Báo cáo.pdf", b"%PDF-1.7 ...", "pdf"),
        ("anh.JPEG", b"\xff\xd8\xff\xe0rest", "jpg"),
        ("anh.png", b"\x89PNG\r\n\x1a\nrest", "png"),
        ("bao-cao.docx", office_file("word/document.xml"), "docx"),
        ("so-lieu.xlsx", office_file("xl/workbook.xml"), "xlsx"),
    ],
)
def test_real_files_of_allowed_kinds_are_accepted(name, data, ext):
    assert check(name, data).extension == ext


def test_an_exe_renamed_pdf_is_refused_in_vietnamese():
    with pytest.raises(FileRejected, match="không phải là tệp PDF hợp lệ"):
        check("hoa-don.pdf", b"MZ\x90\x00\x03rest-of-an-exe")


def test_a_zip_renamed_docx_is_refused():
    with pytest.raises(FileRejected):
        check("tai-lieu.docx", office_file("xl/workbook.xml"))
    with pytest.raises(FileRejected):
        check("hong.docx", b"PK\x03\x04 not really a zip")


def test_other_extensions_are_refused():
    with pytest.raises(FileRejected, match="Chỉ nhận tệp PDF, DOCX, XLSX, JPG, PNG"):
        check("virus.exe", b"MZ")
    with pytest.raises(FileRejected):
        check("khong-duoi", b"%PDF-1.4")


def test_a_file_over_the_limit_is_refused_with_its_size():
    with pytest.raises(FileRejected, match="vượt quá giới hạn 20 MB"):
        check_upload("lon.pdf", io.BytesIO(b"%PDF"), 50 * MB, max_bytes=20 * MB)


def test_an_empty_file_is_refused():
    with pytest.raises(FileRejected, match="rỗng"):
        check("rong.pdf", b"")


def test_path_traversal_names_lose_their_path():
    assert safe_filename("../../etc/passwd.pdf") == "passwd.pdf"
    assert safe_filename("..\\..\\windows\\win.ini") == "win.ini"
    assert safe_filename("bao\x00cao\n.pdf") == "baocao.pdf"
    assert safe_filename("") == "tep-dinh-kem"
    assert safe_filename("...") == "tep-dinh-kem"


@given(st.text(max_size=400))
@example("0\u20280")  # a line separator, found by Hypothesis
def test_safe_filename_never_keeps_separators_or_control_characters(name):
    safe = safe_filename(name)
    assert safe and "/" not in safe and "\\" not in safe
    assert len(safe) <= 150
    assert all(ch.isprintable() or ch == " " for ch in safe)
