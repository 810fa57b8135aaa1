"""Answer reporters: query answers (already plain JSON data) rendered as table, JSON or CSV.

Every reporter takes the command name (``due``, ``obligations``, ``status``, ``explain``,
``agencies``), the plain data of the answer and :class:`ReportOptions`, and returns text ending in a
newline.  Reporters live in one registry, :data:`ANSWER_REPORTERS`, which feeds the CLI ``--format``
choice, as :data:`kehoach.render.PROBLEM_REPORTERS` does for problems.

* ``json``  — ``json.dumps(data)`` exactly: insertion order (deterministic), ``ensure_ascii=False``,
  two-space indent, trailing newline.  For one agency ``data`` is :func:`kehoach.api.to_json_data`.
* ``csv``   — one row per obligation / status item / agency / date, the main fields only.
* ``table`` — a terminal table with wrapped columns, localized headers (``vi``/``en``), the
  interpretations used and the notes below it.

Labels live in :data:`kehoach.messages.CATALOGUE`; the language comes from :func:`query_language`.
"""
from __future__ import annotations

import io
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .formatting import quote_text, target_text, vn_date
from .messages import CATALOGUE, message

__all__ = [
    "ANSWER_FORMATS",
    "ANSWER_REPORTERS",
    "AnswerReporter",
    "ReportOptions",
    "answer_notes",
    "format_table",
    "query_language",
    "render_answer",
    "render_note",
]

ANSWER_FORMATS = ("table", "json", "csv")

_GREEN, _RED, _YELLOW, _DIM, _BOLD, _RESET = "\x1b[32m", "\x1b[31m", "\x1b[33m", "\x1b[2m", "\x1b[1m", "\x1b[0m"
_STATUS_COLOUR = {
    "done_on_time": _GREEN, "met": _GREEN, "done_late": _YELLOW, "overdue": _RED, "not_met": _RED,
    "waiting": _DIM, "no_data": _DIM, "not_judged": _DIM,
}
def _term(kind: str, value: object, lang: str) -> str:
    """The catalogue word for a data value (``status.overdue``…); ``kind-value`` when it has none."""
    key = f"{kind}.{value}"
    return message(key, lang) if key in CATALOGUE else f"{kind}-{value}"


def query_language(env: Mapping[str, str]) -> str:
    """``vi`` when ``KEHOACH_LANG`` or else the POSIX locale (LC_ALL > LC_MESSAGES > LANG) starts with vi."""
    explicit = env.get("KEHOACH_LANG", "").strip().lower()
    if explicit:
        return "vi" if explicit.startswith("vi") else "en"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    return "en"


@dataclass(frozen=True)
class ReportOptions:
    lang: str = "en"
    color: bool = False
    width: int = 100
    assumed: tuple[str, ...] = ()  # interpretation ids overridden with --assume
    meanings: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # interp id -> choice -> meaning


AnswerReporter = Callable[[str, Mapping[str, Any], ReportOptions], str]

# --------------------------------------------------------------------------- table helpers


def _paint(text: str, code: str | None, options: ReportOptions) -> str:
    return f"{code}{text}{_RESET}" if options.color and code else text


def _wrap(text: str, width: int) -> list[str]:
    import textwrap  # tables only: kept off the JSON query path

    out: list[str] = []
    for para in str(text).split("\n"):
        out.extend(textwrap.wrap(para, width, break_on_hyphens=True) or [""])
    return out


def format_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], width: int, *, flex: Sequence[int] = (),
    colours: Sequence[Sequence[str | None]] | None = None, color: bool = False,
) -> str:
    """A plain-text table: columns two spaces apart, the ``flex`` columns wrapped to fit ``width``.

    ``colours`` gives an ANSI code per cell (used only when ``color``); padding ignores the codes.
    """
    ncol = len(headers)
    natural = [max([len(line) for r in rows for line in str(r[i]).split("\n")]
                   + [len(w) for w in str(headers[i]).split()] + [1])
               for i in range(ncol)]
    widths = list(natural)
    flexible = [i for i in flex if i < ncol] or [ncol - 1]
    fixed = sum(widths[i] for i in range(ncol) if i not in flexible) + 2 * (ncol - 1)
    room = max(width - fixed, 12 * len(flexible))
    wanted = sum(natural[i] for i in flexible)
    if wanted > room:
        for i in flexible:
            widths[i] = max(12, room * natural[i] // max(wanted, 1))
    opts = ReportOptions(color=color)
    lines: list[str] = []

    def emit(cells: Sequence[str], codes: Sequence[str | None]) -> None:
        wrapped = [_wrap(c, widths[i]) for i, c in enumerate(cells)]
        for k in range(max(len(w) for w in wrapped)):
            parts = []
            for i, w in enumerate(wrapped):
                text = w[k] if k < len(w) else ""
                pad = "" if i == ncol - 1 else " " * (widths[i] - len(text))
                parts.append(_paint(text, codes[i], opts) + pad if text else pad)
            lines.append("  ".join(parts).rstrip())

    emit(headers, [_BOLD] * ncol)
    lines.append("  ".join("─" * w for w in widths))
    for n, row in enumerate(rows):
        emit(row, colours[n] if colours is not None else [None] * ncol)
    return "\n".join(lines) + "\n"


def render_note(detail: Mapping[str, Any], lang: str) -> str | None:
    """A note of the JSON ``note_details`` (``{"code": …, fields…}``) in ``lang``; None for a code
    without a label (the caller then shows the English ``notes`` text)."""
    key = f"note.{detail.get('code')}"
    if key not in CATALOGUE:
        return None
    if detail.get("code") == "name-also-matches":
        others = detail.get("others") or []
        return message(key, lang, query=detail.get("query", ""), others="; ".join(
            message("note.name-also-matches.other", lang, name=o["name"], id=o["id"], ask=o["ask"]) for o in others))
    fields = {("day" if k == "date" else k): v for k, v in detail.items() if k != "code"}
    try:
        return message(key, lang, **fields)
    except KeyError:
        return None


def _title_cell(o: Mapping[str, Any]) -> str:
    title = str(o["title"])
    target = target_text(o.get("target"))
    if target:
        title = f"{title} ({target})"
    return f"{title}\n[{o['id']}]"


def _evidence_text(status: str, ev: Mapping[str, Any], lang: str) -> str:
    parts: list[str] = []
    if "event_date" in ev:
        parts.append(message("evidence.event", lang, event_date=ev["event_date"]))
    if "submitted" in ev:
        doc = f" ({ev['document']})" if ev.get("document") else ""
        parts.append(message("evidence.submitted", lang, submitted=ev["submitted"]) + doc)
    if "days_overdue" in ev:
        parts.append(message("evidence.days-overdue", lang, days=ev["days_overdue"]))
    if "value" in ev:
        parts.append(message("evidence.value", lang, value=ev["value"], date=ev.get("date", "")))
    if ev.get("rests_on"):
        parts.append(message("evidence.rests-on", lang, ids=", ".join(ev["rests_on"])))
    if status == "waiting" and "in_force_from" in ev:
        parts.append(message("evidence.in-force", lang, in_force_from=ev["in_force_from"]))
    elif status == "waiting" and ev.get("trigger"):
        parts.append(message("evidence.trigger", lang, trigger=ev["trigger"]))
    return "; ".join(parts)


def _status_cell(item: Mapping[str, Any], lang: str) -> str:
    """The status label; a target judged before its judging date, or a status resting on a reading the
    text leaves open (evidence ``final`` false), is marked provisional."""
    text = _term("status", item["status"], lang)
    if item.get("evidence", {}).get("final") is False:
        text += "\n" + message("table.provisional", lang)
    return text


def _answers(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The single answer, or each answer of a group answer (``{"group": …, "answers": […]}``)."""
    if "answers" in data:
        return list(data["answers"])
    return [data]


def _heading(command: str, data: Mapping[str, Any], options: ReportOptions) -> list[str]:
    lang = options.lang
    query = data.get("query", {})
    if "group" in data:
        who = f"{data['group']['name']} ({data['group']['id']})"
        count = len(data["answers"])
        lines = [message("head.group.one" if count == 1 else "head.group", lang, group=who, count=count)]
    else:
        lines = []
        who = f"{data['agency']['name']} ({data['agency']['id']})"
    if command == "due":
        since = message("head.since", lang, since=query["since"]) if query.get("since") else ""
        lines.insert(0, message("head.due", lang, agency=who, by=query.get("by"), since=since))
    elif command == "obligations":
        lines.insert(0, message("head.obligations", lang, agency=who, on=query.get("on")))
    else:
        lines.insert(0, message("head.status", lang, agency=who, as_of=query.get("as_of")))
    first = _answers(data)[0] if _answers(data) else data
    spec = first.get("spec") or data.get("spec") or {}
    if spec:
        lines.append(message("head.spec", lang, plan=spec["plan"], version=spec["version"],
                           digest=str(spec["digest"])[:12]))
    applied = list({a["id"]: a for d in _answers(data) for a in d.get("amendments", [])}.values())
    if applied:
        shown = "; ".join(message("head.amendment", lang, id=a["id"], number=a["number"],
                                  effective=vn_date(a["effective"])) for a in applied)
        lines.append(message("head.amendments", lang, amendments=shown))
    if command == "status":
        files = (first.get("facts") or {}).get("files") or []
        lines.append(message("head.facts", lang, files=", ".join(files) or "-"))
    return lines


def _footer(data: Mapping[str, Any], options: ReportOptions) -> list[str]:
    lang = options.lang
    answers = _answers(data)
    used: dict[str, Any] = {}
    unverified: set[str] = set()
    for a in answers:
        used.update(a.get("interpretations_used", {}))
        unverified.update(a.get("unverified", ()))
    lines: list[str] = []
    if used:
        lines += ["", message("table.interpretations-used", lang)]
        for key in sorted(used):
            meaning = options.meanings.get(key, {}).get(str(used[key]), "")
            how = message("interpretation.assumed" if key in options.assumed else "interpretation.default", lang)
            if key in unverified:
                how += ", " + message("interpretation.unverified", lang)
            lines.append(f"  {key} = {used[key]} ({how})" + (f": {meaning}" if meaning else ""))
    return lines


def answer_notes(data: Mapping[str, Any], lang: str) -> list[str]:
    """The notes of an answer (or of a group answer and each of its answers), localized with
    :func:`render_note` (the English ``notes`` text for a code without a label), each once, in order."""
    sources = [data] if "group" in data else []
    sources += _answers(data)
    notes: list[str] = []
    for src in sources:
        texts, details = list(src.get("notes", [])), list(src.get("note_details", []))
        for i, text in enumerate(texts):
            shown = render_note(details[i], lang) if i < len(details) else None
            notes.append(shown if shown is not None else text)
    return list(dict.fromkeys(notes))


def _notes(data: Mapping[str, Any], options: ReportOptions) -> list[str]:
    """The notes of the answer(s), localized, as a visible block (empty when there are none)."""
    unique = answer_notes(data, options.lang)
    if not unique:
        return []
    return ["", _paint(message("table.notes", options.lang), _YELLOW, options),
            *(_paint(f"  {n}", _YELLOW, options) for n in unique)]


def _obligation_rows(
    command: str, data: Mapping[str, Any], options: ReportOptions
) -> tuple[list[str], list[list[str]], list[list[str | None]], list[int]]:
    lang = options.lang
    group = "group" in data
    status = command == "status"  # the status table drops kind and last working day to make room
    keys = ("due", "period", "ref", "role", "obligation", "status", "evidence") \
        if status else ("due", "lwd", "period", "ref", "kind", "role", "obligation")
    headers = [_term("col", k, lang) for k in keys]
    flex = [4, 6] if status else [6]
    if group:
        headers.insert(0, message("col.agency", lang))
        flex = [0, *(i + 1 for i in flex)]
    rows: list[list[str]] = []
    colours: list[list[str | None]] = []
    for a in _answers(data):
        entries = a["items"] if command == "status" else a["obligations"]
        for o in entries:
            if status:
                row = [o["due"] or "-", o["period"] or "", o["source"]["ref"], _term("role", o["role"], lang),
                       _title_cell(o), _status_cell(o, lang),
                       _evidence_text(o["status"], o["evidence"], lang)]
                codes: list[str | None] = [None, None, None, None, None, _STATUS_COLOUR.get(o["status"]), None]
            else:
                due = (o["due"] or "-") + ("\n" + message("table.past-due", lang) if o.get("past_due") else "")
                row = [due, o["last_working_day"] or "-", o["period"] or "", o["source"]["ref"],
                       _term("kind", o["kind"], lang), _term("role", o["role"], lang), _title_cell(o)]
                codes = [None for _ in row]
            if group:
                row.insert(0, a["agency"]["name"])
                codes.insert(0, None)
            rows.append(row)
            colours.append(codes)
    return headers, rows, colours, flex


def _table_obligations(command: str, data: Mapping[str, Any], options: ReportOptions) -> str:
    lines = _heading(command, data, options)
    headers, rows, colours, flex = _obligation_rows(command, data, options)
    body = format_table(headers, rows, options.width, flex=flex, colours=colours, color=options.color) if rows \
        else message("table.no-obligations", options.lang) + "\n"
    notes = _notes(data, options)
    out = "\n".join(lines + notes) + "\n\n" + body
    if command == "status":
        summary: dict[str, int] = {}
        for a in _answers(data):
            for k, v in a.get("summary", {}).items():
                summary[k] = summary.get(k, 0) + int(v)
        parts = [f"{_term('status', k, options.lang)} {v}" for k, v in summary.items()
                 if v or k != "not_judged"]  # not judged: only plans with planned ("dự kiến") dates have it
        out += "\n" + message("table.summary", options.lang) + " " + ", ".join(parts) + "\n"
    footer = _footer(data, options)
    return out + ("\n".join(footer) + "\n" if footer else "")


def _table_agencies(data: Mapping[str, Any], options: ReportOptions) -> str:
    lang = options.lang
    agencies = data["agencies"]
    if not agencies:
        return message("table.no-agencies", lang) + "\n"
    provinces = any("province" in a for a in agencies)  # a library of several provinces: say whose
    headers = [message(f"col.{k}", lang) for k in ("id", "name", "level", "district", "groups")]
    rows = [[a["id"], a["name"], _term("level", a["level"], lang)
             + (f" ({_term('sector', a['sector'], lang)})" if a.get("sector") else ""),
             a.get("district_name") or "", ", ".join(a["groups"])] for a in agencies]
    if provinces:
        headers.insert(3, message("col.province", lang))
        for row, a in zip(rows, agencies):
            row.insert(3, a.get("province") or "")
    table = format_table(headers, rows, options.width, flex=[1, 5] if provinces else [1, 4], color=options.color)
    count = len(agencies)
    key = "table.agencies-count.one" if count == 1 else "table.agencies-count"
    return table + "\n" + message(key, lang, count=count) + "\n"


def _plan_cells(p: Mapping[str, Any], lang: str) -> list[str]:
    number = p["number"]["value"] or p["number"]["as_written"] or "—"
    signed = vn_date(p["date"]["value"]) if p["date"]["value"] else (p["date"]["as_written"] or "—")
    period = p["period"]
    start = vn_date(period["start"]) if period["start"] else message(
        "table.plan-start-read", lang, start=vn_date(period["start_by_default"]),
        interpretation=period["start_interpretation"])
    effective = vn_date(p["effective"]) if p["effective"] else "—"
    return [p["id"], number, signed, p["title"], p["issuer"]["name"] or "", f"{start} – {vn_date(period['end'])}",
            effective]


def _table_plans(data: Mapping[str, Any], options: ReportOptions) -> str:
    lang = options.lang
    plans = data["plans"]
    headers = [message(f"col.{k}", lang) for k in ("id", "number", "signed", "title", "issuer", "plan-period",
                                                    "effective")]
    table = format_table(headers, [_plan_cells(p, lang) for p in plans], options.width, flex=[3],
                         color=options.color)
    return table + "\n" + message("table.plans-count", lang, count=len(plans)) + "\n"


def table_reporter(command: str, data: Mapping[str, Any], options: ReportOptions) -> str:
    if command == "plans":
        return _table_plans(data, options)
    if command == "agencies":
        return _table_agencies(data, options)
    if command == "explain":
        from .explain import explain_text

        return explain_text(data, options.lang, options.width)
    return _table_obligations(command, data, options)


def json_reporter(command: str, data: Mapping[str, Any], options: ReportOptions) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


_CSV_OBLIGATION = ("agency_id", "agency_name", "id", "kind", "role", "title", "due", "literal",
                   "last_working_day", "period", "target_comparator", "target_value", "target_unit", "ref",
                   "quote", "interpretations")


def _csv_text(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    import csv  # CSV only: kept off the JSON query path

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in r] for r in rows)
    return buf.getvalue()


def _quote(source: Mapping[str, Any]) -> str:
    return quote_text(source["quote"] if isinstance(source["quote"], list) else str(source["quote"]))


def csv_reporter(command: str, data: Mapping[str, Any], options: ReportOptions) -> str:
    if command == "plans":
        return _csv_text(("id", "number", "number_as_written", "date", "date_as_written", "title", "issuer",
                          "period_start", "period_end", "effective"),
                         [(p["id"], p["number"]["value"], p["number"]["as_written"], p["date"]["value"],
                           p["date"]["as_written"], p["title"], p["issuer"]["id"],
                           p["period"]["start"] or p["period"]["start_interpretation"], p["period"]["end"],
                           p["effective"]) for p in data["plans"]])
    if command == "agencies":
        if any("province" in a for a in data["agencies"]):  # a library of several provinces: say whose
            return _csv_text(("id", "name", "level", "type", "province", "district", "groups"),
                             [(a["id"], a["name"], a["level"], a["type"], a.get("province") or "",
                               a.get("district") or "", " ".join(a["groups"])) for a in data["agencies"]])
        return _csv_text(("id", "name", "level", "type", "district", "groups"),
                         [(a["id"], a["name"], a["level"], a["type"], a.get("district") or "", " ".join(a["groups"]))
                          for a in data["agencies"]])
    if command == "explain":
        return _csv_text(("id", "period", "literal", "due", "last_working_day"),
                         [(data["obligation"]["id"], d.get("period"), d.get("literal"), d.get("due"),
                           d.get("last_working_day")) for d in data["dates"]["instances"]])
    header = list(_CSV_OBLIGATION) + (["status", "evidence"] if command == "status" else [])
    rows: list[list[Any]] = []
    for a in _answers(data):
        for o in (a["items"] if command == "status" else a["obligations"]):
            t = o.get("target") or {}
            row: list[Any] = [a["agency"]["id"], a["agency"]["name"], o["id"], o["kind"], o["role"], o["title"],
                              o["due"], o["literal"], o["last_working_day"], o["period"], t.get("comparator"),
                              t.get("value"), t.get("unit"), o["source"]["ref"], _quote(o["source"]),
                              " ".join(o["interpretations"])]
            if command == "status":
                evidence = json.dumps(o["evidence"], ensure_ascii=False, sort_keys=True) if o["evidence"] else ""
                row += [o["status"], evidence]
            rows.append(row)
    return _csv_text(header, rows)


ANSWER_REPORTERS: Mapping[str, AnswerReporter] = {
    "table": table_reporter,
    "json": json_reporter,
    "csv": csv_reporter,
}


def render_answer(fmt: str, command: str, data: Mapping[str, Any], options: ReportOptions = ReportOptions()) -> str:
    """``data`` of ``command`` rendered by the reporter named ``fmt`` (KeyError if unknown)."""
    return ANSWER_REPORTERS[fmt](command, data, options)
