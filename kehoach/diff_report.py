"""The ``diff`` envelope (:func:`kehoach.diff.diff_data`) rendered as text, JSON or Markdown.

Markdown is what a policy officer pastes into a tờ trình: one heading per plan and agency, one table row
per changed field, dates as written in Vietnamese documents (DD/MM/YYYY).
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from .formatting import vn_date
from .messages import message

__all__ = ["DIFF_FORMATS", "render_diff"]

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _value(value: Any, lang: str) -> str:
    """A field value as a person reads it: dates DD/MM/YYYY, lists joined, nothing as a dash."""
    if value is None:
        return "—"
    if isinstance(value, list):
        return "; ".join(_value(v, lang) for v in value) if value else "—"
    if isinstance(value, dict):
        return " ".join(str(value[k]) for k in ("indicator", "comparator", "value", "unit") if k in value)
    if isinstance(value, str) and _ISO.match(value):
        return vn_date(value)
    return str(value)


def _groups(data: Mapping[str, Any]) -> dict[tuple[str, str, str], list[Mapping[str, Any]]]:
    out: dict[tuple[str, str, str], list[Mapping[str, Any]]] = {}
    for c in data["changes"]:
        out.setdefault((c["plan"], c["agency"], c["agency_name"]), []).append(c)
    return out


def _versions(data: Mapping[str, Any], lang: str) -> list[str]:
    return [message("diff.version", lang, which=message(f"diff.{w}", lang), source=data[w]["source"],
                    digest=str(data[w]["digest"])[:12]) for w in ("old", "new")]


def _unproven(data: Mapping[str, Any], lang: str) -> list[str]:
    """One line per version that fails some of today's proofs against the text (compared as written)."""
    return [message("diff.unproven", lang, which=message(f"diff.{w}", lang), n=data[w]["unproven"]["count"],
                    codes=", ".join(data[w]["unproven"]["codes"]), source=data[w]["source"])
            for w in ("old", "new") if data[w].get("unproven")]


def _summary(data: Mapping[str, Any], lang: str) -> str:
    if not data["changes"]:
        return message("diff.none", lang)
    return message("diff.summary", lang, n=len(data["changes"]), agencies=len(_groups(data)))


def text_diff(data: Mapping[str, Any], lang: str) -> str:
    lines = _versions(data, lang) + [f"  {u}" for u in _unproven(data, lang)]
    for (plan, agency, name), changes in _groups(data).items():
        lines += ["", message("diff.heading", lang, plan=plan, agency=agency, name=name)]
        for c in changes:
            kind = message(f"diff.change.{c['change']}", lang)
            lines.append(f"  {kind} {c['obligation']}: {c['title']}")
            for field, pair in c["fields"].items():
                label = message(f"diff.field.{field}", lang)
                if c["change"] == "changed":
                    lines.append(f"      {label}: {_value(pair['old'], lang)} → {_value(pair['new'], lang)}")
                elif field in ("due", "role", "periods"):
                    lines.append(f"      {label}: {_value(pair['new'] if c['change'] == 'added' else pair['old'], lang)}")
    lines += ["", _summary(data, lang)]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_diff(data: Mapping[str, Any], lang: str) -> str:
    lines = [f"- {v}" for v in _versions(data, lang)] + [f"- {u}" for u in _unproven(data, lang)]
    head = [message(f"diff.column.{k}", lang) for k in ("obligation", "change", "field", "old", "new")]
    for (plan, agency, name), changes in _groups(data).items():
        lines += ["", "### " + message("diff.heading", lang, plan=plan, agency=f"`{agency}`", name=name), "",
                  "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for c in changes:
            first = f"{c['obligation']} — {_cell(c['title'])}"
            kind = message(f"diff.change.{c['change']}", lang)
            rows = [(f, p) for f, p in c["fields"].items()
                    if c["change"] == "changed" or f in ("due", "role", "periods")] or [("", {"old": None, "new": None})]
            for field, pair in rows:
                label = message(f"diff.field.{field}", lang) if field else ""
                lines.append(f"| {first} | {kind} | {label} | {_cell(_value(pair['old'], lang))} | "
                             f"{_cell(_value(pair['new'], lang))} |")
                first, kind = "", ""
    lines += ["", _summary(data, lang)]
    return "\n".join(lines) + "\n"


def json_diff(data: Mapping[str, Any], lang: str) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


DIFF_REPORTERS: Mapping[str, Callable[[Mapping[str, Any], str], str]] = {
    "text": text_diff, "json": json_diff, "markdown": markdown_diff,
}
DIFF_FORMATS = tuple(DIFF_REPORTERS)


def render_diff(fmt: str, data: Mapping[str, Any], lang: str = "en") -> str:
    return DIFF_REPORTERS[fmt](data, lang)
