"""Why an agency owes an obligation, and how its dates were computed — as plain data and as text.

:func:`explain` builds language-neutral plain data (the ``--format json`` output of
``kehoach explain``) from the spec alone: the verbatim source, who owes the element in which role
(and through which group, party and interpretation), the interpretations applied with their values
and rationale, and each computed date.  :func:`explain_text` renders it for a person, ending in one
plain sentence (``sentence.vi`` / ``sentence.en`` in the data) that can be pasted into a report.
No I/O, no printing.
"""
from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

from . import evaluate as _ev
from .errors import UnknownObligation
from .formatting import iso, number, quote_text, target_text, vn_date
from .messages import message
from .model import Duty, Indicator, Spec
from .ownership import exclusions, party_reading
from .schedule import Assumptions, plan_start
from .suggest import close_matches
from .timing import EVENT_KINDS, Window, reading_type, schedule

__all__ = ["explain", "explain_text"]

_ROLE_FIELDS = (("lead", "lead"), ("coordinate", "coordinate"), ("receive", "receive"), ("channel", "channel"),
                ("evaluate", "evaluate"))


def _name(spec: Spec, ref: str) -> str:
    if ref in spec.registry.agencies:
        return spec.registry.agencies[ref].name
    if ref in spec.registry.groups:
        return spec.registry.groups[ref].name
    party = spec.plan.party(ref)
    if party is not None:
        return party.phrase
    return ref


def _element(spec: Spec, obligation_id: str) -> Duty | Indicator:
    found = spec.plan.element(obligation_id)
    if found is None:
        ids = list(spec.plan.element_ids())
        raise UnknownObligation(obligation_id, close_matches(obligation_id, ids))
    return found


def _title(spec: Spec, element: Duty | Indicator) -> str:
    if not isinstance(element, Indicator):
        return element.title
    return _ev.indicator_title(spec, element)


def _refs(element: Duty | Indicator) -> list[tuple[str, tuple[str, ...]]]:
    return [(role, tuple(getattr(element, attr, ()) or ())) for role, attr in _ROLE_FIELDS]


def _who(spec: Spec, element: Duty | Indicator, a: Assumptions) -> list[dict[str, Any]]:
    """Every ref of every role, parties expanded through their interpretation to groups."""
    out: list[dict[str, Any]] = []
    for role, refs in _refs(element):
        for ref in refs:
            entry: dict[str, Any] = {"role": role, "ref": ref, "name": _name(spec, ref)}
            reading = party_reading(spec, ref, a)
            if reading is not None:
                entry.update({"interpretation": reading.interpretation, "value": reading.value,
                              "groups": [{"id": g, "name": _name(spec, g)} for g in reading.groups]})
            out.append(entry)
    return out


def _interpretation_ids(spec: Spec, element: Duty | Indicator, a: Assumptions) -> list[str]:
    ids = set(element.interpretations)
    if isinstance(element, Duty) and element.timing.interpretation:
        ids.add(element.timing.interpretation)
    for _, refs in _refs(element):
        for ref in refs:
            party = spec.plan.party(ref)
            if party is not None:
                ids.add(party.interpretation)
    return sorted(ids)


def _interpretations(spec: Spec, ids: list[str], a: Assumptions) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for iid in ids:
        interp = spec.plan.interpretation(iid)
        if interp is None:
            continue
        value = a.get(iid)
        out.append({
            "id": iid, "question": interp.question, "value": value, "default": interp.default,
            "assumed": iid in a.overridden, "meaning": dict(interp.choices).get(str(value), ""),
            "verified": interp.verified or iid in a.overridden,
            "rationale": " ".join(interp.rationale.split()),
        })
    return out


def _dates(spec: Spec, element: Duty | Indicator, a: Assumptions) -> dict[str, Any]:
    cal = _ev.spec_calendar(spec)
    start, end = plan_start(spec.plan, a), spec.plan.period_end
    base: dict[str, Any] = {"plan_start": start.isoformat(), "plan_end": end.isoformat()}
    if isinstance(element, Indicator):
        judged_on = _ev.target_instances(spec, element, a)
        iid = next((i for i in element.interpretations
                    if (interp := spec.plan.interpretation(i)) is not None and interp.value_type == "date"
                    and i != spec.plan.period_start), None)
        target = element.target
        return {**base, "timing": "target", "interpretation": iid, "reading": a.get(iid) if iid else None,
                "target": None if target is None else {
                    "comparator": _ev.target_comparator(spec, element, a), "value": number(target.value), "unit": element.unit, "as_written": target.as_written},
                "instances": [] if target is None else [
                    {"period": label, "literal": None, "due": judged.isoformat(),
                     "last_working_day": cal.last_working_day_on_or_before(judged).isoformat()}
                    for label, judged in judged_on]}
    t = element.timing
    reading = a.get(t.interpretation) if t.interpretation else None
    common = {**base, "timing": t.kind, "phrase": t.phrase, "interpretation": t.interpretation, "reading": reading}
    if t.kind in EVENT_KINDS:
        trig = spec.plan.trigger(t.trigger or "")
        out = {**common, "trigger": {"id": t.trigger, "description": trig.description if trig else ""},
               "instances": []}
        if t.kind == "relative":
            out.update(days=t.days, unit=t.unit, scope=t.scope)
        elif t.scope != "all":
            out["scope"] = t.scope
        return out
    found = schedule(t, reading, Window(start, end, cal, reading_type=reading_type(spec.plan, t)))
    dated = [i for i in found if i.due is not None]
    instances = [{"period": i.period, "literal": iso(i.literal), "due": iso(i.due),
                  "last_working_day": iso(i.last_working_day),
                  "due_is_working_day": cal.is_working_day(i.due),
                  **({"window_start": iso(i.window_start)} if t.kind == "window" else {})}
                 for i in dated if i.due is not None]
    if t.kind == "recurring":
        given: dict[str, Any] = {"day": {"month": t.day[0], "day": t.day[1]}} if t.day is not None else {}
        if reading_type(spec.plan, t) == "period-day":
            given["reading_type"] = "period-day"
        return {**common, "frequency": t.frequency, **given, "instances": instances}
    if t.kind == "window":
        return {**common, "start": iso(t.start), "end": iso(t.end),
                "judged": all(i.judged for i in found), "instances": instances}
    return {**common, "instances": instances}


def _owes(spec: Spec, element: Duty | Indicator, agency_id: str, a: Assumptions) -> list[dict[str, Any]]:
    """The roles in which ``agency_id`` owes the element, with the chain that explains each."""
    seen: dict[str, dict[str, Any]] = {}
    # the evaluator's own instances, so explain can never disagree with due/obligations/status
    for o in _ev.instances(spec, agency_id, a):
        if o.id != element.id or o.role in seen:
            continue
        chain = [{"id": x, "name": f"{x}={a.get(x)}" if spec.plan.interpretation(x) is not None
                  else _name(spec, x)} for x in o.via]
        seen[o.role] = {"role": o.role, "via": chain}
    return [seen[r] for r in _ev.ROLES if r in seen]


def _source(spec: Spec, element: Duty | Indicator) -> dict[str, Any]:
    s = element.source
    doc = spec.sources.get(s.document, {})
    return {"document": s.document, "document_title": doc.get("title"),
            "document_number": doc.get("number_as_written") or doc.get("number"),
            "issuer": doc.get("issuer"), "ref": s.ref, "bullet": s.bullet,
            "quote": list(s.quote)}


def _parts(spec: Spec, element: Duty | Indicator, a: Assumptions) -> list[dict[str, Any]]:
    """The rows of a heading row of an appendix table (an indicator without a target of its own whose
    sub-rows name it as ``parent``), in plan order, each with its target; empty for any other element."""
    if not isinstance(element, Indicator) or element.target is not None:
        return []
    out: list[dict[str, Any]] = []
    for child in spec.plan.indicators:
        if child.parent != element.id:
            continue
        t = child.target
        target = None if t is None else {
            "comparator": _ev.target_comparator(spec, child, a),
            "value": number(t.value), "unit": child.unit,
            "as_written": t.as_written}
        out.append({"id": child.id, "ref": child.source.ref, "name": child.name, "target": target})
    return out


def explain(spec: Spec, obligation_id: str, agency_id: str | None = None,
            assumptions: Assumptions | Mapping[str, object] | list[str] | None = None) -> dict[str, Any]:
    """Plain data explaining ``obligation_id`` (a duty, requirement or indicator id), optionally for one agency.

    A heading row of an appendix table (``pl-1-6``: no target of its own, its sub-rows carry the
    targets) has ``"heading": true`` and its sub-rows in ``"parts"`` (id, ref, name, target); it owes
    nothing by itself, so its ``owed_by``, ``interpretations`` and date instances are empty, its kind
    is ``heading`` and its sentence points at the parts.  Any other element has ``"heading": false``
    and ``"parts": []``.

    Raises :class:`UnknownObligation` (with close ids as suggestions) when the id is not in the plan.
    """
    element = _element(spec, obligation_id)
    a = assumptions if isinstance(assumptions, Assumptions) else Assumptions.for_plan(spec.plan, assumptions)
    parts = _parts(spec, element, a)
    heading = bool(parts)
    dates = _dates(spec, element, a)
    if heading:
        dates = {"plan_start": dates["plan_start"], "plan_end": dates["plan_end"], "timing": "heading",
                 "instances": []}
    data: dict[str, Any] = {
        "obligation": {"id": element.id,
                       "element": "indicator" if isinstance(element, Indicator) else element.element,
                       "title": _title(spec, element),
                       "kind": dates["timing"]},
        "source": _source(spec, element),
        "spec": {"plan": spec.plan.id, "version": spec.plan.version, "digest": spec.digest},
        "agency": None,
        "heading": heading,
        "parts": parts,
        "owed_by": [] if heading else _who(spec, element, a),
        "interpretations": [] if heading else _interpretations(spec, _interpretation_ids(spec, element, a), a),
        "dates": dates,
    }
    if agency_id is not None:
        ag = spec.registry.agency(agency_id)
        roles = [] if heading else _owes(spec, element, agency_id, a)
        data["agency"] = {"id": ag.id, "name": ag.name, "roles": roles}
        left_out = exclusions(spec, agency_id, _refs(element), a)
        if left_out:
            data["agency"]["excluded_from"] = [{"role": r, "id": g, "name": _name(spec, g)} for r, g in left_out]
    data["unverified"] = [i["id"] for i in data["interpretations"] if not i["verified"]]
    data["sentence"] = {"en": _sentence(data, "en"), "vi": _sentence(data, "vi")}
    return data


# --------------------------------------------------------------------------- text

def _monthly_interpreted(dates: Mapping[str, Any]) -> bool:
    """A monthly duty whose day is a day-of-month reading (the text gives none): "by day N of each month"."""
    return ((dates.get("frequency") or "monthly") == "monthly" and "day" not in dates
            and dates.get("reading") is not None and dates.get("reading_type") != "period-day")


def _when(data: Mapping[str, Any], lang: str) -> str:
    dates = data["dates"]
    inst = dates["instances"]
    kind = dates["timing"]
    show = vn_date if lang == "vi" else str  # dates as Vietnamese documents write them
    if kind == "deadline" and inst and not dates["interpretation"]:
        i = inst[0]
        return message("explain.when.deadline-plain", lang, phrase=dates["phrase"], due=show(i["due"]),
                       lwd=show(i["last_working_day"]))
    if kind == "deadline" and inst:
        i = inst[0]
        return message("explain.when.deadline", lang, phrase=dates["phrase"], due=show(i["due"]),
                       lwd=show(i["last_working_day"]), interp=dates["interpretation"], reading=dates["reading"])
    if kind == "recurring" and inst and _monthly_interpreted(dates):
        unverified = message("explain.when.unverified", lang, interp=dates["interpretation"]) \
            if dates["interpretation"] in data.get("unverified", ()) else ""
        return message("explain.when.recurring", lang, phrase=dates["phrase"], reading=dates["reading"],
                       first=inst[0]["period"], last=inst[-1]["period"], unverified=unverified)
    if kind == "recurring" and inst:
        freq = dates.get("frequency") or "monthly"
        return message("explain.when.recurring-period", lang, phrase=dates["phrase"],
                       period=message(f"frequency.{freq}", lang),
                       first_due=show(inst[0]["due"]), first=inst[0]["period"], last=inst[-1]["period"])
    if kind == "window" and inst:
        planned = "" if dates.get("judged", True) else message("explain.when.planned", lang)
        return message("explain.when.window", lang, phrase=dates["phrase"], start=show(inst[0]["window_start"]),
                       end=show(inst[0]["due"]), planned=planned)
    if kind == "on-request":
        return message("explain.when.on-request", lang, phrase=dates["phrase"], start=show(dates["plan_start"]),
                       end=show(dates["plan_end"]))
    if kind == "relative":
        return message("explain.when.relative", lang, phrase=dates["phrase"], days=dates["days"],
                       unit=message(f"unit.{dates['unit']}", lang), event=dates["trigger"]["description"])
    if kind == "triggered":
        return message("explain.when.triggered", lang, phrase=dates["phrase"],
                       event=dates["trigger"]["description"])
    if kind == "target" and inst and dates.get("target"):
        if inst[0]["period"] is not None:
            return message("explain.when.target-yearly", lang, target=target_text(dates["target"]),
                           first=show(inst[0]["due"]), last=show(inst[-1]["due"]))
        return message("explain.when.target", lang, target=target_text(dates["target"]), due=show(inst[0]["due"]))
    return message("explain.when.continuous", lang, start=show(dates["plan_start"]), end=show(dates["plan_end"]))


def _heading_sentence(data: Mapping[str, Any], lang: str) -> str:
    """"This row is a heading: its targets are in PL.1.6.1, PL.1.6.2 and PL.1.6.3." """
    refs = [p["ref"] for p in data["parts"]]
    joined = refs[0] if len(refs) == 1 else \
        ", ".join(refs[:-1]) + message("explain.verb.and", lang) + refs[-1]
    return message("explain.heading", lang, parts=joined)


def _sentence(data: Mapping[str, Any], lang: str) -> str:
    if data.get("heading"):
        return _heading_sentence(data, lang)
    src = data["source"]
    title = data["obligation"]["title"]
    doc = src.get("document_title") or src["document"]
    issuer = f" ({src['issuer']})" if src.get("issuer") else ""
    agency = data.get("agency")
    if agency is not None:
        roles = [r["role"] for r in agency["roles"]]
        if not roles:
            return message("explain.not-owed", lang, agency=agency["name"])
        who = agency["name"]
    else:
        leads = [w["name"] for w in data["owed_by"] if w["role"] == "lead"]
        roles = ["lead"] if leads else sorted({w["role"] for w in data["owed_by"]})[:1]
        who = ", ".join(leads) if leads else ", ".join(w["name"] for w in data["owed_by"] if w["role"] in roles)
    verbs = message("explain.verb.and", lang).join(message(f"explain.verb.{r}", lang) for r in roles)
    sentence = message("explain.sentence", lang, ref=src["ref"], doc=doc, issuer=issuer, who=who, verbs=verbs,
                       title=title, when=_when(data, lang))
    dates = data["dates"]
    named = {dates.get("interpretation")} if dates["timing"] == "recurring" and _monthly_interpreted(dates) else set()
    rest = [i for i in data.get("unverified", ()) if i not in named]  # the monthly day says so itself
    if rest:
        sentence += message("explain.unverified", lang, ids=", ".join(rest))
    return sentence


def _date_lines(data: Mapping[str, Any], lang: str) -> list[str]:
    dates = data["dates"]
    inst = dates["instances"]
    kind = dates["timing"]
    interp, reading = dates.get("interpretation"), dates.get("reading")
    if kind == "deadline" and inst:
        i = inst[0]
        lines = [message("explain.date.literal", lang, phrase=dates["phrase"], literal=i["literal"]),
                 message("explain.date.due", lang, interp=interp, reading=reading, due=i["due"]) if interp
                 else message("explain.date.due-plain", lang, due=i["due"])]
        same = i["last_working_day"] == i["due"]
        lines.append(message("explain.date.lwd-same" if same else "explain.date.lwd-moved", lang,
                             lwd=i["last_working_day"], due=i["due"]))
        return lines
    if kind == "recurring" and inst and not _monthly_interpreted(dates):
        freq = dates.get("frequency") or "monthly"
        lines = [message("explain.date.recurring-period", lang, phrase=dates["phrase"],
                         period=message(f"frequency.{freq}", lang),
                         n=len(inst), first=inst[0]["due"], last=inst[-1]["due"])]
        lines += [f"  {i['period']}: {i['due']}" + ("" if i["last_working_day"] == i["due"]
                                                    else f" → {i['last_working_day']}") for i in inst]
        return lines
    if kind == "window" and inst:
        planned = "" if dates.get("judged", True) else message("explain.when.planned", lang)
        i = inst[0]
        lines = [message("explain.date.window", lang, phrase=dates["phrase"], start=i["window_start"], end=i["due"],
                         planned=planned)]
        same = i["last_working_day"] == i["due"]
        lines.append(message("explain.date.lwd-same" if same else "explain.date.lwd-moved", lang,
                             lwd=i["last_working_day"], due=i["due"]))
        return lines
    if kind == "on-request":
        return [message("explain.date.on-request", lang, phrase=dates["phrase"])]
    if kind == "relative":
        return [message("explain.date.relative", lang, phrase=dates["phrase"], event=dates["trigger"]["description"],
                        days=dates["days"], unit=message(f"unit.{dates['unit']}", lang))]
    if kind == "recurring" and inst:
        lines = [message("explain.date.recurring", lang, phrase=dates["phrase"], reading=reading, interp=interp,
                         n=len(inst), first=inst[0]["due"], last=inst[-1]["due"])]
        lines += [f"  {i['period']}: {i['due']}" + ("" if i["last_working_day"] == i["due"]
                                                    else f" → {i['last_working_day']}") for i in inst]
        return lines
    if kind == "triggered":
        return [message("explain.date.triggered", lang, phrase=dates["phrase"], event=dates["trigger"]["description"],
                   interp=interp, reading=reading)]
    if kind == "target":
        if not inst or not dates.get("target"):
            return [message("explain.date.no-target", lang)]
        if len(inst) > 1 or inst[0]["period"] is not None:
            return [message("explain.date.target-yearly", lang, target=target_text(dates["target"]), n=len(inst),
                            first=inst[0]["due"], last=inst[-1]["due"])] + [
                f"  {i['period']}: {i['due']}" + ("" if i["last_working_day"] == i["due"]
                                                  else f" → {i['last_working_day']}") for i in inst]
        if interp is None:
            return [message("explain.date.target-plain", lang, target=target_text(dates["target"]),
                            due=inst[0]["due"], lwd=inst[0]["last_working_day"])]
        return [message("explain.date.target", lang, target=target_text(dates["target"]), due=inst[0]["due"],
                        interp=interp, reading=reading, lwd=inst[0]["last_working_day"])]
    return [message("explain.date.continuous", lang, start=dates["plan_start"], end=dates["plan_end"])]


def explain_text(data: Mapping[str, Any], lang: str = "en", width: int = 100) -> str:
    """The explanation for a person: source, who and why, interpretations, dates, one sentence."""
    def para(text: str, indent: str = "  ") -> list[str]:
        return textwrap.wrap(text, max(width, 40), initial_indent=indent, subsequent_indent=indent) or [indent]

    src = data["source"]
    ob = data["obligation"]
    out = [f"{message('explain.obligation', lang)}: {ob['title']} [{ob['id']}]", ""]
    bullet = message("explain.bullet", lang, n=src["bullet"]) if src.get("bullet") else ""
    where = message("explain.section", lang, ref=src["ref"]) + bullet
    title = f"“{src['document_title']}”" if src.get("document_title") else None
    doc = " ".join(x for x in (src.get("document_number"), title) if x) or src["document"]
    out.append(f"{message('explain.source', lang)}: {where}, {doc} [{src['document']}]")
    quotes = src["quote"] if isinstance(src["quote"], list) else [src["quote"]]
    out += para(f"“{quote_text(quotes)}”")
    if data.get("amendments"):
        shown = "; ".join(message("head.amendment", lang, id=a["id"], number=a["number"],
                                  effective=vn_date(a["effective"])) for a in data["amendments"])
        out.append(message("head.amendments", lang, amendments=shown))
    if data.get("heading"):  # a heading row owes nothing itself: no owner, dates or sentence
        out += [""] + para(_heading_sentence(data, lang), "")
        for p in data["parts"]:
            target = target_text(p["target"])
            out += para(f"{p['ref']}: {p['name']}{f' ({target})' if target else ''} [{p['id']}]")
        return "\n".join(out) + "\n"
    out += ["", f"{message('explain.who', lang)}:"]
    for w in data["owed_by"]:
        role = message(f"explain.role.{w['role']}", lang)
        line = f"{role}: {w['name']} [{w['ref']}]"
        if "interpretation" in w:
            groups = ", ".join(f"{g['name']} [{g['id']}]" for g in w["groups"])
            line += f" → {w['interpretation']}={w['value']} → {groups}"
        out += para(line)
    agency = data.get("agency")
    if agency is not None:
        out += ["", f"{message('explain.why', lang, agency=agency['name'])}:"]
        if not agency["roles"]:
            out += para(message("explain.not-owed", lang, agency=agency["name"]))
        for x in agency.get("excluded_from", ()):
            out += para(message("explain.excluded", lang, agency=agency["name"], group=f"{x['name']} [{x['id']}]",
                                role=message(f"explain.role.{x['role']}", lang)))
        for r in agency["roles"]:
            chain = " → ".join(f"{c['name']} [{c['id']}]" for c in r["via"]) if r["via"] \
                else message("explain.named", lang)
            role = message(f"explain.role.{r['role']}", lang)
            out += para(f"{role}: {message('explain.via', lang) + ' ' if r['via'] else ''}{chain}")
    if data["interpretations"]:
        out += ["", f"{message('explain.interpretations', lang)}:"]
        for i in data["interpretations"]:
            how = message("interpretation.assumed" if i["assumed"] else "interpretation.default", lang)
            if not i["verified"]:
                how += ", " + message("interpretation.unverified", lang)
            out += para(f"{i['id']} = {i['value']} ({how}){': ' + i['meaning'] if i['meaning'] else ''}")
            out += para(i["question"], "      ")
            if i["rationale"]:
                out += para(i["rationale"], "      ")
    out += ["", f"{message('explain.dates', lang)}:"]
    for line in _date_lines(data, lang):
        out += para(line)
    out += ["", f"{message('explain.in-sum', lang)}:"]
    out += para(data["sentence"][lang])
    return "\n".join(out) + "\n"
