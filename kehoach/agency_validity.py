"""Answers for an agency on days it does not exist (before its ``valid_from``, after its ``valid_until``).

The registry says when each agency exists; the plan's duties fall on whoever exists. So an answer
about an agency is cut to the days it exists, and says so with a note, whether the agency was named
by its id or by its name:

* ``obligations`` on a day the agency does not exist: nothing, and the note;
* ``due`` up to a day after the agency ended (or from a day before it began): the obligations due
  while it existed, and the note;
* ``status`` as of a day after it ended: the items due while it existed (a duty without a due date
  only when the agency exists on that day), and the note.

The note codes are ``agency-ended`` (``date`` the day asked, ``end`` the agency's ``valid_until``,
``query`` its name, ``others`` its successors from the registry's ``successors``, each ``(id, name,
how to ask for it)``) and ``agency-not-yet`` (``start`` its ``valid_from``).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date
from typing import Any

from .evaluate import STATUSES, Answer, Note, Obligation, StatusAnswer
from .model import Spec
from .registry import Agency, ask_form

__all__ = ["NOTE_CODES", "cut_answer", "cut_due", "cut_status", "validity_notes"]

NOTE_CODES = ("agency-ended", "agency-not-yet")


def _exists(agency: Agency, day: date | None) -> bool:
    return day is None or agency.valid_on(day)


def validity_notes(spec: Spec, agency: Agency, *days: date | None) -> tuple[Note, ...]:
    """One note per day of ``days`` on which ``agency`` does not exist (each day once)."""
    notes: list[Note] = []
    for day in dict.fromkeys(d for d in days if d is not None):
        if agency.valid_until is not None and day > agency.valid_until:
            successors = tuple((s, spec.registry.agencies[s].name, ask_form(spec.registry.agencies[s]))
                               for s in agency.successors if s in spec.registry.agencies)
            notes.append(Note("agency-ended", day, None, agency.valid_until, agency.name, successors))
        elif agency.valid_from is not None and day < agency.valid_from:
            notes.append(Note("agency-not-yet", day, agency.valid_from, None, agency.name))
    return tuple(notes)


def _used(spec: Spec, answer: Answer | StatusAnswer, obligations: tuple[Obligation, ...]) -> tuple[tuple[str, Any], ...]:
    """The interpretations the kept ``obligations`` use (and the plan start's), as the answer listed them."""
    ids: set[str] = set().union(*(o.interpretations for o in obligations))
    if spec.plan.period_start_is_interpretation:
        ids.add(spec.plan.period_start)
    return tuple((k, v) for k, v in answer.interpretations if k in ids)


def _within(agency: Agency, due: date | None, fallback: date) -> bool:
    """True when an obligation due on ``due`` (None: judged on ``fallback``) falls while ``agency`` exists."""
    return agency.valid_on(due if due is not None else fallback)


def cut_answer(spec: Spec, agency: Agency, answer: Answer, on: date) -> Answer:
    """An ``obligations`` answer on ``on``: nothing when the agency does not exist that day."""
    if _exists(agency, on):
        return answer
    return replace(answer, obligations=(), interpretations=_used(spec, answer, ()),
                   note_items=(*answer.note_items, *validity_notes(spec, agency, on)))


def cut_due(spec: Spec, agency: Agency, answer: Answer, by: date, since: date | None) -> Answer:
    """A ``due`` answer: only the obligations due while the agency exists."""
    if _exists(agency, by) and _exists(agency, since):
        return answer
    kept = tuple(o for o in answer.obligations if _within(agency, o.due, by))
    return replace(answer, obligations=kept, interpretations=_used(spec, answer, kept),
                   note_items=(*answer.note_items, *validity_notes(spec, agency, since, by)))


def cut_status(spec: Spec, agency: Agency, answer: StatusAnswer, as_of: date) -> StatusAnswer:
    """A ``status`` answer: only the items due while the agency exists, counted again."""
    if _exists(agency, as_of):
        return answer
    items = tuple(i for i in answer.items if i.obligation.due is not None and agency.valid_on(i.obligation.due))
    counts = Counter(i.status for i in items)
    return replace(answer, items=items, interpretations=_used(spec, answer, tuple(i.obligation for i in items)),
                   summary=tuple((s, counts.get(s, 0)) for s in STATUSES),
                   note_items=(*answer.note_items, *validity_notes(spec, agency, as_of)))
