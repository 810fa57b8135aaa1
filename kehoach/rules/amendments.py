"""Every amendment is proven by its text and fits the plan it amends.

An amendment (``kind: amendment``) names a plan of the spec (``amends``) and a document of the sources
index; each change quotes the amending text verbatim, names an element of that plan, and says what the
plan said before (``from``: the deadline date, owner or target value as encoded — or as an earlier
amendment left it). A moved deadline's ``phrase`` lies inside its quote and reads as its ``to`` date.

PASS::

    changes:
      - {change: deadline-moved, element: iii-1-bao-cao, from: "2026-12-15", to: "2026-12-20",
         phrase: "trước ngày 20/12/2026", quote: "… gửi báo cáo đến trước ngày 20/12/2026."}

FAIL (``deadline-mismatch``: the phrase says 25/12)::

      - {change: deadline-moved, element: iii-1-bao-cao, from: "2026-12-15", to: "2026-12-20",
         phrase: "trước ngày 25/12/2026", quote: "… đến trước ngày 25/12/2026."}

An added duty (``duty-added``) is written as a duty of the plan: its id is new, its source is the
amending document and quotes it, its owners resolve, its phrase lies in its quote and gives its dates.

Codes: ``unresolved-ref`` (plan, document, element, owner), ``quote-not-found``, ``phrase-not-in-quote``,
``deadline-mismatch``, ``phrase-mismatch``, ``amendment-mismatch`` (``from`` is not what the plan says, or
the element is not of the kind the change needs, or an added duty's id is taken or it cites another
document; an effective date before the amending document's date).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..phrases import check_timing, read_phrase
from ..problems import Problem
from ._plan_common import fold, registry_ids, sources_ids
from .base import Context, Document
from .quotes import closest_passage, find_quote

__all__ = ["RULES", "amendment_changes"]


def _plans(ctx: Context) -> dict[str, Mapping[str, Any]]:
    return {str(d.data["id"]): d.data for d in ctx.of_kind("plan") if isinstance(d.data, dict) and "id" in d.data}


def _element(plan: Mapping[str, Any], element_id: str) -> tuple[str, Mapping[str, Any]] | None:
    for section in ("duties", "requirements", "indicators"):
        for item in plan.get(section) or []:
            if isinstance(item, dict) and item.get("id") == element_id:
                return section, item
    return None


def _node(doc: Document, *keys: Any) -> Any:
    node = doc.root
    for key in keys:
        found = node.get(key) if node is not None else None
        if found is None:
            return node
        node = found
    return node


def _earlier(ctx: Context, doc: Document, element: str, kind: str) -> set[Any]:
    """The ``to`` values other amendments give ``element`` (what a later amendment may start from)."""
    out: set[Any] = set()
    for other in ctx.of_kind("amendment"):
        if other is doc or not isinstance(other.data, dict):
            continue
        for change in other.data.get("changes") or []:
            if isinstance(change, dict) and change.get("element") == element and change.get("change") == kind:
                out.add(change.get("to"))
    return out


def _change(ctx: Context, doc: Document, index: int, change: Mapping[str, Any], plan: Mapping[str, Any],
            text: str | None, agencies: set[str] | None) -> Iterable[Problem]:
    where = ("changes", index)
    quote = str(change.get("quote", ""))
    if text is not None and not find_quote(quote, text):
        passage = closest_passage(quote, text)
        yield ctx.problem(doc, _node(doc, *where, "quote"), "quote-not-found",
                          f"quote of change {index + 1} is not in the text of {doc.data.get('document')}: "
                          f"\"{fold(quote)}\"", hint=f"closest passage: \"{passage}\"" if passage else None)
    kind = change.get("change")
    if kind == "duty-added":
        yield from _added(ctx, doc, where, change, plan, text, agencies)
        return
    element_id = str(change.get("element"))
    found = _element(plan, element_id)
    if found is None:
        yield ctx.problem(doc, _node(doc, *where, "element"), "unresolved-ref",
                          f"change {index + 1} names '{element_id}', which plan '{plan.get('id')}' does not have")
        return
    section, item = found
    if kind in ("deadline-moved", "duty-removed", "owner-changed") and section == "indicators":
        yield ctx.problem(doc, _node(doc, *where, "element"), "amendment-mismatch",
                          f"{kind} needs a duty or requirement; '{element_id}' is an indicator")
        return
    earlier = _earlier(ctx, doc, element_id, str(kind))
    if kind == "deadline-moved":
        timing = item.get("timing") or {}
        if timing.get("kind") != "deadline":
            yield ctx.problem(doc, _node(doc, *where, "element"), "amendment-mismatch",
                              f"deadline-moved needs a deadline; '{element_id}' is {timing.get('kind')}")
            return
        if change.get("from") != timing.get("date") and change.get("from") not in earlier:
            yield ctx.problem(doc, _node(doc, *where, "from"), "amendment-mismatch",
                              f"'{element_id}' is due {timing.get('date')} in the plan, not {change.get('from')}")
        phrase = str(change.get("phrase", ""))
        if fold(phrase) not in fold(quote):
            yield ctx.problem(doc, _node(doc, *where, "phrase"), "phrase-not-in-quote",
                              f"phrase \"{phrase}\" of change {index + 1} is not inside its quote")
        reading = read_phrase(phrase)
        said = reading.date.isoformat() if reading is not None and reading.date is not None else None
        if said is not None and said != change.get("to"):
            yield ctx.problem(doc, _node(doc, *where, "to"), "deadline-mismatch",
                              f"change {index + 1} moves the deadline to {change.get('to')}, "
                              f"but its phrase \"{phrase}\" says {said}")
    elif kind == "owner-changed":
        owners = item.get(str(change.get("role"))) or []
        if change.get("from") not in owners and change.get("from") not in earlier:
            yield ctx.problem(doc, _node(doc, *where, "from"), "amendment-mismatch",
                              f"'{change.get('from')}' is not a {change.get('role')} of '{element_id}'")
        if agencies is not None and change.get("to") not in agencies:
            yield ctx.problem(doc, _node(doc, *where, "to"), "unresolved-ref",
                              f"'{change.get('to')}' is no agency or group of the registry")
    elif kind == "target-changed":
        target = item.get("target") or {}
        if change.get("from") != target.get("value") and change.get("from") not in earlier:
            yield ctx.problem(doc, _node(doc, *where, "from"), "amendment-mismatch",
                              f"the target of '{element_id}' is {target.get('value')} in the plan, "
                              f"not {change.get('from')}")


def _added(ctx: Context, doc: Document, where: tuple[str, int], change: Mapping[str, Any], plan: Mapping[str, Any],
           text: str | None, agencies: set[str] | None) -> Iterable[Problem]:
    """A duty added by the amendment: a new id; its source is the amending document, and its quote is
    there; its owners are agencies, groups or parties; its phrase lies in its quote and gives its dates."""
    duty = change.get("duty")
    if not isinstance(duty, dict):
        return
    at = (*where, "duty")
    ident = str(duty.get("id"))
    if _element(plan, ident) is not None:
        yield ctx.problem(doc, _node(doc, *at, "id"), "amendment-mismatch",
                          f"duty-added names '{ident}', which plan '{plan.get('id')}' already has",
                          hint="give the new duty an id of its own")
    source = duty.get("source") or {}
    if source.get("document") != doc.data.get("document"):
        yield ctx.problem(doc, _node(doc, *at, "source", "document"), "amendment-mismatch",
                          f"the added duty '{ident}' cites '{source.get('document')}', not the amending document "
                          f"'{doc.data.get('document')}'")
    quote = str(source.get("quote", ""))
    if text is not None and source.get("document") == doc.data.get("document") and not find_quote(quote, text):
        passage = closest_passage(quote, text)
        yield ctx.problem(doc, _node(doc, *at, "source", "quote"), "quote-not-found",
                          f"the quote of the added duty '{ident}' is not in the text of {doc.data.get('document')}: "
                          f"\"{fold(quote)}\"", hint=f"closest passage: \"{passage}\"" if passage else None)
    parties = {str(p.get("id")) for p in plan.get("parties") or [] if isinstance(p, dict)}
    for role in ("lead", "coordinate", "receive", "channel"):
        for n, ref in enumerate(duty.get(role) or []):
            if agencies is not None and ref not in agencies and ref not in parties:
                yield ctx.problem(doc, _node(doc, *at, role, n), "unresolved-ref",
                                  f"{role} of the added duty '{ident}': '{ref}' is no agency, group or party")
    timing = duty.get("timing") or {}
    phrase = timing.get("phrase")
    if isinstance(phrase, str) and fold(phrase) not in fold(quote):
        yield ctx.problem(doc, _node(doc, *at, "timing", "phrase"), "phrase-not-in-quote",
                          f"the phrase \"{phrase}\" of the added duty '{ident}' is not inside its quote")
    if timing.get("kind") == "deadline" and isinstance(phrase, str):
        reading = read_phrase(phrase)
        said = reading.date.isoformat() if reading is not None and reading.date is not None else None
        if said is not None and said != timing.get("date"):
            yield ctx.problem(doc, _node(doc, *at, "timing", "date"), "deadline-mismatch",
                              f"the added duty '{ident}' is due {timing.get('date')}, but its phrase "
                              f"\"{phrase}\" says {said}")
    for f in check_timing(timing):
        if f.code != "phrase-not-checked":
            yield ctx.problem(doc, _node(doc, *at, "timing", f.field), "phrase-mismatch",
                              f"timing.{f.field} of the added duty '{ident}': {f.message}")


def amendment_changes(ctx: Context) -> Iterable[Problem]:
    plans = _plans(ctx)
    documents = sources_ids(ctx)
    agencies = registry_ids(ctx)
    texts = {k: fold(v) for k, v in ctx.source_texts.items()}
    for doc in ctx.of_kind("amendment"):
        data = doc.data if isinstance(doc.data, dict) else {}
        plan = plans.get(str(data.get("amends")))
        if plan is None:
            if plans:
                yield ctx.problem(doc, _node(doc, "amends"), "unresolved-ref",
                                  f"amends '{data.get('amends')}', which is no plan of the spec")
            continue
        document = str(data.get("document"))
        if documents is not None and document not in documents:
            yield ctx.problem(doc, _node(doc, "document"), "unresolved-ref",
                              f"document '{document}' is not in the sources index")
        signed = (data.get("date") or {}).get("value")
        if isinstance(signed, str) and str(data.get("effective")) < signed:
            yield ctx.problem(doc, _node(doc, "effective"), "amendment-mismatch",
                              f"effective {data.get('effective')} is before the document's date {signed}")
        for index, change in enumerate(data.get("changes") or []):
            if isinstance(change, dict):
                yield from _change(ctx, doc, index, change, plan, texts.get(document), agencies)


RULES = (amendment_changes,)
