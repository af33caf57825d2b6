"""A plan document read into the shared model (:class:`chisoxanh.lib.docmodel.Document`).

- Plain text: decoded by ``lib.codepages`` (legacy Vietnamese code pages included), one
  paragraph per line.
- DOCX: the body's paragraphs and tables in document order, read straight from the XML: list
  labels resolved from Word's automatic numbering, style names, bold/italic, alignment and
  indentation, text boxes after the paragraph that anchors them, cells with their spans and
  vertical merges, legacy TCVN3/VNI fonts converted.
- PDF with a text layer: pdfplumber's ruled tables as tables, the other words as one paragraph
  per printed line (with page and position), the two-column header read column by column.
- Scans and photos: pages rendered by poppler, read by Tesseract's Vietnamese model (TSV output,
  so each printed line keeps its position).
"""

from __future__ import annotations

import io
import itertools
import logging
import os
import posixpath
import re
import shutil
import statistics
import subprocess
import tempfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from chisoxanh.core.workflow import DomainError
from chisoxanh.lib import codepages
from chisoxanh.lib.docmodel import Block, Cell, Document, Paragraph, Row, Table, from_text
from chisoxanh.lib.legacy import font_is_capitals, is_tcvn3_font, is_vni_font, tcvn3_to_unicode, vni_to_unicode
from chisoxanh.lib.vietnamese import fold, nfc

log = logging.getLogger(__name__)

MAX_BYTES = 50 * 1024 * 1024
# An office file is a ZIP: refuse archives that would unpack to absurd sizes (ZIP bombs).
MAX_UNPACKED = 200 * 1024 * 1024
MAX_PDF_PAGES = 200
MAX_OCR_PAGES = 60
# Below this many characters a PDF's text layer is taken for the blank layer of a scan.
MIN_TEXT_CHARS = 20

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")

Progress = Callable[[int], None] | None

_BROKEN_DOCX = "Tệp DOCX bị hỏng hoặc không phải định dạng DOCX."
_BROKEN_PDF = "Tệp PDF bị hỏng hoặc không đọc được."
_LOCKED_PDF = "Tệp PDF có mật khẩu; hãy gỡ mật khẩu rồi tải lên lại."


class ExtractionError(DomainError):
    """The file cannot be read; the message is shown to the user as it is."""


def needs_ocr(name: str, data: bytes) -> bool:
    """Whether reading this file means OCR (slow: run it in the background)."""
    suffix = Path(name).suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return True
    if suffix == ".pdf":
        try:
            return not _pdf_has_text(data)
        except ExtractionError:
            return False
    return False


def extract_document(name: str, data: bytes, *, ocr: bool = True, progress: Progress = None) -> Document:
    """The file as a :class:`Document`; ``ExtractionError`` (message in Vietnamese) when it cannot be read."""
    if not data:
        raise ExtractionError("Tệp rỗng.")
    if len(data) > MAX_BYTES:
        raise ExtractionError(f"Tệp lớn hơn {MAX_BYTES // 1048576} MB.")
    suffix = Path(name).suffix.lower()
    if suffix in (".txt", ".md", ".text"):
        return _text_document(data)
    if suffix == ".docx":
        return _docx_document(data)
    if suffix == ".pdf":
        doc = _pdf_document(data)
        if doc is not None:
            return doc
        if not ocr:
            raise ExtractionError("Tệp PDF không có lớp chữ (bản quét); cần nhận dạng chữ (OCR).")
        return _ocr_pdf_document(data, progress=progress)
    if suffix in IMAGE_SUFFIXES:
        if not ocr:
            raise ExtractionError("Ảnh chụp, bản quét cần nhận dạng chữ (OCR).")
        return _ocr_image_document(data)
    raise ExtractionError("Chỉ nhận tệp TXT, DOCX, PDF hoặc ảnh (PNG, JPG, TIFF).")


def extract_text(name: str, data: bytes, *, ocr: bool = True, progress: Progress = None) -> str:
    """The document as one string (``Document.text``)."""
    return extract_document(name, data, ocr=ocr, progress=progress).text


# --- Plain text ---------------------------------------------------------------------------------


def _text_document(data: bytes) -> Document:
    decoded = codepages.decode(data)
    return from_text(decoded.text, encoding=decoded.encoding)


def _repair(text: str) -> tuple[str, str | None]:
    """Mojibake (text typed in a legacy font but stored as Unicode) repaired when ``codepages`` says so."""
    if text.isascii():
        return text, None
    return codepages.repair(text)


# --- DOCX ---------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

_P, _R, _T, _TBL, _TR, _TC = (_W + t for t in ("p", "r", "t", "tbl", "tr", "tc"))
_PPR, _RPR, _TRPR, _TCPR = (_W + t for t in ("pPr", "rPr", "trPr", "tcPr"))
_SDT, _SDT_CONTENT, _CUSTOM_XML = _W + "sdt", _W + "sdtContent", _W + "customXml"
_TAB, _PTAB, _BR, _CR = _W + "tab", _W + "ptab", _W + "br", _W + "cr"
_NO_BREAK_HYPHEN, _SYM, _FLD_CHAR = _W + "noBreakHyphen", _W + "sym", _W + "fldChar"
_DRAWING, _PICT, _OBJECT, _TXBX = _W + "drawing", _W + "pict", _W + "object", _W + "txbxContent"
_ALT, _CHOICE, _FALLBACK = _MC + "AlternateContent", _MC + "Choice", _MC + "Fallback"
_VAL = _W + "val"
# Inline wrappers whose runs are part of the text; deletions (w:del, w:moveFrom) are not.
_INLINE_WRAPPERS = frozenset(
    _W + t for t in ("hyperlink", "smartTag", "customXml", "ins", "moveTo", "fldSimple", "dir", "bdo")
)
_BLOCK_WRAPPERS = frozenset((_CUSTOM_XML, _W + "ins", _W + "moveTo"))

_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True)


def _xml(archive: zipfile.ZipFile, name: str | None) -> Any:
    if not name:
        return None
    try:
        data = archive.read(name)
    except KeyError:
        return None
    return etree.fromstring(data, _XML_PARSER)


def _relationships(archive: zipfile.ZipFile, rels: str, base: str) -> dict[str, str]:
    """Relationship type (its last path segment: "styles", "numbering" …) → part name in the archive."""
    root = _xml(archive, rels)
    targets: dict[str, str] = {}
    if root is None:
        return targets
    for rel in root.iter(_PKG_REL + "Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        targets.setdefault(kind, path)
    return targets


def _docx_document(data: bytes) -> Document:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError) as exc:
        raise ExtractionError(_BROKEN_DOCX) from exc
    with archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
            raise ExtractionError("Tệp DOCX giải nén ra quá lớn; có thể là tệp độc hại.")
        try:
            main = _relationships(archive, "_rels/.rels", "").get("officeDocument") or "word/document.xml"
            base = posixpath.dirname(main)
            parts = _relationships(archive, posixpath.join(base, "_rels", posixpath.basename(main) + ".rels"), base)
            root = _xml(archive, main)
            styles = _xml(archive, parts.get("styles"))
            numbering = _xml(archive, parts.get("numbering"))
            theme = _xml(archive, parts.get("theme"))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
            # RuntimeError: an encrypted ZIP entry; NotImplementedError: an unknown compression.
            raise ExtractionError(_BROKEN_DOCX) from exc
        except etree.XMLSyntaxError as exc:  # a part cut short or not XML at all
            raise ExtractionError(_BROKEN_DOCX) from exc
    body = root.find(_W + "body") if root is not None else None
    if body is None:
        raise ExtractionError(_BROKEN_DOCX)
    reader = _DocxReader(_Styles(styles, _theme_fonts(theme)), numbering)
    blocks: list[Block] = []
    reader.blocks(body, blocks)
    encoding = reader.encodings.most_common(1)[0][0] if reader.encodings else None
    return Document(blocks, source="docx", encoding=encoding)


def _on(el: Any) -> bool:
    """A toggle property (w:b, w:i …): present and not switched off."""
    return el.get(_VAL) not in ("0", "false", "off", "none")


def _twips(value: str | None) -> float | None:
    """A length in twentieths of a point (or with a unit, as strict documents write it) in points."""
    if not value:
        return None
    try:
        return int(value) / 20
    except ValueError:
        pass
    match = re.fullmatch(r"(-?[\d.]+)(mm|cm|in|pt|pc|pi)", value)
    if not match:
        return None
    factor = {"mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pt": 1.0, "pc": 12.0, "pi": 12.0}[match.group(2)]
    return float(match.group(1)) * factor


def _theme_fonts(theme: Any) -> dict[str, str]:
    """The theme's major (headings) and minor (body) Latin fonts, for rFonts' asciiTheme."""
    fonts: dict[str, str] = {}
    if theme is None:
        return fonts
    for kind in ("major", "minor"):
        latin = theme.find(f".//{_A}{kind}Font/{_A}latin")
        if latin is not None and latin.get("typeface"):
            fonts[kind] = latin.get("typeface")
    return fonts


def _rpr_props(rpr: Any, theme: dict[str, str]) -> dict[str, Any]:
    """The run properties the reader needs: bold, italic, all caps, hidden, and the Latin font."""
    props: dict[str, Any] = {}
    if rpr is None:
        return props
    for el in rpr:
        tag = el.tag
        if tag == _W + "b":
            props["b"] = _on(el)
        elif tag == _W + "i":
            props["i"] = _on(el)
        elif tag == _W + "caps":
            props["caps"] = _on(el)
        elif tag == _W + "vanish":
            props["vanish"] = _on(el)
        elif tag == _W + "rStyle":
            props["style"] = el.get(_VAL)
        elif tag == _W + "rFonts":
            # A theme attribute overrides the explicit font name when both are given.
            themed = el.get(_W + "asciiTheme") or el.get(_W + "hAnsiTheme")
            font = theme.get(themed[:5]) if themed else None
            font = font or el.get(_W + "ascii") or el.get(_W + "hAnsi")
            if font:
                props["font"] = font
    return props


def _ppr_props(ppr: Any) -> dict[str, Any]:
    props: dict[str, Any] = {}
    if ppr is None:
        return props
    for el in ppr:
        tag = el.tag
        if tag == _W + "pStyle":
            props["style"] = el.get(_VAL)
        elif tag == _W + "numPr":
            for sub in el:
                if sub.tag == _W + "numId":
                    props["num_id"] = sub.get(_VAL)
                elif sub.tag == _W + "ilvl":
                    props["ilvl"] = _int(sub.get(_VAL), 0)
        elif tag == _W + "jc":
            props["jc"] = el.get(_VAL)
        elif tag == _W + "ind":
            left = _twips(el.get(_W + "left") or el.get(_W + "start"))
            if left is not None:
                props["ind"] = left
        elif tag == _RPR and el.find(_W + "del") is not None:
            props["deleted"] = True
    return props


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


_JC = {"left": "left", "start": "left", "right": "right", "end": "right", "center": "center"}


@dataclass
class _ParaStyle:
    style_id: str | None = None
    name: str = ""
    num_id: str | None = None
    ilvl: int | None = None
    jc: str | None = None
    ind: float | None = None
    run: dict[str, Any] = field(default_factory=dict)
    # The style and its basedOn ancestors, to find the numbering level a style is linked to.
    chain: tuple[str, ...] = ()


class _Styles:
    """styles.xml: paragraph styles resolved along their basedOn chain, character styles, defaults."""

    def __init__(self, root: Any, theme: dict[str, str]) -> None:
        self.theme = theme
        self._raw: dict[str, Any] = {}
        self._para: dict[str | None, _ParaStyle] = {}
        self._char: dict[str, dict[str, Any]] = {}
        self.defaults: dict[str, Any] = {}
        self._default_para: str | None = None
        if root is None:
            return
        for style in root.iter(_W + "style"):
            style_id = style.get(_W + "styleId")
            if style_id is None:
                continue
            self._raw.setdefault(style_id, style)
            if style.get(_W + "type") == "paragraph" and _on_attr(style.get(_W + "default")):
                self._default_para = self._default_para or style_id
        defaults = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        self.defaults = _rpr_props(defaults, theme)
        self.defaults.pop("style", None)

    def has(self, style_id: str) -> bool:
        return style_id in self._raw

    def _chain(self, style_id: str | None) -> list[Any]:
        """The style element and its ancestors, root first (cycles and dangling ids ignored)."""
        chain: list[Any] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._raw and len(chain) < 20:
            seen.add(style_id)
            style = self._raw[style_id]
            chain.append(style)
            based = style.find(_W + "basedOn")
            style_id = based.get(_VAL) if based is not None else None
        chain.reverse()
        return chain

    def para(self, style_id: str | None) -> _ParaStyle:
        if style_id not in self._para:
            wanted = style_id if style_id in self._raw else self._default_para
            resolved = _ParaStyle(style_id=wanted, run=dict(self.defaults))
            chain = self._chain(wanted)
            for style in chain:
                ppr = _ppr_props(style.find(_PPR))
                for key in ("num_id", "ilvl", "jc", "ind"):
                    if key in ppr:
                        setattr(resolved, key, ppr[key])
                run = _rpr_props(style.find(_RPR), self.theme)
                run.pop("style", None)
                resolved.run.update(run)
            if chain:
                name = chain[-1].find(_W + "name")
                resolved.name = name.get(_VAL, "") if name is not None else wanted or ""
            resolved.chain = tuple(s.get(_W + "styleId") for s in chain)
            self._para[style_id] = resolved
        return self._para[style_id]

    def char(self, style_id: str) -> dict[str, Any]:
        if style_id not in self._char:
            props: dict[str, Any] = {}
            for style in self._chain(style_id):
                run = _rpr_props(style.find(_RPR), self.theme)
                run.pop("style", None)
                props.update(run)
            self._char[style_id] = props
        return self._char[style_id]


def _on_attr(value: str | None) -> bool:
    return value in ("1", "true", "on")


# --- Word automatic numbering ---


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = ""
    start: int = 1
    # w:lvlRestart: None restarts after any shallower level, 0 never, n after level n (1-based).
    restart: int | None = None
    legal: bool = False
    font: str | None = None
    ind: float | None = None
    style: str | None = None


def _level(lvl: Any, theme: dict[str, str]) -> _Level:
    level = _Level()
    for el in lvl:
        tag, val = el.tag, el.get(_VAL)
        if tag == _W + "numFmt":
            level.fmt = val or "decimal"
        elif tag == _W + "lvlText":
            level.text = val or ""
        elif tag == _W + "start":
            level.start = _int(val, 1)
        elif tag == _W + "lvlRestart":
            level.restart = _int(val, 0)
        elif tag == _W + "isLgl":
            level.legal = _on(el)
        elif tag == _W + "pStyle":
            level.style = val
        elif tag == _PPR:
            level.ind = _ppr_props(el).get("ind")
        elif tag == _RPR:
            level.font = _rpr_props(el, theme).get("font")
    return level


# Vietnamese lists count points with the letters of the Vietnamese alphabet: d is followed by đ,
# and f, j, w, z (not Vietnamese letters) are skipped, as the law on legal documents prescribes.
_VI_LETTERS = "abcdđeghiklmnopqrstuvxy"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"))
_ROMAN += ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    if n <= 0:
        return str(n)
    # After the last letter Word doubles it ("aa", "bb" …).
    return _VI_LETTERS[(n - 1) % len(_VI_LETTERS)] * ((n - 1) // len(_VI_LETTERS) + 1)


def _format_number(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)  # decimal and the formats a plan does not use (ordinal, cardinalText …)


_SYMBOL_FONTS = ("symbol", "wingdings", "webdings")
_DASHES = frozenset("\uf02d\uf0be")  # Symbol's minus and horizontal bar


def _bullet(text: str, font: str | None) -> str:
    """The character a bullet level prints, as plain text."""
    char = text.strip()[:1]
    if not char:
        return "-"
    if char in _DASHES:
        return "-"
    if "\ue000" <= char <= "\uf8ff":
        return "•"  # Symbol/Wingdings glyphs stored in the private use area
    if font and font.lower().startswith(_SYMBOL_FONTS):
        return "-" if char == "-" else "•"
    if char == "\u00b7":
        return "•"
    return char


@dataclass
class _Num:
    abstract: str | None
    starts: dict[int, int]
    levels: dict[int, _Level]


class _Numbering:
    """numbering.xml, and the counters that turn a paragraph's numPr into its printed label."""

    def __init__(self, root: Any, styles: _Styles) -> None:
        self.styles = styles
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.style_links: dict[str, str] = {}  # abstractNum id → numbering style it points to
        self.style_owner: dict[str, str] = {}  # numbering style → abstractNum that defines it
        self.nums: dict[str, _Num] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.applied: set[tuple[str, int]] = set()
        self._levels: dict[str, dict[int, _Level]] = {}
        if root is None:
            return
        theme = styles.theme
        for absn in root.iter(_W + "abstractNum"):
            aid = absn.get(_W + "abstractNumId")
            if aid is None:
                continue
            levels = {}
            for lvl in absn.iter(_W + "lvl"):
                levels[_int(lvl.get(_W + "ilvl"), 0)] = _level(lvl, theme)
            self.abstracts[aid] = levels
            link = absn.find(_W + "numStyleLink")
            if link is not None and link.get(_VAL):
                self.style_links[aid] = link.get(_VAL)
            owner = absn.find(_W + "styleLink")
            if owner is not None and owner.get(_VAL):
                self.style_owner.setdefault(owner.get(_VAL), aid)
        for num in root.iter(_W + "num"):
            num_id = num.get(_W + "numId")
            if num_id is None:
                continue
            ref = num.find(_W + "abstractNumId")
            starts, levels = {}, {}
            for override in num.iter(_W + "lvlOverride"):
                ilvl = _int(override.get(_W + "ilvl"), 0)
                start = override.find(_W + "startOverride")
                if start is not None:
                    starts[ilvl] = _int(start.get(_VAL), 1)
                lvl = override.find(_W + "lvl")
                if lvl is not None:
                    levels[ilvl] = _level(lvl, theme)
            self.nums[num_id] = _Num(ref.get(_VAL) if ref is not None else None, starts, levels)

    def abstract_of(self, num_id: str) -> str | None:
        """The abstractNum that holds the levels, following numStyleLink to the list style's definition."""
        num = self.nums.get(num_id)
        aid = num.abstract if num else None
        for _ in range(4):
            link = self.style_links.get(aid or "")
            if not link:
                break
            owner = self.style_owner.get(link)
            if owner is None:
                linked_num = self.styles.para(link).num_id if self.styles.has(link) else None
                linked = self.nums.get(linked_num or "")
                owner = linked.abstract if linked else None
            if not owner or owner == aid:
                break
            aid = owner
        return aid

    def levels(self, num_id: str) -> dict[int, _Level]:
        if num_id not in self._levels:
            aid = self.abstract_of(num_id)
            levels = dict(self.abstracts.get(aid or "", {}))
            num = self.nums.get(num_id)
            if num:
                levels.update(num.levels)
            self._levels[num_id] = levels
        return self._levels[num_id]

    def level_for_style(self, num_id: str, chain: tuple[str, ...]) -> int | None:
        """The level a paragraph style is linked to (w:lvl/w:pStyle), the nearest style first."""
        levels = self.levels(num_id)
        for style_id in reversed(chain):
            for ilvl, level in levels.items():
                if level.style == style_id:
                    return ilvl
        return None

    def label(self, num_id: str, ilvl: int) -> str:
        """The label of the next paragraph at this level, counting it."""
        num = self.nums.get(num_id)
        levels = self.levels(num_id)
        level = levels.get(ilvl)
        if num is None or level is None:
            return ""
        counters = self.counters.setdefault(self.abstract_of(num_id) or f"num:{num_id}", [None] * 9)

        def start(k: int) -> int:
            return num.starts.get(k, levels[k].start if k in levels else 1)

        # A startOverride restarts the list where this w:num is first used.
        if ilvl in num.starts and (num_id, ilvl) not in self.applied:
            self.applied.add((num_id, ilvl))
            counters[ilvl] = None
        counters[ilvl] = start(ilvl) if counters[ilvl] is None else counters[ilvl] + 1
        for k in range(ilvl + 1, 9):
            restart = levels[k].restart if k in levels else None
            if restart is None or (restart and ilvl < restart):
                counters[k] = None
        if level.fmt == "bullet":
            return _bullet(level.text, level.font)

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            value = counters[k] if counters[k] is not None else start(k)
            fmt = levels[k].fmt if k in levels else "decimal"
            if level.legal and fmt != "none":
                fmt = "decimal"
            return _format_number(value, fmt)

        return re.sub(r"%([1-9])", number, level.text).strip()


# --- Paragraphs, runs, tables ---


@dataclass
class _Inline:
    """What the runs of one paragraph gave: text chunks by font encoding, text boxes, run counts."""

    # [(encoding or "", capitals font, all caps), [texts]]
    chunks: list[list[Any]] = field(default_factory=list)
    boxes: list[Any] = field(default_factory=list)
    # Open fields: True while in the instruction part (before w:fldChar separate).
    fields: list[bool] = field(default_factory=list)
    visible: int = 0
    bold: int = 0
    italic: int = 0

    def add(self, key: tuple[str, bool, bool], text: str) -> None:
        if self.chunks and self.chunks[-1][0] == key:
            self.chunks[-1][1].append(text)
        else:
            self.chunks.append([key, [text]])


def _keep_spaces(text: str, convert: Callable[[str], str]) -> str:
    """``convert`` applied to the text without its outer spaces (the converters trim them)."""
    core = text.strip(" \t\n")
    if not core:
        return text
    start = text.index(core)
    return text[:start] + convert(core) + text[start + len(core) :]


def _boxes_in(el: Any) -> list[Any]:
    """The text boxes (w:txbxContent) drawn by ``el``, not those nested in another box, once for
    each mc:AlternateContent (its Choice, or the Fallback when the Choice has none)."""
    if el.tag == _ALT:
        choice = el.find(_CHOICE)
        found = _boxes_in_branch(choice) if choice is not None else []
        if not found:
            fallback = el.find(_FALLBACK)
            found = _boxes_in_branch(fallback) if fallback is not None else []
        return found
    return _boxes_in_branch(el)


def _boxes_in_branch(root: Any) -> list[Any]:
    found = []
    for box in root.iter(_TXBX):
        parent = box.getparent()
        while parent is not None and parent is not root and parent.tag not in (_TXBX, _FALLBACK):
            parent = parent.getparent()
        if parent is root:
            found.append(box)
    return found


class _DocxReader:
    def __init__(self, styles: _Styles, numbering: Any) -> None:
        self.styles = styles
        self.numbering = _Numbering(numbering, styles)
        self.encodings: Counter[str] = Counter()

    def blocks(self, container: Any, out: list[Block]) -> None:
        """The paragraphs and tables of a body, cell or text box, in document order."""
        for child in container:
            tag = child.tag
            if tag == _P:
                self.paragraph(child, out)
            elif tag == _TBL:
                out.append(self.table(child))
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.blocks(content, out)
            elif tag in _BLOCK_WRAPPERS:
                self.blocks(child, out)
            elif tag == _ALT:
                branch = child.find(_CHOICE)
                if branch is None:
                    branch = child.find(_FALLBACK)
                if branch is not None:
                    self.blocks(branch, out)

    def paragraph(self, p: Any, out: list[Block]) -> None:
        first = p[0] if len(p) else None
        direct = _ppr_props(first) if first is not None and first.tag == _PPR else {}
        style = self.styles.para(direct.get("style"))
        inline = _Inline()
        self._inline(p, style, inline)
        text = self._text(inline.chunks)
        if not text and direct.get("deleted"):
            return  # a paragraph removed with tracked changes
        label, level_ind = "", None
        num_id = direct.get("num_id") or style.num_id
        if num_id and num_id != "0":
            ilvl = direct.get("ilvl", style.ilvl)
            if ilvl is None:
                ilvl = self.numbering.level_for_style(num_id, style.chain) or 0
            ilvl = min(max(ilvl, 0), 8)
            label = self.numbering.label(num_id, ilvl)
            level = self.numbering.levels(num_id).get(ilvl)
            level_ind = level.ind if level else None
        indent = direct.get("ind")
        if indent is None:
            indent = level_ind if level_ind is not None else style.ind
        if inline.visible:
            bold, italic = inline.bold == inline.visible, inline.italic == inline.visible
        else:
            bold, italic = bool(style.run.get("b")), bool(style.run.get("i"))
        jc = direct.get("jc") or style.jc or "left"
        out.append(
            Paragraph(
                text,
                label=label,
                style=style.name,
                bold=bold,
                italic=italic,
                align=_JC.get(jc, "both"),
                indent=indent or 0.0,
            )
        )
        for box in inline.boxes:
            self.blocks(box, out)

    def _inline(self, parent: Any, style: _ParaStyle, inline: _Inline) -> None:
        for child in parent:
            tag = child.tag
            if tag == _R:
                self._run(child, style, inline)
            elif tag in _INLINE_WRAPPERS:
                self._inline(child, style, inline)
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self._inline(content, style, inline)
            elif tag == _ALT:
                branch = child.find(_CHOICE)
                if branch is None:
                    branch = child.find(_FALLBACK)
                if branch is not None:
                    self._inline(branch, style, inline)

    def _run(self, r: Any, style: _ParaStyle, inline: _Inline) -> None:
        first = r[0] if len(r) else None
        props = style.run
        if first is not None and first.tag == _RPR:
            direct = _rpr_props(first, self.styles.theme)
            styled = self.styles.char(direct["style"]) if "style" in direct else {}
            props = {**props, **styled, **direct}
        hidden = props.get("vanish", False)
        parts: list[str] = []
        for child in r:
            tag = child.tag
            if tag == _FLD_CHAR:
                kind = child.get(_W + "fldCharType")
                if kind == "begin":
                    inline.fields.append(True)
                elif kind == "separate" and inline.fields:
                    inline.fields[-1] = False
                elif kind == "end" and inline.fields:
                    inline.fields.pop()
                continue
            if hidden or (inline.fields and any(inline.fields)):
                continue
            if tag == _T:
                if child.text:
                    parts.append(child.text)
            elif tag in (_TAB, _PTAB):
                parts.append(" ")
            elif tag in (_BR, _CR):
                parts.append("\n")
            elif tag == _NO_BREAK_HYPHEN:
                parts.append("-")
            elif tag == _SYM:
                char = chr(_int_hex(child.get(_W + "char")))
                parts.append(_bullet(char, child.get(_W + "font")) if char != "\0" else "")
            elif tag in (_DRAWING, _PICT, _OBJECT, _ALT):
                inline.boxes.extend(_boxes_in(child))
        if not parts:
            return
        text = "".join(parts)
        font = props.get("font")
        if is_tcvn3_font(font):
            key = ("tcvn3", font_is_capitals(font), bool(props.get("caps")))
        elif is_vni_font(font):
            key = ("vni", False, bool(props.get("caps")))
        else:
            key = ("", False, bool(props.get("caps")))
        inline.add(key, text)
        if not text.isspace():
            inline.visible += 1
            inline.bold += bool(props.get("b"))
            inline.italic += bool(props.get("i"))

    def _text(self, chunks: list[list[Any]]) -> str:
        """The paragraph's text: legacy-font chunks converted, mojibake repaired, NFC."""
        out: list[list[Any]] = []
        plain: list[int] = []
        for (encoding, capitals, caps), texts in chunks:
            text = "".join(texts)
            if encoding == "tcvn3":
                text = _keep_spaces(text, lambda s, c=capitals: tcvn3_to_unicode(s, capitals=c))
                self.encodings["tcvn3"] += len(text)
            elif encoding == "vni":
                text = _keep_spaces(text, vni_to_unicode)
                self.encodings["vni"] += len(text)
            else:
                plain.append(len(out))
            out.append([text, caps])
        if plain:
            whole = "".join(out[i][0] for i in plain)
            fixed, encoding = _repair(whole)
            if encoding:
                self.encodings[encoding] += len(fixed)
                if len(plain) == 1:
                    out[plain[0]][0] = fixed
                else:
                    for i in plain:
                        part, part_encoding = _repair(out[i][0])
                        if part_encoding == encoding:
                            out[i][0] = part
        return nfc("".join(text.upper() if caps else text for text, caps in out))

    def table(self, tbl: Any) -> Table:
        rows = []
        for tr in _children(tbl, _TR):
            trpr = tr.find(_TRPR)
            header = False
            cells: list[Cell] = []
            if trpr is not None:
                flag = trpr.find(_W + "tblHeader")
                header = flag is not None and _on(flag)
                before = trpr.find(_W + "gridBefore")
                if before is not None and _int(before.get(_VAL), 0) > 0:
                    # Columns the row leaves out on its left: an empty cell keeps the others aligned.
                    cells.append(Cell([], colspan=_int(before.get(_VAL), 0)))
            for tc in _children(tr, _TC):
                tcpr = tc.find(_TCPR)
                span, merged, continued = 1, False, False
                if tcpr is not None:
                    grid = tcpr.find(_W + "gridSpan")
                    span = max(1, _int(grid.get(_VAL), 1)) if grid is not None else 1
                    vmerge = tcpr.find(_W + "vMerge")
                    merged = vmerge is not None and vmerge.get(_VAL) != "restart"
                    hmerge = tcpr.find(_W + "hMerge")
                    continued = hmerge is not None and hmerge.get(_VAL) != "restart"
                if continued and cells:
                    cells[-1].colspan += span  # the legacy horizontal merge
                    continue
                cells.append(Cell(self.cell_lines(tc), colspan=span, merged_above=merged))
            rows.append(Row(cells, header=header))
        return Table(rows)

    def cell_lines(self, tc: Any) -> list[str]:
        """One line per paragraph and per line break, list labels in front, nested tables flattened."""
        blocks: list[Block] = []
        self.blocks(tc, blocks)
        lines: list[str] = []
        for block in blocks:
            if isinstance(block, Paragraph):
                for i, line in enumerate(block.text.split("\n")):
                    line = f"{block.label} {line}".strip() if i == 0 and block.label else line
                    if line.strip():
                        lines.append(line)
            else:
                for row in block.rows:
                    for cell in row.cells:
                        lines.extend(cell.lines)
        return lines


def _children(parent: Any, tag: str) -> Iterator[Any]:
    """The ``tag`` children of a table or row, those inside content controls and custom XML too."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == _CUSTOM_XML:
            yield from _children(child, tag)


def _int_hex(value: str | None) -> int:
    try:
        code = int(value or "0", 16)
    except ValueError:
        return 0
    return code if 0 <= code <= 0x10FFFF else 0


# --- PDF text layer -----------------------------------------------------------------------------


def _open_pdf(data: bytes) -> Any:
    # pdfplumber (with pdfminer and Pillow) takes 75 ms to import: only when a PDF comes.
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        return pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else None
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise ExtractionError(_LOCKED_PDF) from exc
        raise ExtractionError(_BROKEN_PDF) from exc
    except Exception as exc:  # pdfminer raises many kinds for a broken file
        raise ExtractionError(_BROKEN_PDF) from exc


def _real_char(obj: dict[str, Any]) -> bool:
    """Not a glyph without a Unicode mapping (pdfminer writes those as "(cid:N)")."""
    return obj.get("object_type") != "char" or not obj["text"].startswith("(cid:")


def _pdf_pages(pdf: Any) -> list[Any]:
    try:
        return pdf.pages
    except Exception as exc:  # a broken page tree
        raise ExtractionError(_BROKEN_PDF) from exc


def _pdf_has_text(data: bytes) -> bool:
    """Whether the text layer has at least MIN_TEXT_CHARS characters, stopping as soon as it does."""
    with _open_pdf(data) as pdf:
        count = 0
        for page in _pdf_pages(pdf)[:MAX_PDF_PAGES]:
            try:
                count += sum(1 for c in page.chars if _real_char(c) and not c["text"].isspace())
            except Exception:  # a broken page: the others may still have text
                log.warning("PDF page %s unreadable", page.page_number, exc_info=True)
            finally:
                page.close()
            if count >= MIN_TEXT_CHARS:
                return True
        return False


def _pdf_document(data: bytes) -> Document | None:
    """The text layer as a Document, or None when it has (almost) no text: a scan."""
    with _open_pdf(data) as pdf:
        pages = _pdf_pages(pdf)
        warnings = []
        if len(pages) > MAX_PDF_PAGES:
            warnings.append(f"Tệp PDF có {len(pages)} trang; chỉ đọc {MAX_PDF_PAGES} trang đầu.")
        blocks: list[Block] = []
        columns: dict[int, list[float]] = {}
        encodings: Counter[str] = Counter()
        chars = read = 0
        for page in pages[:MAX_PDF_PAGES]:
            try:
                page_blocks, page_chars = _pdf_page(page, columns, encodings)
            except Exception:  # pdfminer raises many kinds for a broken page
                log.warning("PDF page %s unreadable", page.page_number, exc_info=True)
                warnings.append(f"Trang {page.page_number} bị hỏng, đã bỏ qua.")
                continue
            finally:
                page.close()
            read += 1
            chars += page_chars
            _append_page(blocks, page_blocks, columns)
        if not read and pages:
            raise ExtractionError(_BROKEN_PDF)
    if chars < MIN_TEXT_CHARS:
        return None
    encoding = encodings.most_common(1)[0][0] if encodings else None
    return Document(blocks, source="pdf", encoding=encoding, warnings=warnings)


def _pdf_word(word: dict[str, Any], encodings: Counter[str]) -> dict[str, Any]:
    """A word with its text converted when its font is a legacy Vietnamese one (".VnTime", "VNI-Times")."""
    font = word.get("fontname") or ""
    font = font.split("+", 1)[1] if "+" in font[:8] else font  # subset prefix "ABCDEF+"
    text = word["text"]
    if is_tcvn3_font(font):
        word["text"] = tcvn3_to_unicode(text, capitals=font_is_capitals(font.split(",")[0].split("-")[0]))
        encodings["tcvn3"] += len(text)
        word["legacy"] = True
    elif is_vni_font(font):
        word["text"] = vni_to_unicode(text)
        encodings["vni"] += len(text)
        word["legacy"] = True
    return word


def _pdf_page(page: Any, columns: dict[int, list[float]], encodings: Counter[str]) -> tuple[list[Block], int]:
    """One page: its ruled tables and its lines of text, top to bottom; and how many characters it has."""
    page = page.filter(_real_char)
    words = [
        _pdf_word(w, encodings)
        for w in page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
        if w["text"].strip()
    ]
    count = sum(len(w["text"]) for w in words)
    if not words:
        return [], 0
    tables = []
    for found in page.find_tables():
        xs = sorted({cell[0] for cell in found.cells})
        if len(xs) >= 2:  # a single framed box is text, not a table
            tables.append((found, xs))
    in_table: dict[int, list[dict[str, Any]]] = {}
    body = []
    for word in words:
        cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
        for i, (found, _) in enumerate(tables):
            x0, top, x1, bottom = found.bbox
            if x0 <= cx <= x1 and top <= cy <= bottom:
                in_table.setdefault(i, []).append(word)
                break
        else:
            body.append(word)
    number = page.page_number
    lines = [sorted(line, key=lambda w: w["x0"]) for line in _group_lines(body)]
    paragraphs = _layout(lines, page=number, width=page.width, height=page.height, encodings=encodings)
    # Each table goes before the first line below its top; the lines keep the layout's order
    # (the header's columns one after the other).
    placed: list[Block] = []
    pending = sorted(tables, key=lambda item: item[0].bbox[1])
    for paragraph in paragraphs:
        while pending and pending[0][0].bbox[1] <= (paragraph.top or 0.0):
            placed.append(_placed_table(pending.pop(0), tables, in_table, number, columns, encodings))
        placed.append(paragraph)
    while pending:
        placed.append(_placed_table(pending.pop(0), tables, in_table, number, columns, encodings))
    return placed, count


def _placed_table(
    item: tuple[Any, list[float]],
    tables: list[tuple[Any, list[float]]],
    in_table: dict[int, list[dict[str, Any]]],
    page: int,
    columns: dict[int, list[float]],
    encodings: Counter[str],
) -> Table:
    found, xs = item
    table = _pdf_table(found, xs, in_table.get(tables.index(item), []), encodings)
    table.page = page
    columns[id(table)] = xs
    return table


def _group_lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words on the same printed line: tops within half a word's height of the line's first word."""
    lines: list[list[dict[str, Any]]] = []
    ref_top = ref_height = 0.0
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        height = max(word["bottom"] - word["top"], 1.0)
        if lines and word["top"] - ref_top <= 0.5 * min(height, ref_height):
            lines[-1].append(word)
        else:
            lines.append([word])
            ref_top, ref_height = word["top"], height
    return lines


def _char_width(words: list[dict[str, Any]]) -> float:
    widths = [(w["x1"] - w["x0"]) / len(w["text"]) for w in words if len(w["text"]) >= 2]
    if not widths:
        widths = [w["x1"] - w["x0"] for w in words] or [5.0]
    return max(statistics.median(widths), 1.0)


def _bold(words: list[dict[str, Any]]) -> bool:
    return all("bold" in (w.get("fontname") or "").lower() for w in words)


def _pdf_table(found: Any, xs: list[float], words: list[dict[str, Any]], encodings: Counter[str]) -> Table:
    """pdfplumber's table as rows of cells: a cell pdfplumber leaves out (None) is covered by the
    cell on its left (a colspan) or by one above (a vertical merge)."""
    cell_words: dict[tuple[float, ...], list[dict[str, Any]]] = {}
    for word in words:
        cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
        for bbox in found.cells:
            if bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]:
                cell_words.setdefault(tuple(bbox), []).append(word)
                break
    grid = found.rows
    rows: list[Row] = []
    for ri, group in enumerate(grid):
        row_top = group.bbox[1]
        cells: list[Cell] = []
        j = 0
        while j < len(group.cells):
            bbox = group.cells[j]
            if bbox is not None:
                span = 1
                while j + span < len(group.cells) and group.cells[j + span] is None and xs[j + span] < bbox[2] - 1:
                    span += 1
                lines = _cell_lines(cell_words.get(tuple(bbox), []), bbox, encodings)
                cells.append(Cell(lines, colspan=span))
                j += span
                continue
            cover = None
            for above in reversed(grid[:ri]):
                for other in above.cells:
                    if other is not None and other[0] <= xs[j] + 1 < other[2] and other[3] > row_top + 1:
                        cover = other
                        break
                if cover is not None:
                    break
            span = 1
            if cover is not None:
                while j + span < len(group.cells) and group.cells[j + span] is None and xs[j + span] < cover[2] - 1:
                    span += 1
            cells.append(Cell([], colspan=span, merged_above=cover is not None))
            j += span
        rows.append(Row(cells))
    if rows:
        first = [w for bbox in grid[0].cells if bbox is not None for w in cell_words.get(tuple(bbox), [])]
        rows[0].header = bool(first) and _bold(first)
    return Table(rows)


def _cell_lines(words: list[dict[str, Any]], bbox: Any, encodings: Counter[str]) -> list[str]:
    """The printed lines of a cell, a line the text wrapped joined back to the one before: the break
    was a wrap when the next line's first word would not have fitted at the end of this one."""
    if not words:
        return []
    lines = [sorted(line, key=lambda w: w["x0"]) for line in _group_lines(words)]
    pad = min(max(min(line[0]["x0"] for line in lines) - bbox[0], 1.0), 8.0)
    inner = bbox[2] - bbox[0] - 2 * pad
    out: list[str] = []
    previous_width = None
    for line in lines:
        text = " ".join(w["text"] for w in line)
        if not all(w.get("legacy") for w in line):
            text, encoding = _repair(text)
            if encoding:
                encodings[encoding] += len(text)
        width = line[-1]["x1"] - line[0]["x0"]
        first = line[0]
        space = 0.25 * float(first.get("size") or (first["bottom"] - first["top"]))
        if out and previous_width is not None and previous_width + space + (first["x1"] - first["x0"]) > inner - 1:
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
        previous_width = width
    return [nfc(line) for line in out if line.strip()]


def _append_page(blocks: list[Block], page_blocks: list[Block], columns: dict[int, list[float]]) -> None:
    """Add a page's blocks; a table that goes on from the previous page joins the table there (its
    repeated header rows dropped, a row the page break split joined back)."""
    if page_blocks and blocks and isinstance(page_blocks[0], Table) and isinstance(blocks[-1], Table):
        before, after = blocks[-1], page_blocks[0]
        xs_before, xs_after = columns.get(id(before), []), columns.get(id(after), [])
        same = len(xs_before) == len(xs_after) and all(abs(a - b) < 3 for a, b in zip(xs_before, xs_after, strict=True))
        if same and before.rows:
            headers = [row.texts for row in before.rows if row.header] or [before.rows[0].texts]
            rows = list(after.rows)
            while rows and rows[0].texts in headers:
                rows.pop(0)
            last = before.rows[-1]
            if (
                rows
                and len(rows[0].cells) == len(last.cells)
                and not rows[0].cells[0].lines
                and last.cells[0].lines
                and any(not c.lines for c in rows[0].cells)
            ):
                for old, new in zip(last.cells, rows.pop(0).cells, strict=True):
                    if not new.lines:
                        continue
                    if old.lines and new.lines[0][:1].islower() and not old.lines[-1].endswith((".", ";", ":")):
                        old.lines[-1] = f"{old.lines[-1]} {new.lines[0]}"
                        old.lines.extend(new.lines[1:])
                    else:
                        old.lines.extend(new.lines)
            before.rows.extend(rows)
            page_blocks = page_blocks[1:]
    blocks.extend(page_blocks)


# --- Lines into paragraphs (PDF text layer and OCR) ---

Segment = list[dict[str, Any]]

_TITLE = re.compile(
    r"^(ke hoach|quyet dinh|bao cao|chuong trinh|thong bao|to trinh|huong dan|nghi quyet|cong van|chi thi"
    r"|de an|phuong an|kinh gui)\b"
)
_PAGE_NUMBER = re.compile(r"^[-–—\s]*\d{1,3}[-–—\s]*$")


def _text_of(segment: Segment) -> str:
    return " ".join(w["text"] for w in segment)


def _segments(line: list[dict[str, Any]]) -> list[Segment]:
    """A printed line cut where the words are far apart (more than four characters' width)."""
    gap = 4 * _char_width(line)
    segments = [[line[0]]]
    for prev, word in itertools.pairwise(line):
        if word["x0"] - prev["x1"] > gap:
            segments.append([word])
        else:
            segments[-1].append(word)
    return segments


def _layout(
    lines: list[list[dict[str, Any]]], *, page: int, width: float, height: float, encodings: Counter[str]
) -> list[Paragraph]:
    """One paragraph per segment of each line; the header of page 1 and the signature block read
    as a left column, then a right column."""
    seglines = []
    for line in lines:
        segments = _segments(line)
        if len(segments) == 1 and _PAGE_NUMBER.match(_text_of(segments[0])):
            top = segments[0][0]["top"]
            if top < 0.08 * height or top > 0.92 * height:
                continue  # a page number in the margin
        seglines.append(segments)
    if not seglines:
        return []
    area = _text_area(seglines, width)
    # Each segment with the alignment it has in its frame: the page's text area, or its column.
    ordered: list[tuple[Segment, str]] = []
    i = 0
    if page == 1:
        end = len(seglines)
        for k, segments in enumerate(seglines):
            if segments[0][0]["top"] > 0.25 * height or (
                len(segments) == 1 and _TITLE.match(fold(_text_of(segments[0])))
            ):
                end = k
                break
        header = _two_columns(seglines[:end])
        if header is not None:
            ordered.extend(header[0])
            i = header[1]
    while i < len(seglines):
        segments = seglines[i]
        if fold(_text_of(segments[0])).startswith("noi nhan"):
            block = _two_columns(seglines[i:])
            if block is not None and block[1] > 1:
                ordered.extend(block[0])
                i += block[1]
                continue
        ordered.extend((segment, _page_align(segment, *area)) for segment in segments)
        i += 1
    paragraphs = []
    for segment, align in ordered:
        text = _text_of(segment)
        if not all(w.get("legacy") for w in segment):
            text, encoding = _repair(text)
            if encoding:
                encodings[encoding] += len(text)
        fonts = [(w.get("fontname") or "").lower() for w in segment]
        x0 = segment[0]["x0"]
        paragraphs.append(
            Paragraph(
                nfc(text),
                bold=all("bold" in f for f in fonts),
                italic=all("italic" in f or "oblique" in f for f in fonts),
                align=align,
                indent=round(max(x0 - area[0], 0.0), 1),
                page=page,
                x0=round(x0, 1),
                top=round(min(w["top"] for w in segment), 1),
            )
        )
    return paragraphs


def _page_align(segment: Segment, left: float, right: float) -> str:
    x0, x1 = segment[0]["x0"], segment[-1]["x1"]
    span = right - left
    # Centred: indented from both margins by about as much (a justified first line reaches the right).
    if min(x0 - left, right - x1) > 8 and abs((x0 - left) - (right - x1)) <= 2 * max(6.0, 0.02 * span):
        return "center"
    if x1 >= right - 6 and x0 > left + 0.3 * span:
        return "right"
    return "left"


def _column_align(pieces: list[Segment]) -> list[tuple[Segment, str]]:
    """Alignment inside a column of the header or signature: centred when a piece shares the
    column's common centre, unless the column is flush left and the piece starts at its edge."""
    if not pieces:
        return []
    starts = [p[0]["x0"] for p in pieces]
    centres = [(p[0]["x0"] + p[-1]["x1"]) / 2 for p in pieces]
    middle = statistics.median(centres)
    # Flush left: most pieces start at one place (centred lines of different lengths do not).
    edge = max(starts, key=lambda x: sum(1 for y in starts if abs(x - y) <= 1.5))
    flush = sum(1 for y in starts if abs(edge - y) <= 1.5) >= max(2, 2 * len(pieces) / 3)
    aligned = []
    for piece, start, centre in zip(pieces, starts, centres, strict=True):
        centred = abs(centre - middle) <= 6 and (not flush or start > edge + 6)
        aligned.append((piece, "center" if centred else "left"))
    return aligned


def _robust_edge(values: list[float], *, lowest: bool) -> float:
    """The outermost value that at least one other value shares (within 3 pt): a margin, not an outlier."""
    ordered = sorted(values, reverse=not lowest)
    for value in ordered:
        if sum(1 for v in ordered if abs(v - value) <= 3) >= 2:
            return value
    return ordered[0]


def _text_area(seglines: list[list[Segment]], width: float) -> tuple[float, float]:
    """The page's left and right text margins: where the long lines start and end."""
    segments = [s for line in seglines for s in line]
    long = [s for s in segments if s[-1]["x1"] - s[0]["x0"] > 0.5 * width] or segments
    # Short lines start at the margin too (the last line of a paragraph, a list of recipients).
    left = _robust_edge([s[0]["x0"] for s in segments], lowest=True)
    right = _robust_edge([s[-1]["x1"] for s in long], lowest=False)
    return left, max(right, left + 1)


def _two_columns(seglines: list[list[Segment]]) -> tuple[list[tuple[Segment, str]], int] | None:
    """The lines of a two-column block (agency and number | national motto, place and date; or
    recipients | signature) as the left column's segments, then the right column's, with their
    alignment in the column, and how many lines the block has; None when the lines do not form two
    columns."""
    cuts = []
    for segments in seglines:
        if len(segments) >= 2:
            k = max(range(len(segments) - 1), key=lambda k: segments[k + 1][0]["x0"] - segments[k][-1]["x1"])
            cuts.append((segments[k][-1]["x1"], segments[k + 1][0]["x0"]))
        for segment in segments:
            # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" starts the right column even when close to the left one.
            for k in range(1, len(segment) - 1):
                if fold(segment[k]["text"]) == "cong" and fold(segment[k + 1]["text"]) == "hoa":
                    cuts.append((segment[k - 1]["x1"], segment[k]["x0"]))
    if not cuts:
        return None
    lo, hi = max(a for a, _ in cuts), min(b for _, b in cuts)
    split = (lo + hi) / 2 if lo < hi else statistics.median((a + b) / 2 for a, b in cuts)
    left: list[Segment] = []
    right: list[Segment] = []
    count = 0
    for segments in seglines:
        pieces: list[Segment] = []
        for segment in segments:
            pieces.extend(_cut(segment, split))
        if count and any(p[0]["x0"] < split - 2 < split + 2 < p[-1]["x1"] for p in pieces):
            break  # a line across both columns: the block is over
        for piece in pieces:
            (left if (piece[0]["x0"] + piece[-1]["x1"]) / 2 < split else right).append(piece)
        count += 1
    return _column_align(left) + _column_align(right), count


def _cut(segment: Segment, split: float) -> list[Segment]:
    """A segment cut at the column boundary when a gap between two of its words is there."""
    for k in range(len(segment) - 1):
        if segment[k]["x1"] <= split + 2 and segment[k + 1]["x0"] >= split - 2:
            return [segment[: k + 1], segment[k + 1 :]]
    return [segment]


# --- OCR ----------------------------------------------------------------------------------------


def _tesseract() -> str:
    binary = shutil.which("tesseract")
    if not binary:
        raise ExtractionError("Máy chủ chưa cài Tesseract (tesseract-ocr-vie) nên chưa đọc được bản quét.")
    return binary


def _tesseract_tsv(image: Path, *, timeout: int = 120, env: dict[str, str] | None = None) -> str:
    """Tesseract's TSV for one image: every word with its block, paragraph and line numbers and box."""
    result = subprocess.run(
        [_tesseract(), str(image), "-", "-l", "vie", "--psm", "4", "tsv"],
        capture_output=True,
        timeout=timeout,
        env=env,
    )
    if result.returncode != 0:
        raise ExtractionError("Không nhận dạng được chữ trong ảnh (ảnh hỏng hoặc không phải ảnh).")
    return result.stdout.decode("utf-8", errors="replace")


def _tsv_paragraphs(tsv: str, *, page: int, scale: float) -> list[Paragraph]:
    """One paragraph per Tesseract line (cut at wide gaps, header columns in order), positions in points."""
    lines: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    width = height = 0.0
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12:
            continue
        try:
            left, top, w, h = (int(v) * scale for v in cols[6:10])
        except ValueError:
            continue
        if cols[0] == "1":
            width, height = w, h
        text = cols[11].strip()
        if cols[0] != "5" or not text:
            continue
        conf = float(cols[10]) if cols[10].replace(".", "", 1).lstrip("-").isdigit() else 0.0
        word = {"text": nfc(text), "x0": left, "x1": left + w, "top": top, "bottom": top + h, "size": h, "conf": conf}
        lines.setdefault((cols[2], cols[3], cols[4]), []).append(word)
    ordered = [words for words in (_ocr_clean(sorted(ws, key=lambda w: w["x0"])) for ws in lines.values()) if words]
    ordered.sort(key=lambda line: min(w["top"] for w in line))
    return _layout(_side_by_side(ordered), page=page, width=width or 595.0, height=height or 842.0, encodings=Counter())


def _side_by_side(lines: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """Tesseract lines printed at the same height in separate columns (it may see the header's two
    columns as two blocks) made one line, as in a text PDF, for the column logic to cut again."""
    merged: list[list[dict[str, Any]]] = []
    for line in lines:
        top, bottom = min(w["top"] for w in line), max(w["bottom"] for w in line)
        x0, x1 = line[0]["x0"], line[-1]["x1"]
        for other in reversed(merged[-3:]):
            o_top, o_bottom = min(w["top"] for w in other), max(w["bottom"] for w in other)
            overlap = min(bottom, o_bottom) - max(top, o_top)
            apart = x0 > other[-1]["x1"] or x1 < other[0]["x0"]
            if apart and overlap > 0.5 * min(bottom - top, o_bottom - o_top):
                other.extend(line)
                other.sort(key=lambda w: w["x0"])
                break
        else:
            merged.append(list(line))
    return merged


def _ocr_clean(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A line without the specks Tesseract reads as punctuation (any "_" or "~", other marks with
    low confidence); a doubtful mark starting the line with a dash in it is the list dash it was."""
    kept = []
    for i, word in enumerate(words):
        text = word["text"]
        if any(ch.isalnum() for ch in text) or (word["conf"] >= 50 and text.strip("_~")):
            kept.append(word)
        elif i == 0 and any(ch in "-–¬~" for ch in text):
            kept.append({**word, "text": "-"})
    return kept


def _ocr_image_document(data: bytes, *, timeout: int = 120, env: dict[str, str] | None = None) -> Document:
    with tempfile.TemporaryDirectory(prefix="chisoxanh-ocr-") as tmp:
        image = Path(tmp) / "trang"
        image.write_bytes(data)
        tsv = _tesseract_tsv(image, timeout=timeout, env=env)
    # A photo or scan carries no reliable resolution: positions are given as if it were 300 dpi.
    return Document(list(_tsv_paragraphs(tsv, page=1, scale=72 / 300)), source="ocr")


def ocr_image(data: bytes, *, timeout: int = 120, env: dict[str, str] | None = None) -> str:
    """The text of one image, with Tesseract's Vietnamese model."""
    return _ocr_image_document(data, timeout=timeout, env=env).text


def _scan_dpi(data: bytes) -> int:
    """The resolution the pages were scanned at, to render them at: Tesseract read a 200-dpi scan
    rendered at 300 dpi (JPEG noise enlarged) noticeably worse than at its own 200 dpi."""
    ppis = []
    try:
        with _open_pdf(data) as pdf:
            for page in _pdf_pages(pdf)[:3]:
                for image in page.images:
                    width = image["x1"] - image["x0"]
                    if width > 0.5 * page.width and image.get("srcsize"):
                        ppis.append(image["srcsize"][0] * 72 / width)
                page.close()
    except Exception:  # unreadable here: poppler may still render it
        return 300
    if not ppis:
        return 300
    return round(min(max(statistics.median(ppis), 150), 400))


def _ocr_pdf_document(data: bytes, *, progress: Progress = None, dpi: int | None = None) -> Document:
    _tesseract()
    dpi = dpi or _scan_dpi(data)
    renderer = shutil.which("pdftoppm")
    if not renderer:
        raise ExtractionError("Máy chủ chưa cài poppler-utils nên chưa đọc được bản quét.")
    with tempfile.TemporaryDirectory(prefix="chisoxanh-ocr-") as tmp:
        work = Path(tmp)
        (work / "van-ban.pdf").write_bytes(data)
        # Uncompressed grey pages (PGM): writing PNGs took poppler four times as long as the
        # rendering itself, and Tesseract reads either.
        command = [renderer, "-r", str(dpi), "-gray", "-l", str(MAX_OCR_PAGES)]
        result = subprocess.run(
            [*command, str(work / "van-ban.pdf"), str(work / "trang")], capture_output=True, timeout=300
        )
        if result.returncode != 0:
            raise ExtractionError(_BROKEN_PDF)
        pages = sorted(work.glob("trang*.pgm"))
        # One page per core, each Tesseract on one thread: Tesseract's own threads speed a page
        # up far less than reading several pages at once (its documentation advises the same).
        workers = max(1, min(os.cpu_count() or 1, len(pages)))
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"} if workers > 1 else None
        tsvs: dict[int, str] = {}
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_tesseract_tsv, page, env=env): i for i, page in enumerate(pages)}
            for done, future in enumerate(as_completed(futures), start=1):
                tsvs[futures[future]] = future.result()
                if progress:
                    progress(round(100 * done / len(pages)))
    blocks: list[Block] = []
    for i in range(len(pages)):
        blocks.extend(_tsv_paragraphs(tsvs.pop(i), page=i + 1, scale=72 / dpi))
    doc = Document(blocks, source="ocr")
    if len(doc.text.strip()) < MIN_TEXT_CHARS:
        raise ExtractionError("Không nhận dạng được chữ nào trong bản quét.")
    return doc


def ocr_pdf(data: bytes, *, progress: Progress = None, dpi: int | None = None) -> str:
    """Every page of a scanned PDF rendered by poppler (at the scan's own resolution unless ``dpi``
    is given), then read by Tesseract."""
    return _ocr_pdf_document(data, progress=progress, dpi=dpi).text
