"""Scenarios (kind: scenario): expected answers that policy staff pin down, and the runner behind ``kehoach test``.

A scenario file names a plan, optional inline facts and interpretation overrides, and a list of cases.
Each case asks ``due`` / ``obligations`` / ``status`` for one agency on one date and states what the
answer must include, must exclude, how many obligations match, and (for ``status``) the summary.
A case may name a ``group`` instead of an ``agency``: its expectations then hold for every member
agency that exists on the query date (a failure per member that misses), and ``members: N`` pins
how many members there are.

Loading goes through the strict loader and the JSON Schema (:func:`kehoach.validate.validate_paths`);
then semantic checks against the spec (plan id, agency names, expected ids, facts references,
interpretation values) turn into :class:`~kehoach.problems.Problem` values.  Running never raises for
a failing expectation: each becomes a :class:`Mismatch` at the ``file:line:col`` of the expectation.
No printing here; :mod:`kehoach.scenarios_cli` renders.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import KehoachError
from .facts import Facts
from .library import Library
from .loader import Node
from .model import Spec
from .problems import Problem, Severity, sort_problems
from .rules.base import Document

__all__ = [
    "EXPECTATIONS",
    "CaseResult",
    "Mismatch",
    "Scenario",
    "ScenarioRun",
    "default_scenario_dir",
    "scenario_dirs",
    "load_scenarios",
    "matches",
    "render_text",
    "run_case",
    "run_scenarios",
    "run_to_data",
]

EXPECTATIONS = ("includes", "excludes", "counts", "count", "summary", "interpretations_used", "notes", "members")
_SHOWN_FIELDS = ("id", "kind", "role", "period", "due", "literal", "last_working_day", "status")


@dataclass(frozen=True)
class Mismatch:
    """One failing expectation, at the position of the expected item or key."""

    file: str
    line: int
    col: int
    case: str
    expectation: str  # one of EXPECTATIONS, or "error" when the query itself failed
    expected: str  # compact rendering of what was expected
    actual: str  # compact rendering of what the answer holds (the nearest obligation, or why none)
    agency: str = ""  # group cases: the member agency whose answer misses ("" for the case itself)

    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class CaseResult:
    file: str
    line: int
    col: int
    name: str
    query: str
    agency: str  # the agency as given, or the group id of a group case
    failures: tuple[Mismatch, ...]
    group: bool = False

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass(frozen=True)
class ScenarioRun:
    """Every case run (in file order), or the problems that kept scenario files from running."""

    cases: tuple[CaseResult, ...]
    problems: tuple[Problem, ...]
    files: tuple[str, ...]  # every file read (as displayed), scenario or not

    @property
    def passed(self) -> int:
        return sum(1 for c in self.cases if c.passed)

    @property
    def failed(self) -> int:
        return sum(1 for c in self.cases if not c.passed)

    @property
    def valid(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)

    @property
    def ok(self) -> bool:
        return self.valid and self.failed == 0


@dataclass(frozen=True)
class Scenario:
    """One schema-valid scenario document with its facts and file-level assumptions resolved."""

    document: Document
    facts: Facts
    assume: Mapping[str, object]
    spec: Spec | None = None  # the spec of the plan the scenario names (set when loaded from a library)

    @property
    def display(self) -> str:
        return self.document.display

    @property
    def root(self) -> Node:
        node: Node = self.document.root
        return node


# --------------------------------------------------------------------------- loading and checks


def default_scenario_dir(spec_dir: Path) -> Path:
    """Where a spec keeps its scenarios: ``<spec>/scenarios``."""
    return spec_dir / "scenarios"


def scenario_dirs(spec_dir: Path) -> list[Path]:
    """Every ``scenarios`` directory of a library: ``<spec>/scenarios`` and those beside the plans in
    subdirectories (``<spec>/<part>/scenarios``), sorted; no symlinks, no hidden directories."""
    found = []
    for candidate in (spec_dir / "scenarios", *sorted(spec_dir.glob("*/scenarios"))):
        if candidate.is_dir() and not candidate.is_symlink() and not candidate.parent.name.startswith("."):
            found.append(candidate)
    return list(dict.fromkeys(found))


def _facts_of(data: Mapping[str, Any] | None, plan: str, display: str) -> Facts:
    body = dict(data or {})
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
    return Facts.from_data({**body, "plan": plan}, file=display, digest=digest)


def load_scenarios(paths: Sequence[Path], spec: Spec | Library) -> tuple[list[Scenario], list[Problem]]:
    """Scenario documents of ``paths`` (files or directories), strictly loaded and checked against ``spec``.

    Files of other kinds among ``paths`` are validated too but not returned.  Any error problem
    means the scenarios cannot be trusted: callers should not run them.
    """
    scenarios, problems, _ = _load(paths, spec)
    return scenarios, problems


def _load(paths: Sequence[Path], source: Spec | Library) -> tuple[list[Scenario], list[Problem], tuple[str, ...]]:
    from .rules._against_spec import check_against_spec
    from .validate import validate_paths

    result = validate_paths(list(paths))
    problems = list(result.problems)
    scenarios: list[Scenario] = []
    clean = {id(d) for d in result.documents}
    # documents whose own problems leave their shape intact are checked too, so that one run
    # reports every problem of every case; only clean documents can run
    for doc in result.context.documents:
        if doc.kind != "scenario":
            continue
        problems.extend(check_against_spec([doc], source))  # against the plan the scenario names
        spec = _spec_of(doc, source)
        if id(doc) not in clean or spec is None:
            continue
        data = doc.data
        scenarios.append(Scenario(doc, _facts_of(data.get("facts"), spec.plan.id, doc.display),
                                  dict(data.get("assume") or {}), spec))
    return scenarios, sort_problems(problems), tuple(result.files)


# --------------------------------------------------------------------------- matching


def matches(expected: Mapping[str, Any], actual: Mapping[str, Any]) -> bool:
    """True when every field given in ``expected`` equals the actual one (``target``: every sub-field given)."""
    return all(_field_equal(key, value, actual) for key, value in expected.items() if key != "count")


def _field_equal(key: str, value: Any, actual: Mapping[str, Any]) -> bool:
    got = actual.get(key)
    if key == "target" and isinstance(value, Mapping):
        return isinstance(got, Mapping) and all(got.get(k) == v for k, v in value.items())
    if isinstance(value, bool) or isinstance(got, bool):
        return type(value) is type(got) and value == got
    return bool(got == value)


def _flow(value: Any) -> str:
    """A compact YAML-flow-like rendering: ``{id: x, due: 2024-05-30}``."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _brief(actual: Mapping[str, Any]) -> dict[str, Any]:
    return {k: actual[k] for k in _SHOWN_FIELDS if actual.get(k) is not None}


def _nearest(expected: Mapping[str, Any], candidates: Sequence[Mapping[str, Any]]) -> Mapping[str, Any]:
    def score(a: Mapping[str, Any]) -> tuple[int, str, str]:
        same = sum(1 for k, v in expected.items() if k != "count" and _field_equal(k, v, a))
        return (-same, str(a.get("period") or ""), str(a.get("role") or ""))

    return min(candidates, key=score)


def _differences(expected: Mapping[str, Any], actual: Mapping[str, Any]) -> tuple[str, str]:
    wrong = [k for k, v in expected.items() if k != "count" and not _field_equal(k, v, actual)]
    exp = ", ".join(f"{k}: {_flow(expected[k])}" for k in wrong)
    got = ", ".join(f"{k}: {_flow(_shown_actual(k, expected[k], actual))}" for k in wrong)
    where = _flow(_brief(actual))
    return exp, f"{got} (nearest: {where})"


def _shown_actual(key: str, expected: Any, actual: Mapping[str, Any]) -> Any:
    got = actual.get(key)
    if key == "target" and isinstance(expected, Mapping) and isinstance(got, Mapping):
        return {k: got.get(k) for k in expected}
    return got


# --------------------------------------------------------------------------- running


def _records(answer: Any) -> tuple[list[dict[str, Any]], dict[str, int], dict[str, Any], tuple[str, ...]]:
    from .api import obligation_data
    from .evaluate import StatusAnswer

    if isinstance(answer, StatusAnswer):
        rows = [{**obligation_data(i.obligation), "status": i.status} for i in answer.items]
        summary = dict(answer.summary)
    else:
        rows = [obligation_data(o) for o in answer.obligations]
        summary = {}
    for row in rows:
        row["ref"] = row["source"]["ref"]
    return rows, summary, dict(answer.interpretations), tuple(answer.notes)


def _ask(spec: Spec, case: Mapping[str, Any], facts: Facts, assume: Mapping[str, object]) -> Any:
    from . import api

    query = case["query"]
    if "group" in case:
        group = case["group"]
        if query == "due":
            return api.due_for_group(spec, group, case["by"], case.get("since"), assumptions=assume, facts=facts)
        if query == "obligations":
            return api.obligations_for_group(spec, group, case["date"], facts, assumptions=assume)
        return api.status_for_group(spec, group, case["as_of"], facts, assumptions=assume)
    agency = case["agency"]
    if query == "due":
        return api.due(spec, agency, case["by"], case.get("since"), assumptions=assume, facts=facts)
    if query == "obligations":
        return api.obligations(spec, agency, case["date"], facts, assumptions=assume)
    return api.status(spec, agency, case["as_of"], facts, assumptions=assume)


def run_case(scenario: Scenario, index: int, spec: Spec) -> CaseResult:
    """Run case ``index`` of ``scenario`` (already checked by :func:`load_scenarios`)."""
    node = scenario.root.get("cases", index)
    assert node is not None
    case: dict[str, Any] = node.plain()
    name = str(case["name"])
    shown = scenario.display
    facts = scenario.facts
    if case.get("facts"):
        facts = Facts.merge([facts, _facts_of(case["facts"], spec.plan.id, f"{shown}#cases[{index}]")])
    assume = {**scenario.assume, **(case.get("assume") or {})}

    def fail(at: Node, expectation: str, expected: str, actual: str) -> Mismatch:
        return Mismatch(shown, at.line, at.col, name, expectation, expected, actual)

    grouped = "group" in case
    expect = node.get("expect")
    assert expect is not None
    try:
        answer = _ask(spec, case, facts, assume)
    except KehoachError as exc:
        failures: tuple[Mismatch, ...] = (fail(node, "error", "an answer", f"{type(exc).__name__}: {exc}"),)
    else:
        found = list(_judge_group(expect, answer, fail) if grouped else _judge(expect, _records(answer), fail))
        failures = tuple(sorted(found, key=lambda m: (m.line, m.col, m.agency)))
    subject = str(case["group"] if grouped else case["agency"])
    return CaseResult(shown, node.line, node.col, name, str(case["query"]), subject, failures, grouped)


def _judge_group(expect: Node, answers: Sequence[Any], fail: Any) -> Iterable[Mismatch]:
    """Every expectation of ``expect`` judged against each member's answer (failures name the member),
    then ``members`` against the number of answers."""
    from dataclasses import replace

    members = expect.get("members")
    if members is not None and members.value != len(answers):
        yield fail(members, "members", f"{members.value} member agencies", str(len(answers)))
    for answer in answers:
        who = answer.agency.id
        for mismatch in _judge(expect, _records(answer), fail):
            yield replace(mismatch, agency=who, actual=f"{who}: {mismatch.actual}")


def _items(expect: Node, key: str) -> list[Node]:
    found = expect.get(key)
    return list(found.value) if found is not None and isinstance(found.value, list) else []


def _judge(expect: Node, answer: tuple[list[dict[str, Any]], dict[str, int], dict[str, Any], tuple[str, ...]],
           fail: Any) -> Iterable[Mismatch]:
    rows, summary, used, notes = answer
    for item in _items(expect, "includes"):
        wanted = item.plain()
        if any(matches(wanted, r) for r in rows):
            continue
        same_id = [r for r in rows if r["id"] == wanted["id"]]
        if not same_id:
            yield fail(item, "includes", _flow(wanted), f"no obligation with id {wanted['id']} "
                                                        f"(the answer has {len(rows)})")
        else:
            exp, got = _differences(wanted, _nearest(wanted, same_id))
            yield fail(item, "includes", exp, got)
    for item in _items(expect, "excludes"):
        unwanted = item.plain()
        hits = [r for r in rows if matches(unwanted, r)]
        if hits:
            yield fail(item, "excludes", f"no obligation matching {_flow(unwanted)}",
                       f"{len(hits)}: " + "; ".join(_flow(_brief(h)) for h in hits[:3]) + ("; …" if len(hits) > 3 else ""))
    for item in _items(expect, "counts"):
        wanted = item.plain()
        n = sum(1 for r in rows if matches(wanted, r))
        if n != wanted["count"]:
            pattern = {k: v for k, v in wanted.items() if k != "count"}
            yield fail(item, "counts", f"{wanted['count']} matching {_flow(pattern)}", str(n))
    count = expect.get("count")
    if count is not None and count.value != len(rows):
        yield fail(count, "count", f"{count.value} obligations", str(len(rows)))
    summary_node = expect.get("summary")
    if summary_node is not None and isinstance(summary_node.value, dict):
        for status, child in summary_node.value.items():
            if summary.get(status, 0) != child.value:
                yield fail(child, "summary", f"{status}: {child.value}", f"{status}: {summary.get(status, 0)}")
    used_node = expect.get("interpretations_used")
    if used_node is not None and isinstance(used_node.value, dict):
        for key, child in used_node.value.items():
            if key not in used or str(used[key]) != str(child.value):
                got = f"{key}: {used[key]}" if key in used else f"{key} not used"
                yield fail(child, "interpretations_used", f"{key}: {child.value}", got)
    notes_node = expect.get("notes")
    if notes_node is not None and isinstance(notes_node.value, list):
        if not notes_node.value and notes:
            yield fail(notes_node, "notes", "no note", "; ".join(notes))
        for child in notes_node.value:
            if not any(str(child.value) in n for n in notes):
                yield fail(child, "notes", f"a note containing {child.value!r}",
                           "; ".join(notes) if notes else "no note")


def _spec_of(doc: Document, source: Spec | Library) -> Spec | None:
    """The spec of the plan ``doc`` names (one plan's spec is that spec)."""
    if isinstance(source, Spec):
        return source
    plan = doc.data.get("plan") if isinstance(doc.data, dict) else None
    if isinstance(plan, str):
        return source.specs.get(plan)
    return next(iter(source.specs.values())) if len(source.specs) == 1 else None


def run_scenarios(paths: Sequence[Path], source: Spec | Library) -> ScenarioRun:
    """Load, check and run every scenario under ``paths``, each against the plan it names; nothing runs
    when a file is invalid."""
    scenarios, problems, files = _load(paths, source)
    if any(p.severity is Severity.ERROR for p in problems):
        return ScenarioRun((), tuple(problems), files)
    results: list[CaseResult] = []
    for scenario in scenarios:
        cases = scenario.root.get("cases")
        count = len(cases.value) if cases is not None and isinstance(cases.value, list) else 0
        spec = scenario.spec if scenario.spec is not None else _spec_of(scenario.document, source)
        assert spec is not None  # _load keeps only scenarios whose plan is in the source
        results.extend(run_case(scenario, i, spec) for i in range(count))
    return ScenarioRun(tuple(results), tuple(problems), files)


# --------------------------------------------------------------------------- rendering (pure: text out)


def render_text(run: ScenarioRun, *, verbose: bool = False) -> str:
    """``file:line:col: FAIL name: expected … got …`` per failure, then ``N passed, M failed``."""
    lines: list[str] = []
    for case in run.cases:
        if case.passed:
            if verbose:
                lines.append(f"{case.file}:{case.line}:{case.col}: PASS {case.name}")
            continue
        for f in case.failures:
            lines.append(f"{f.location()}: FAIL {f.case}: expected {f.expected}, got {f.actual}")
    lines.append(f"{run.passed} passed, {run.failed} failed")
    return "\n".join(lines) + "\n"


def run_to_data(run: ScenarioRun) -> dict[str, Any]:
    """The JSON shape of ``kehoach test --format json``."""
    return {
        "files": list(run.files),
        "cases": [
            {
                "file": c.file, "line": c.line, "column": c.col, "name": c.name, "query": c.query,
                "agency": c.agency, **({"group": True} if c.group else {}), "passed": c.passed,
                "failures": [
                    {"file": f.file, "line": f.line, "column": f.col, "expectation": f.expectation,
                     "expected": f.expected, "actual": f.actual, **({"agency": f.agency} if f.agency else {})}
                    for f in c.failures
                ],
            }
            for c in run.cases
        ],
        "problems": [p.to_dict() for p in run.problems],
        "summary": {"passed": run.passed, "failed": run.failed},
    }
