"""DOCX into the document model, read straight from the XML: the body's paragraphs and tables in
document order, list labels resolved from Word's automatic numbering, style names, bold/italic,
alignment and indentation, text boxes after the paragraph that anchors them, cells with their
spans and vertical merges, legacy TCVN3/VNI fonts converted."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from chisoxanh.lib.docmodel import Block, Cell, Document, Paragraph, Row, Table
from chisoxanh.lib.legacy import font_is_capitals, is_tcvn3_font, is_vni_font, tcvn3_to_unicode, vni_to_unicode
from chisoxanh.lib.vietnamese import nfc

from .common import MAX_UNPACKED, ExtractionError, _repair

_BROKEN_DOCX = "Tệp DOCX bị hỏng hoặc không phải định dạng DOCX."

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
    # Word counts lists up to 32,767; a crafted w:start beyond it would make "aaaa…" as long as
    # the number (gigabytes), so it is printed as digits instead.
    if n <= 0 or n > 32_767:
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
