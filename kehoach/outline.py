"""The structure of a plan text, parsed from the text itself (pure: a string in, a tree out; no I/O).

:func:`parse_outline` reads a Vietnamese administrative text — a kế hoạch, or a quyết định that issues
one — and returns its parts as a tree of :class:`OutlineNode`, each with its ref in the numbering that
``source.ref`` uses, its kind, its span in the text (character offsets and 1-based lines), its own
words and its children.  It knows the forms real plans are written in, not one text's line numbers:

* the title block (``header``: "Số: …", place and date, "KẾ HOẠCH" and the title), and the title
  block of a document issued with a decision (``header-2``: "KẾ HOẠCH … (Kèm theo Quyết định …)");
* the preamble (``preamble``: "Căn cứ …", "Thực hiện …", "Theo đề nghị …", and the enacting
  "QUYẾT ĐỊNH:");
* Roman sections (``I`` … ``XX``), the articles of a decision (``Điều 1``, ``Điều 2`` …, numbered across the
  text) and the chapters that group them (``Chương I``);
* numbered items (``I.1``), dotted sub-items (``1.1.`` → ``I.1.1``) and lettered items (``III.1.a``,
  ``III.1.đ``: the Vietnamese letters a b c d đ e g h i k l m n o p q r s t u v x y);
* dash bullets ("-", "–", "+" or "•"), numbered by position under their item: ``III.2.a`` bullet 3
  (a "+" under a "-" is a sub-bullet of it);
* a paragraph that starts in lower case continues the one before (a paragraph cut by a page break);
* the closing sentence (``closing``: the unnumbered paragraph that ends with "./."), the signature
  block (``signature``) and the "Nơi nhận" list (``noi-nhan``, its recipients as bullets);
* the appendix (``PL``, or ``PL.2`` for "Phụ lục 2"/"Phụ lục II"), its numbered headings (``PL.1``)
  and its tables: rows numbered by their first cell (``PL.1.6``, sub-rows ``6.1.`` → ``PL.1.6.1``),
  group rows with a Roman number (``PL.II``, their rows ``PL.II.1``), an unnumbered row that heads a
  table (``PL.2.heading``), and an unnumbered row under a numbered one whose number cell spans it (a
  merged cell: ``PL.II.1.2`` for the second physical row of ``PL.II.1``).

Two layouts of tables are read:

* tab-separated lines (one line a row, cells split on tabs).  A header row repeated after a page break
  is skipped, and a row whose number cell is empty right after it is the rest of the row before the
  break: its cells are joined to that row's cells (the row keeps both pieces of text in ``pieces``);
* a markdown conversion where a line holding only ``|`` ends a cell and two such lines end a row.
  Such a table with fewer than three cells in every row is a layout table (a title block, a signature
  beside the "Nơi nhận" list): its cells are read as paragraphs.

Hard line breaks inside a paragraph are joined with a space; ``**``/``*`` emphasis markers are left out
of a node's ``text`` (the spans still point at the text as written).  A node's ``text`` is its own
words (its children's are theirs); its span covers it and its children.  ``id`` is unique in the tree:
the ref, "``ref`` bullet n" for a bullet, and a ``#2`` suffix should a text number two parts alike.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["KINDS", "OutlineNode", "iter_nodes", "node_to_data", "outline_to_data", "parse_outline"]

KINDS: tuple[str, ...] = (
    "title-block", "preamble", "chapter", "section", "article", "item", "subitem", "bullet", "sub-bullet",
    "closing", "recipients", "signature", "appendix", "table", "header-row", "group-row", "row",
    "sub-row", "paragraph",
)

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_SECTION = re.compile(rf"^({_ROMAN})\.(?![0-9])\s*(\S.*)?$")  # "I. MỤC TIÊU", not "III.1.a."
_ARTICLE = re.compile(r"^Điều\s+(\d{1,3})\s*[.:]?\s*(.*)$")
_CHAPTER = re.compile(rf"^(?:Chương|CHƯƠNG)\s+({_ROMAN}|\d{{1,2}})\b\.?\s*(.*)$")
_ITEM = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.(?:\s+(\S.*))?$")
_ITEM_NO_DOT = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\s+(\S.*)$")
_LETTER = re.compile(r"^([abcdđeghiklmnopqrstuvxy])\)\s*(.*)$")
_BULLET = re.compile(r"^([-–+•])\s+(.*)$")
_BULLET_LINE = re.compile(r"^\s*[-–+•]\s+\S")
_PREAMBLE = re.compile(r"^(Căn cứ|Thực hiện|Theo đề nghị|Xét đề nghị|Xét tờ trình)\b")
_APPENDIX = re.compile(r"^(?:PHỤ LỤC|Phụ lục)(?:\s+(\d{1,2}|" + _ROMAN + r")\b)?", re.IGNORECASE)
_RECIPIENTS = re.compile(r"^Nơi nhận\s*:?", re.IGNORECASE)
_SIGNATURE = re.compile(r"^(TM|KT|TL|TUQ|Q)\.\s+\S")
_DOC_TITLE = re.compile(
    r"^(KẾ HOẠCH|QUYẾT ĐỊNH|QUY CHẾ|QUY ĐỊNH|ĐỀ ÁN|CHƯƠNG TRÌNH|PHƯƠNG ÁN|HƯỚNG DẪN)$")
_ROW_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\.?$")
_ROW_ROMAN = re.compile(rf"^({_ROMAN})\.?$")
_EMPHASIS = re.compile(r"\*+")
_RULE = re.compile(r"^[-_=–—.]{3,}$")  # a separator line under a heading ("--------")
_SPACE = re.compile(r"\s+")
_CLOSING_MARK = "./."


def _clean(text: str) -> str:
    """Emphasis markers out, whitespace folded."""
    return _SPACE.sub(" ", _EMPHASIS.sub("", text)).strip()


@dataclass(frozen=True)
class OutlineNode:
    """One part of the text.  ``start``/``end`` are character offsets into the text (end exclusive),
    ``line``/``end_line`` 1-based; ``pieces`` are the (start, end) of the node's own text; ``cells`` a
    table row's cells (joined across a page break); ``label`` the number or mark as written."""

    id: str
    ref: str
    kind: str
    bullet: int | None
    label: str
    text: str
    start: int
    end: int
    line: int
    end_line: int
    pieces: tuple[tuple[int, int], ...] = ()
    cells: tuple[str, ...] = ()
    children: tuple[OutlineNode, ...] = ()

    @property
    def label_ref(self) -> str:
        """The ref as a person reads it: ``III.2.a bullet 3``, ``PL.1.6.3``."""
        return f"{self.ref} bullet {self.bullet}" if self.bullet is not None else self.ref


# --------------------------------------------------------------------------- lines and blocks


@dataclass(frozen=True)
class _Line:
    start: int
    end: int  # without the line break
    number: int
    raw: str


@dataclass
class _Para:
    """A paragraph: lines joined; ``lines`` keep the positions."""

    lines: list[_Line]

    @property
    def text(self) -> str:
        return _clean(" ".join(line.raw for line in self.lines))

    @property
    def first(self) -> str:
        return _clean(self.lines[0].raw)


@dataclass
class _Row:
    cells: list[str]
    lines: list[_Line]


@dataclass
class _Table:
    rows: list[_Row]
    layout: str  # "tab" | "pipe"
    breaks: list[int] = field(default_factory=list)  # indexes of rows that follow a page break


_Unit = _Para | _Table


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for number, chunk in enumerate(text.splitlines(keepends=True), start=1):
        body = chunk.rstrip("\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85")
        out.append(_Line(pos, pos + len(body), number, body))
        pos += len(chunk)
    return out


def _blocks(lines: list[_Line]) -> Iterator[list[_Line]]:
    block: list[_Line] = []
    for line in lines:
        if line.raw.strip():
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block


def _is_pipe(line: _Line) -> bool:
    return line.raw.strip() == "|"


def _paragraphs(lines: list[_Line]) -> list[_Para]:
    """Lines joined into paragraphs (hard line breaks); a line that opens a numbered part, a dash
    bullet or the "Nơi nhận" list starts a new one."""
    paras: list[_Para] = []
    for line in lines:
        cleaned = _clean(line.raw)
        if not cleaned or _RULE.match(cleaned):
            continue
        starts = (_BULLET_LINE.match(_EMPHASIS.sub("", line.raw)) is not None
                  or _RECIPIENTS.match(cleaned) is not None or _starts_part(cleaned))
        if paras and not starts and not _RECIPIENTS.match(paras[-1].first):
            paras[-1].lines.append(line)
        else:
            paras.append(_Para([line]))
    return paras


def _starts_part(line: str) -> bool:
    """A line that opens a numbered part (a text written one part a line, without blank lines between)."""
    section = _SECTION.match(line)
    if section and section.group(1) and (section.group(2) or "").strip():
        return True
    return any(p.match(line) for p in (_ARTICLE, _CHAPTER, _ITEM, _LETTER))


def _pipe_rows(lines: list[_Line]) -> list[list[list[_Line]]]:
    rows: list[list[list[_Line]]] = []
    row: list[list[_Line]] = []
    cell: list[_Line] = []
    for line in lines:
        if _is_pipe(line):
            if cell:
                row.append(cell)
                cell = []
            elif row:
                rows.append(row)
                row = []
        else:
            cell.append(line)
    if cell:
        row.append(cell)
    if row:
        rows.append(row)
    return rows


def _units(text: str) -> list[_Unit]:
    units: list[_Unit] = []
    for block in _blocks(_lines(text)):
        if any(_is_pipe(line) for line in block):
            pipe_rows = _pipe_rows(block)
            if any(len(row) >= 3 for row in pipe_rows):
                units.append(_Table([_Row([_clean(" ".join(x.raw for x in cell)) for cell in row],
                                          [x for cell in row for x in cell]) for row in pipe_rows], "pipe"))
            else:
                for row in pipe_rows:
                    for cell in row:
                        units.extend(_paragraphs(cell))
            continue
        tabbed = [line for line in block if "\t" in line.raw]
        if tabbed and len(tabbed) * 2 >= len(block):
            rows = [_Row([_clean(c) for c in line.raw.split("\t")], [line]) for line in block]
            previous = units[-1] if units else None
            if isinstance(previous, _Table) and previous.layout == "tab" and rows and _same_row(
                    rows[0], previous.rows[0]):
                previous.breaks.append(len(previous.rows))
                previous.rows.extend(rows)
            else:
                units.append(_Table(rows, "tab"))
            continue
        units.extend(_paragraphs(block))
    return units


def _same_row(a: _Row, b: _Row) -> bool:
    return [c for c in a.cells if c] == [c for c in b.cells if c] and any(a.cells)


# --------------------------------------------------------------------------- the tree


@dataclass
class _Build:
    ref: str
    kind: str
    bullet: int | None = None
    label: str = ""
    texts: list[str] = field(default_factory=list)
    pieces: list[tuple[int, int, int, int]] = field(default_factory=list)  # start, end, line, end_line
    cells: list[str] = field(default_factory=list)
    children: list[_Build] = field(default_factory=list)
    bullets: int = 0  # bullets numbered so far under this node
    rows_in_merge: int = 1  # physical rows sharing this row's number cell

    def add(self, text: str, lines: list[_Line]) -> None:
        if text:
            self.texts.append(text)
        if lines:
            self.pieces.append((lines[0].start, lines[-1].end, lines[0].number, lines[-1].number))


def _piece(node: _Build, para: _Para) -> None:
    node.add(para.text, para.lines)


class _Parser:
    def __init__(self) -> None:
        self.top: list[_Build] = []
        self.stack: list[_Build] = []  # the numbered parts open now, outermost first
        self.last: _Build | None = None  # where a continued paragraph goes
        self.state = "header"  # header | preamble | body | end
        self.end_node: _Build | None = None
        self.used: dict[str, int] = {}
        self.appendix: _Build | None = None

    # -- helpers
    def _unique(self, ref: str) -> str:
        return ref

    def _push_top(self, node: _Build) -> _Build:
        self.top.append(node)
        self.last = node
        return node

    def _kind_ref(self, kind: str) -> str:
        count = self.used.get(kind, 0) + 1
        self.used[kind] = count
        return kind if count == 1 else f"{kind}-{count}"

    def _open(self, node: _Build, depth: int) -> None:
        """Put ``node`` under the open part at ``depth - 1`` (or at the top), and open it."""
        del self.stack[depth:]
        if self.stack:
            self.stack[-1].children.append(node)
        elif self.appendix is not None and node.kind != "appendix":
            self.appendix.children.append(node)
        else:
            self.top.append(node)
        self.stack.append(node)
        self.last = node

    def _base(self, depth: int) -> str:
        if depth > 0 and len(self.stack) >= depth:
            return self.stack[depth - 1].ref
        return self.appendix.ref if self.appendix is not None else ""

    @staticmethod
    def _join(base: str, part: str) -> str:
        return f"{base}.{part}" if base else part

    def _depth_of(self, kinds: tuple[str, ...]) -> int:
        """The depth just below the innermost open part of one of ``kinds`` (0 when none is open)."""
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].kind in kinds:
                return index + 1
        return 0

    # -- paragraphs
    def paragraph(self, para: _Para) -> None:
        text = para.text
        first = para.first
        if not text:
            return
        if _DOC_TITLE.match(first) and (self.state == "end" or (
                self.state == "header" and any(n.kind != "title-block" for n in self.top))):
            # the title of a document issued with the one before ("KẾ HOẠCH" after a decision's signature)
            self._reset_document()
            _piece(self._push_top(_Build(self._kind_ref("header"), "title-block")), para)
            return
        appendix = _APPENDIX.match(first)
        if appendix and (self.state in ("body", "end")):
            number = appendix.group(1)
            self._reset_document()
            node = _Build("PL" if not number else f"PL.{number.upper()}", "appendix", label=appendix.group(0))
            _piece(node, para)
            self.top.append(node)
            self.appendix = node
            self.stack = []
            self.state = "body"
            self.last = node
            return
        if _RECIPIENTS.match(first):
            self.state = "end"
            node = self._push_top(_Build(self._kind_ref("noi-nhan"), "recipients"))
            _piece(node, para)
            self.end_node = node
            return
        if self.state == "end" or (self.state == "body" and _SIGNATURE.match(first)):
            self._end_matter(para)
            return
        if self.state in ("header", "preamble") and _PREAMBLE.match(first):
            if self.state == "header" or self.end_node is None:
                node = self._push_top(_Build(self._kind_ref("preamble"), "preamble"))
                self.end_node = node
            self.state = "preamble"
            assert self.end_node is not None
            _piece(self.end_node, para)
            return
        if self._structural(para):
            self.state = "body"
            self.end_node = None
            if text.endswith(_CLOSING_MARK):
                self.state = "end"
            return
        if self.state == "preamble" and self.end_node is not None:
            _piece(self.end_node, para)
            return
        if self.state == "header":
            if self.top and self.top[-1].kind == "title-block":
                _piece(self.top[-1], para)
            else:
                self._push_top(_Build(self._kind_ref("header"), "title-block")).add(para.text, para.lines)
            return
        # body text: a continuation, the closing sentence, or a part's own paragraph
        if first[:1].islower() and self.last is not None:
            _piece(self.last, para)
            if text.endswith(_CLOSING_MARK):
                self.state = "end"
            return
        if text.endswith(_CLOSING_MARK):
            self.stack = []
            self._push_top(_Build(self._kind_ref("closing"), "closing")).add(text, para.lines)
            self.state = "end"
            return
        owners = [n for n in self.stack if n.kind not in ("bullet", "sub-bullet")]
        if owners:
            _piece(owners[-1], para)
            self.last = owners[-1]
        elif self.appendix is not None:
            _piece(self.appendix, para)
            self.last = self.appendix
        else:
            self._push_top(_Build(self._kind_ref("paragraph"), "paragraph")).add(text, para.lines)

    def _reset_document(self) -> None:
        self.stack = []
        self.appendix = None
        self.end_node = None
        self.state = "header"

    def _end_matter(self, para: _Para) -> None:
        self.state = "end"
        self.stack = []
        bullet = _BULLET.match(para.text)
        if bullet and self.end_node is not None and self.end_node.kind == "recipients":
            owner = self.end_node
            owner.bullets += 1
            node = _Build(owner.ref, "bullet", bullet=owner.bullets, label=bullet.group(1))
            node.add(bullet.group(2), para.lines)
            owner.children.append(node)
            self.last = node
            return
        if self.end_node is None or self.end_node.kind != "signature":
            self.end_node = self._push_top(_Build(self._kind_ref("signature"), "signature"))
        _piece(self.end_node, para)
        self.last = self.end_node

    def _structural(self, para: _Para) -> bool:
        text = para.text
        if self.state == "header" and self.top and not _SECTION.match(text) and not _ARTICLE.match(text) and not (
                _CHAPTER.match(text)):
            return False
        chapter = _CHAPTER.match(text)
        if chapter and chapter.group(1):
            node = _Build(f"Chương {chapter.group(1)}", "chapter", label=f"Chương {chapter.group(1)}")
            node.add(text, para.lines)
            self._open(node, 0)
            return True
        section = _SECTION.match(text)
        if section and section.group(1) and (section.group(2) or "").strip():
            node = _Build(self._join(self.appendix.ref if self.appendix else "", section.group(1)), "section",
                          label=f"{section.group(1)}.")
            node.add(text, para.lines)
            self._open(node, 0)
            return True
        article = _ARTICLE.match(text)
        if article:
            node = _Build(f"Điều {int(article.group(1))}", "article", label=f"Điều {int(article.group(1))}.")
            node.add(text, para.lines)
            self._open(node, self._depth_of(("chapter",)))  # numbered across the text: "Điều 5", in its chapter
            return True
        if self.state == "header":
            return False
        item = _ITEM.match(text) or _ITEM_NO_DOT.match(text)
        if item and not re.match(r"^\d+\.\d", text[len(item.group(1)) + 1:]):
            number = item.group(1)
            parts = number.split(".")
            depth = self._depth_of(("section", "article"))
            if len(parts) > 1:
                # 1.2. under item 1 (1.2.3. under 1.2.) when it is open, else under the section
                for index in range(len(self.stack) - 1, depth - 1, -1):
                    if self.stack[index].kind == "item" and self.stack[index].label == ".".join(parts[:-1]) + ".":
                        node = _Build(self._join(self.stack[index].ref, parts[-1]), "item", label=f"{number}.")
                        node.add(text, para.lines)
                        self._open(node, index + 1)
                        return True
            node = _Build(self._join(self._base(depth), number), "item", label=f"{number}.")
            node.add(text, para.lines)
            self._open(node, depth)
            return True
        letter = _LETTER.match(text)
        if letter:
            depth = self._depth_of(("item",)) or self._depth_of(("section", "article"))
            node = _Build(self._join(self._base(depth), letter.group(1)), "subitem", label=f"{letter.group(1)})")
            node.add(text, para.lines)
            self._open(node, depth)
            return True
        bullet = _BULLET.match(text)
        if bullet:
            owner: _Build | None = None
            while self.stack and self.stack[-1].kind in ("bullet", "sub-bullet"):
                top = self.stack[-1]
                if bullet.group(1) == "+" and top.kind == "bullet":
                    owner = top
                    break
                self.stack.pop()
            if owner is not None:
                owner.bullets += 1
                node = _Build(owner.ref, "sub-bullet", bullet=owner.bullet, label="+")
                node.texts.append(bullet.group(2))
                node.add("", para.lines)
                owner.children.append(node)
                self.last = node
                return True
            parent = self.stack[-1] if self.stack else self.appendix
            if parent is None:
                parent = self._push_top(_Build(self._kind_ref("paragraph"), "paragraph"))
                self.stack = [parent]
            parent.bullets += 1
            node = _Build(parent.ref, "bullet", bullet=parent.bullets, label=bullet.group(1))
            node.add(bullet.group(2), para.lines)
            parent.children.append(node)
            if self.stack:
                self.stack.append(node)
            self.last = node
            return True
        return False

    # -- tables
    def table(self, table: _Table) -> None:
        if self.state == "header" and not self.top:
            self.state = "body"
        while self.stack and self.stack[-1].kind in ("bullet", "sub-bullet"):
            self.stack.pop()
        parent = self.stack[-1] if self.stack else self.appendix
        if parent is None:
            parent = self._push_top(_Build(self._kind_ref("paragraph"), "paragraph"))
        self.state = "body"
        base = parent.ref
        node = _Build(base, "table", label="")
        parent.children.append(node)
        header_row: _Row | None = None
        groups: list[_Build] = []  # the open group row (Roman), if any
        numbered: dict[str, _Build] = {}
        last_row: _Build | None = None
        headings = 0
        after_break = False
        for index, row in enumerate(table.rows):
            if index in table.breaks:
                after_break = True
            first = row.cells[0] if row.cells else ""
            if header_row is None and index == 0 and not _ROW_NUMBER.match(first) and not (
                    table.layout == "pipe" and _ROW_ROMAN.match(first) and first):
                header_row = row
                header = _Build(base, "header-row", label="")
                header.cells = list(row.cells)
                header.add(" | ".join(c for c in row.cells if c), row.lines)
                node.children.append(header)
                continue
            if header_row is not None and _same_row(row, header_row):
                after_break = True
                node.add("", row.lines)  # a repeated header: part of the table, not a row
                continue
            roman = _ROW_ROMAN.match(first) if table.layout == "pipe" and first else None
            number = _ROW_NUMBER.match(first) if first else None
            if roman and roman.group(1):
                group = _Build(self._join(base, roman.group(1)), "group-row", label=first)
                group.cells = list(row.cells)
                group.add(" ".join(c for c in row.cells[1:] if c), row.lines)
                node.children.append(group)
                groups = [group]
                numbered = {}
                last_row = None
                after_break = False
                continue
            if number:
                parts = number.group(1).split(".")
                owner = groups[-1] if groups else None
                container = node if owner is None else owner
                ref_base = base if owner is None else owner.ref
                parent_row = numbered.get(".".join(parts[:-1])) if len(parts) > 1 else None
                ref = self._join(parent_row.ref if parent_row else ref_base,
                                 parts[-1] if parent_row else ".".join(parts))
                built = _Build(ref, "sub-row" if parent_row else "row", label=first)
                built.cells = list(row.cells)
                built.add(" ".join(c for c in row.cells[1:] if c), row.lines)
                (parent_row.children if parent_row else container.children).append(built)
                numbered[number.group(1)] = built
                last_row = built
                after_break = False
                continue
            filled = [c for c in row.cells if c]
            if not filled:
                node.add("", row.lines)
                continue
            if table.layout == "tab" and last_row is not None and (after_break or len(filled) > 1):
                # the rest of the row cut by the page break
                for k, cell in enumerate(row.cells):
                    if not cell:
                        continue
                    while len(last_row.cells) <= k:
                        last_row.cells.append("")
                    last_row.cells[k] = f"{last_row.cells[k]} {cell}".strip()
                last_row.texts = [" ".join(c for c in last_row.cells[1:] if c)]
                last_row.add("", row.lines)
                after_break = False
                continue
            if table.layout == "pipe" and last_row is not None and header_row is not None and len(
                    row.cells) < len(header_row.cells):
                # a physical row under a numbered row whose number cell spans it (merged cell)
                last_row.rows_in_merge += 1
                owner_row = last_row
                sub = _Build(self._join(owner_row.ref, str(owner_row.rows_in_merge)), "sub-row", label="")
                sub.cells = list(row.cells)
                sub.add(" ".join(filled), row.lines)
                owner_row.children.append(sub)
                after_break = False
                continue
            headings += 1
            heading = _Build(self._join(base, "heading" if headings == 1 else f"heading-{headings}"),
                             "group-row", label="")
            heading.cells = list(row.cells)
            heading.add(" ".join(filled), row.lines)
            node.children.append(heading)
            after_break = False
        self.last = last_row or node


def _freeze(node: _Build, used: dict[str, int]) -> OutlineNode:
    base_id = node.ref if node.bullet is None else f"{node.ref} bullet {node.bullet}"
    if node.kind == "table":
        base_id = f"{node.ref} table"
    elif node.kind == "header-row":
        base_id = f"{node.ref} table header"
    elif node.kind == "sub-bullet":
        base_id = f"{node.ref} bullet {node.bullet}+"
    count = used.get(base_id, 0) + 1
    used[base_id] = count
    ident = base_id if count == 1 else f"{base_id}#{count}"
    children = tuple(_freeze(child, used) for child in node.children)
    spans = [(s, e, ls, le) for s, e, ls, le in node.pieces]
    spans.extend((c.start, c.end, c.line, c.end_line) for c in children)
    if spans:
        start = min(s[0] for s in spans)
        end = max(s[1] for s in spans)
        line = min(s[2] for s in spans)
        end_line = max(s[3] for s in spans)
    else:
        start = end = line = end_line = 0
    return OutlineNode(
        id=ident, ref=node.ref, kind=node.kind, bullet=node.bullet, label=node.label,
        text="\n".join(t for t in node.texts if t), start=start, end=end, line=line, end_line=end_line,
        pieces=tuple((s, e) for s, e, _, _ in node.pieces), cells=tuple(node.cells), children=children)


def parse_outline(text: str) -> tuple[OutlineNode, ...]:
    """The parts of ``text``, top level first, each with its children.  Never raises on any string."""
    parser = _Parser()
    for unit in _units(text):
        if isinstance(unit, _Table):
            parser.table(unit)
        else:
            parser.paragraph(unit)
    used: dict[str, int] = {}
    return tuple(_freeze(node, used) for node in parser.top)


def iter_nodes(nodes: tuple[OutlineNode, ...]) -> Iterator[OutlineNode]:
    """Every node, depth first, in the order of the text."""
    for node in nodes:
        yield node
        yield from iter_nodes(node.children)


def node_to_data(node: OutlineNode) -> dict[str, Any]:
    return {
        "id": node.id,
        "ref": node.ref,
        "bullet": node.bullet,
        "kind": node.kind,
        "label": node.label,
        "text": node.text,
        "start": node.start,
        "end": node.end,
        "line": node.line,
        "end_line": node.end_line,
        "cells": list(node.cells),
        "pieces": [list(p) for p in node.pieces],
        "children": [node_to_data(child) for child in node.children],
    }


def outline_to_data(nodes: tuple[OutlineNode, ...]) -> list[dict[str, Any]]:
    return [node_to_data(node) for node in nodes]
