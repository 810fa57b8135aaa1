"""The public Python API: load a spec and facts, resolve agencies, ask due/obligations/status.

Heavy imports (yaml, jsonschema, holidays) happen only inside the functions that need them.
"""
from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import evaluate as _ev
from . import queries
from .agency_validity import cut_answer, cut_due, cut_status
from .calendar import Calendar
from .dates import DateLike, parse_date
from .errors import (
    InvalidArgument,
    InvalidAssumption,
    InvalidDate,
    InvalidFacts,
    PathRefused,
    SpecError,
    UnknownPlan,
)
from .evaluate import Answer, GroupAnswers, Note, Obligation, StatusAnswer, StatusItem
from .formatting import iso, number
from .guarded import read_file, refusal_problem
from .library import Library
from .messages import message, shorten
from .model import Spec
from .problems import Problem, Severity
from .registry import Registry
from .resources import EXAMPLE_FACTS
from .subjects import resolve_agency, resolve_group

if TYPE_CHECKING:
    from .facts import Facts

__all__ = [
    "agencies",
    "explain",
    "due",
    "due_for_group",
    "example_facts_path",
    "gather_facts",
    "load_example_facts",
    "load_facts",
    "load_library",
    "load_spec",
    "load_version",
    "obligations",
    "obligations_for_group",
    "parse_date",
    "plans",
    "resolve_agency",
    "resolve_group",
    "status",
    "status_for_group",
    "to_json_data",
]

_A = TypeVar("_A", Answer, StatusAnswer)


def _date_arg(function: str, name: str, value: object) -> date:
    """``value`` as a date for the argument ``name`` of ``function`` (see :func:`parse_date`)."""
    if isinstance(value, (str, date)):
        return parse_date(value)
    raise InvalidArgument(function, name, "a date or text YYYY-MM-DD / DD/MM/YYYY", value)


def _source_arg(function: str, source: object) -> Spec | Library:
    if not isinstance(source, (Spec, Library)):
        raise InvalidArgument(function, "spec", "a Spec (from load_spec) or a Library", source)
    return source


def _flag_arg(function: str, name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidArgument(function, name, "True or False", value)
    return value


def _path_arg(function: str, name: str, value: object) -> Path:
    """A path argument: text or an ``os.PathLike`` naming something (never empty)."""
    if isinstance(value, Path):
        text = str(value)
    elif isinstance(value, str):
        text = value
    elif isinstance(value, os.PathLike) and isinstance(os.fspath(value), str):
        text = os.fspath(value)
    else:
        raise InvalidArgument(function, name, "a path (text or pathlib.Path)", value)
    if not text.strip():
        raise InvalidArgument(function, name, "a path (text or pathlib.Path)", value,
                              f"{function}(): {name} is an empty path")
    if "\x00" in text:
        raise InvalidArgument(function, name, "a path (text or pathlib.Path)", value,
                              f"{function}(): {name} contains a NUL character")
    return Path(text)


def _group_arg(function: str, group: object) -> str | None:
    if group is not None and not isinstance(group, str):
        raise InvalidArgument(function, "group", "a group id or name, or None (the whole province)", group)
    return group


def _plans_arg(function: str, plans: object) -> list[str] | None:
    if plans is None or isinstance(plans, str):
        return _plans(plans)
    if isinstance(plans, (list, tuple)) and all(isinstance(p, str) for p in plans):
        return _plans(plans)
    raise InvalidArgument(function, "plans", "a plan id, a list of plan ids, or None", plans)


def _province_arg(function: str, province: object) -> str | None:
    if province is not None and not isinstance(province, str):
        raise InvalidArgument(function, "province", "a province (registry) id, or None", province)
    return province



_KINDS = ("plan", "registry", "sources", "amendment")
"""The document kinds a library is built from (facts and scenarios are checked, not loaded)."""


def _plain_documents(root: Path, allowed: frozenset[str] = frozenset(),
                     found: list[Problem] | None = None) -> dict[str, list[Any]]:
    """The validated documents of ``root`` by kind; :class:`SpecError` for any error whose code is not
    ``allowed`` (the allowed ones are added to ``found``)."""
    from .validate import validate_paths

    result = validate_paths([root], spec_root=root)
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    if any(p.code not in allowed for p in errors):
        raise SpecError(errors)
    if found is not None:
        found.extend(errors)
    docs: dict[str, list[Any]] = {}
    for d in result.documents:
        if d.kind in _KINDS:
            docs.setdefault(d.kind, []).append(d.data)
    return docs


def load_version(path: str | Path) -> tuple[Library, tuple[Problem, ...]]:
    """A version of a spec directory to compare (``kehoach diff``): the library, validated, and the
    problems of today's proofs against the text (:data:`kehoach.rules.PROOF_CODES`) it fails.

    A version committed under weaker proofs still answers as it was written: when every error is one
    of those proofs, the library is built from its (schema-valid, resolvable) documents and the
    problems are returned; any other error raises :class:`SpecError` as :func:`load_library` does.
    """
    from .rules import PROOF_CODES

    root = _spec_root("load_version", path)
    assert root is not None
    _refuse_odd_root(root)
    try:
        findings: list[Problem] = []
        docs = _plain_documents(root, allowed=PROOF_CODES, found=findings)
        return _library_of(root, docs), tuple(findings)
    except OSError as exc:
        raise SpecError([Problem(str(root), 1, 1, "unreadable", f"cannot read the spec: {exc.strerror or exc}")]) from None


def load_spec(
    path: str | Path | None = None,
    *,
    plan: str | None = None,
    calendar: Calendar | None = None,
    validate: bool = True,
    use_cache: bool = True,
) -> Spec:
    """The spec of one plan of a spec directory (``None``: the bundled spec): ``plan``, or the only plan
    the directory holds (:class:`UnknownPlan` naming the plans when it holds several and none is named).

    See :func:`load_library` for validation, caching and the other arguments.
    """
    if plan is not None and not isinstance(plan, str):
        raise InvalidArgument("load_spec", "plan", "a plan id or None", plan)
    library = _checked_library("load_spec", path, calendar, validate, use_cache)
    if plan is not None:
        return library.spec(plan)
    if len(library.specs) != 1:
        raise UnknownPlan("", [], tuple(library.specs))
    return next(iter(library.specs.values()))


def load_library(
    path: str | Path | None = None,
    *,
    calendar: Calendar | None = None,
    validate: bool = True,
    use_cache: bool = True,
) -> Library:
    """Load and validate a spec directory (``None``: the bundled spec) as a library of its plans
    (see :func:`_load_library` for validation and caching).

    Arguments of the wrong type raise :class:`InvalidArgument` at once (an empty path included); a
    directory that holds neither a plan file nor a registry file (``/``, ``/proc/self``) is refused
    before anything under it is read, and a file that cannot be read is a problem of the
    :class:`SpecError`, never an ``OSError``.
    """
    return _checked_library("load_library", path, calendar, validate, use_cache)


def _checked_library(function: str, path: object, calendar: object, validate: object, use_cache: object) -> Library:
    root = _spec_root(function, path)
    if calendar is not None and not isinstance(calendar, Calendar):
        raise InvalidArgument(function, "calendar", "a Calendar or None", calendar)
    _flag_arg(function, "validate", validate)
    _flag_arg(function, "use_cache", use_cache)
    try:
        return _load_library(root, calendar=calendar, validate=bool(validate), use_cache=bool(use_cache))
    except OSError as exc:
        shown = str(root) if root is not None else "<bundled spec>"
        raise SpecError([Problem(shown, 1, 1, "unreadable", f"cannot read the spec: {exc.strerror or exc}")]) from None


def _spec_root(function: str, path: object) -> Path | None:
    """``path`` of :func:`load_library` checked: ``None`` (the bundled spec) or a path; a directory must
    hold a plan file or a registry file, itself or one level down (:func:`kehoach.validate.spec_markers`)."""
    if path is None:
        return None
    root = _path_arg(function, "path", path)
    try:
        if root.is_symlink():
            raise SpecError([Problem(str(root), 1, 1, "not-followed", "symbolic link not followed",
                                     hint="point kehoach at the real spec directory")])
        if not root.is_dir():
            return root  # refused with its own message by _load_library
    except OSError as exc:  # a name too long, a component that cannot be searched…
        raise SpecError([Problem(shorten(str(root)), 1, 1, "not-found",
                                 f"cannot use this path: {exc.strerror or exc}")]) from None
    from .validate import spec_markers

    if not any(spec_markers(root)):
        raise SpecError([Problem(str(root), 1, 1, "missing-document", f"no {kind} document in the spec")
                         for kind in ("plan", "registry")])
    return root


def _load_library(
    path: str | Path | None = None,
    *,
    calendar: Calendar | None = None,
    validate: bool = True,
    use_cache: bool = True,
) -> Library:
    """Load and validate a spec directory (``None``: the bundled spec) as a library of its plans.

    Raises :class:`kehoach.errors.SpecError` listing every problem when the spec is invalid.
    ``calendar`` lets a caller pass a cached :class:`Calendar`; otherwise one is built for every year of
    every plan's period (and the years around them). ``validate=False`` skips validation (only for a
    spec already validated).

    A spec directory given as a symbolic link is refused (``not-followed``), as ``validate`` refuses
    it, whether or not the spec is cached.

    A validated spec is cached on disk (see :mod:`kehoach.cache`) under a key that covers its files'
    bytes, the kehoach code and the versions of the libraries that shape validation and answers, so
    the next load skips YAML parsing, schema and rule checks and the ``holidays`` import. An entry
    whose content is not exactly what this code writes is a miss. ``use_cache=False`` (or
    ``KEHOACH_CACHE_DIR=``) bypasses it.
    """
    from .cache import entry_key, spec_digest, spec_files
    from .resources import bundled_spec_dir

    root = Path(path) if path is not None else bundled_spec_dir()
    _refuse_odd_root(root)
    digest = spec_digest(root)  # also covers symlinks/FIFOs, which validation rejects
    cached = use_cache and validate and calendar is None
    key = entry_key("spec", digest) if cached else ""
    if cached:
        hit = _spec_from_cache(key, digest)
        if hit is not None:
            return hit
    if validate:
        docs = _plain_documents(root)
    else:
        import yaml

        docs = {}
        for p in spec_files(root):
            if p.suffix in (".yaml", ".yml"):
                data = yaml.load(p.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
                if isinstance(data, dict) and data.get("kind") in _KINDS:
                    docs.setdefault(str(data["kind"]), []).append(data)
    library = _library_of(root, docs, digest)
    if calendar is None:
        calendar = Calendar.for_years(_ev.calendar_years(*(s.plan for s in library.specs.values())))
        if cached:
            _spec_to_cache(key, docs, calendar, library.registry)
    return library.with_calendar(calendar)


def _refuse_odd_root(root: Path) -> None:
    """:class:`SpecError` for a spec directory given as a symbolic link, or that is not a directory."""
    if root.is_symlink():
        raise SpecError([Problem(str(root), 1, 1, "not-followed", "symbolic link not followed")])
    if not root.is_dir():
        what = "is a file, not a spec directory" if root.is_file() else "spec directory not found"
        raise SpecError([Problem(str(root), 1, 1, "not-found", what)])


def _library_of(root: Path, docs: Mapping[str, list[Any]], digest: str | None = None) -> Library:
    """The library of a spec directory's documents (by kind), with its calendar when ``digest`` is None."""
    from .cache import spec_digest

    missing = [k for k in ("plan", "registry") if not docs.get(k)]
    if missing:
        raise SpecError([Problem(str(root), 1, 1, "missing-document", f"no {k} document in the spec") for k in missing])
    library = Library.build(docs["plan"], docs["registry"], docs.get("sources", []),
                            digest=spec_digest(root) if digest is None else digest,
                            amendments=docs.get("amendment", []))
    if digest is not None:
        return library
    return library.with_calendar(Calendar.for_years(_ev.calendar_years(*(s.plan for s in library.specs.values()))))


_SPEC_ENTRY_KEYS = frozenset({"documents", "calendar", "registry_index"})
_CALENDAR_KEYS = frozenset({"source", "years", "days_off", "working_weekend_days"})


def _spec_to_cache(key: str, docs: Mapping[str, list[Any]], calendar: Calendar, registry: Registry) -> None:
    from .cache import write_entry

    documents = {kind: docs[kind] for kind in _KINDS if kind in docs}
    write_entry(key, {"documents": documents, "calendar": calendar.to_data(), "registry_index": registry.index_data()})


def _spec_from_cache(key: str, digest: str) -> Library | None:
    """The library stored under ``key``, or None when there is none or anything in it is not what
    :func:`_spec_to_cache` writes (shape, types, calendar dates, a name index of other agencies)."""
    from .cache import read_entry

    entry = read_entry(key)
    if not isinstance(entry, dict) or set(entry) != _SPEC_ENTRY_KEYS:
        return None
    docs = entry["documents"]
    if not isinstance(docs, dict) or not {"plan", "registry"} <= set(docs) <= set(_KINDS):
        return None
    for kind, items in docs.items():
        if not isinstance(items, list) or not items:
            return None
        if not all(isinstance(doc, dict) and doc.get("kind") == kind for doc in items):
            return None
    calendar = _calendar_from_cache(entry["calendar"])
    if calendar is None:
        return None
    try:
        library = Library.build(docs["plan"], docs["registry"], docs.get("sources", []), digest=digest,
                                index=entry["registry_index"], amendments=docs.get("amendment", []))
        if not library.registry.has_index():  # the stored name index was refused: the entry is not ours
            return None
        return library.with_calendar(calendar)
    except Exception:  # noqa: BLE001 - whatever this data breaks, it is a miss: validation decides
        return None


def _calendar_from_cache(data: Any) -> Calendar | None:
    """The calendar :meth:`Calendar.to_data` wrote, or None: every year a plain int, every day an ISO
    date of one of those years, a weekday for a day off and a weekend day for a working one."""
    if not isinstance(data, dict) or set(data) != _CALENDAR_KEYS:
        return None
    years, off, work = data["years"], data["days_off"], data["working_weekend_days"]
    if not all(isinstance(v, list) for v in (years, off, work)):
        return None
    if not all(type(y) is int and 1900 <= y <= 2200 for y in years):
        return None
    try:
        days_off = [date.fromisoformat(s) for s in off if isinstance(s, str) and len(s) == 10]
        weekend = [date.fromisoformat(s) for s in work if isinstance(s, str) and len(s) == 10]
    except ValueError:
        return None
    if len(days_off) != len(off) or len(weekend) != len(work):
        return None
    wanted = set(years)
    if any(d.year not in wanted or d.weekday() >= 5 for d in days_off):
        return None
    if any(d.year not in wanted or d.weekday() < 5 for d in weekend):
        return None
    return Calendar(frozenset(years), frozenset(days_off), frozenset(weekend))


BUNDLED_PREFIX = "<bundled>/"


def example_facts_path() -> Path:
    """The example facts file shipped with kehoach (``examples/facts-2024.yaml`` of the source tree,
    ``kehoach/_bundled/examples/`` in the installed package)."""
    from .resources import bundled_example_facts_path

    return Path(bundled_example_facts_path())


def load_example_facts(spec: Spec | Library) -> Facts:
    """The bundled example facts, loaded like :func:`load_facts`; its file is named
    ``<bundled>/facts-2024.yaml`` in answers (``facts.files``) and problems."""
    _source_arg("load_example_facts", spec)
    return _load_facts([(example_facts_path(), BUNDLED_PREFIX + EXAMPLE_FACTS)], spec)


def gather_facts(spec: Spec | Library, paths: Sequence[str | Path] = (), *, example: bool = False) -> Facts:
    """The facts of ``paths`` and, with ``example``, the bundled example facts, as one :class:`Facts`
    (nothing recorded when both are empty): what ``--facts`` and ``--example-facts`` give a query."""
    from .facts import Facts

    parts = [load_facts(list(paths), spec)] if paths else []
    if example:
        parts.append(load_example_facts(spec))
    return Facts.merge(parts) if parts else Facts()


SUCCESSOR_READING = "obligations-stay"


def agencies(source: Spec | Library, query: str | None = None, *, plans: str | Sequence[str] | None = None,
             province: str | None = None, on: DateLike | None = None) -> dict[str, Any]:
    """The registry entries whose names contain every word of ``query`` (all when None), as the plain
    data of ``kehoach agencies``: ``{"query": {"text"}, "spec", "agencies": [{id, name, level, type,
    district, district_name, groups, aliases, province}]}``. ``plans`` / ``province`` narrow the registry
    to the agencies those plans address / of that province.

    ``on``: only the agencies that exist on that day (``valid_from`` ≤ day ≤ ``valid_until``); the
    query then carries ``on``, each row its ``valid_from`` / ``valid_until`` / ``successors``, and
    ``notes`` / ``note_details`` the successor reading (:data:`SUCCESSOR_READING`: a dissolved
    agency's open obligations do not pass to its successors; the plan names the old body)."""
    day = None if on is None else _date_arg("agencies", "on", on)
    lib = queries.library_of(source)
    reg = lib.scoped(_plans(plans), province)
    ids = ([a.id for a in reg.search(query, day)] if query
           else [a.id for a in reg.agencies.values() if a.valid_on(day)])
    rows = []
    for aid in ids:
        a = reg.agencies[aid]
        district = reg.agencies.get(a.district) if a.district else None
        home = lib.province_of(aid)
        row: dict[str, Any] = {"id": a.id, "name": a.name, "level": a.level, "type": a.type, "district": a.district,
                               "district_name": district.name if district is not None else None,
                               "groups": sorted(reg.chains(aid)), "aliases": list(a.aliases)}
        if getattr(a, "sector", "state") != "state":
            row["sector"] = a.sector
        if len(lib.provinces) > 1 and home is not None:
            row["province"] = home.id
        if day is not None:
            row.update(valid_from=None if a.valid_from is None else a.valid_from.isoformat(),
                       valid_until=None if a.valid_until is None else a.valid_until.isoformat(),
                       successors=list(a.successors))
        rows.append(row)
    first = next(iter(lib.specs.values()))
    spec_data = {"plan": first.plan.id if len(lib.specs) == 1 else None,
                 "version": first.plan.version if len(lib.specs) == 1 else None, "digest": lib.digest}
    if day is None:
        return {"query": {"text": query}, "spec": spec_data, "agencies": rows}
    return {"query": {"text": query, "on": day.isoformat()}, "spec": spec_data, "agencies": rows,
            "notes": [message("note.successor-reading", "en")],
            "note_details": [{"code": "successor-reading", "reading": SUCCESSOR_READING}]}


def plans(source: Spec | Library) -> dict[str, Any]:
    """The plain data of ``kehoach plans``: ``{"spec": {"digest"}, "plans": [row, …]}`` (see
    :meth:`Library.plan_rows`)."""
    lib = queries.library_of(source)
    return {"spec": {"digest": lib.digest}, "plans": lib.plan_rows()}


def explain(source: Spec | Library, obligation_id: str, agency: str | None = None, *, assumptions: Any = None,
            plans: str | Sequence[str] | None = None, province: str | None = None,
            as_amended: DateLike | None = None) -> dict[str, Any]:
    """The explanation of ``obligation_id`` (in the plan that has it; ``plans`` chooses among several),
    optionally for one agency (id, name or short form). :class:`UnknownObligation` when no plan has it.
    The plan as signed, or with ``as_amended`` as it stood on that day (the data then names the
    amendments applied)."""
    from .errors import UnknownObligation
    from .explain import explain as explain_data
    from .suggest import close_matches

    lib = queries.library_of(source)
    chosen = lib.select(_plans(plans))
    having = [s for s in chosen if s.plan.element(obligation_id) is not None]
    if not having:
        ids = sorted({i for s in chosen for i in s.plan.element_ids()})
        raise UnknownObligation(obligation_id, close_matches(obligation_id, ids))
    if len(having) > 1:
        raise UnknownPlan("", [], tuple(s.plan.id for s in having))
    spec = having[0]
    agency_id = None
    if agency is not None:
        from .queries import Scope

        agency_id = resolve_agency(Scope(lib.scoped([spec.plan.id], province)), agency).id
    queries.check_assumptions([spec], assumptions)
    applied: tuple[Any, ...] = ()
    day = _amended_on(as_amended)
    if day is not None:
        from .amendments import as_amended as amended_spec

        spec, applied = amended_spec(spec, lib.amendments, day)
    data = explain_data(spec, obligation_id, agency_id, queries.assumptions_for(spec, _assumptions(assumptions)))
    if applied:
        data["amendments"] = amendment_data(applied)
    return data


def amendment_data(applied: Sequence[Any]) -> list[dict[str, Any]]:
    """The amendments an answer applied, as the contract names them."""
    return [{"id": a.id, "plan": a.amends, "number": a.number_as_written, "effective": a.effective.isoformat(),
             "document": a.document} for a in applied]


def load_facts(paths: Sequence[str | Path] | str | Path, spec: Spec | Library) -> Facts:
    """Load, schema-check and reference-check facts files, each against the plan it names (``plan:``);
    raises :class:`InvalidFacts` listing every problem."""
    _source_arg("load_facts", spec)
    return _load_facts(_facts_paths("load_facts", paths), spec)


def _facts_paths(function: str, paths: object) -> list[tuple[Path, str]]:
    """(path, as shown) of each facts file of ``paths`` (one path or a list or tuple of them)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    if not isinstance(paths, (list, tuple)):
        raise InvalidArgument(function, "facts", "a path or a list of paths", paths)
    if len(paths) > MAX_FACTS_FILES:
        raise InvalidArgument(function, "facts", f"at most {MAX_FACTS_FILES} paths", paths,
                              f"{function}(): facts names {len(paths)} files; the limit is {MAX_FACTS_FILES}")
    return [(_path_arg(function, "facts", raw), str(raw)) for raw in paths]


MAX_FACTS_FILES = 1000


def _load_facts(named: Sequence[tuple[Path, str]], source: Spec | Library) -> Facts:
    from .facts import Facts, facts_digest

    parts: list[Facts] = []
    problems: list[Problem] = []
    for p, shown in named:
        try:
            data = read_file(p, display=shown)
        except PathRefused as exc:
            problems.append(refusal_problem(exc))
            continue
        node, found = _facts_node(data, p, shown, source)
        problems.extend(found)
        if node is None or found:
            continue
        parts.append(Facts.from_data(node.plain(), file=shown, digest=facts_digest(data)))
    if problems:
        raise InvalidFacts(sorted(set(problems)))
    if not parts:
        return Facts()
    return Facts.merge(parts) if len(parts) > 1 else parts[0]


def _facts_plan(node: Any, source: Spec | Library, shown: str) -> tuple[Spec | None, list[Problem]]:
    """The spec of the plan a facts document names (a single-plan source: its plan, which the
    reference checks compare)."""
    if isinstance(source, Spec):
        return source, []
    plan = node.get("plan")
    ident = plan.value if plan is not None else None
    if isinstance(ident, str) and ident in source.specs:
        return source.specs[ident], []
    if len(source.specs) == 1 and ident is None:
        return next(iter(source.specs.values())), []
    from .suggest import did_you_mean

    at = plan or node
    return None, [Problem(shown, at.line, at.col, "unresolved-ref",
                          f"facts are for plan {ident!r}, which the library does not hold",
                          Severity.ERROR, did_you_mean(str(ident), source.specs) or
                          f"plans: {', '.join(source.specs)}", ("plan",))]


def _facts_node(data: bytes, path: Path, shown: str, source: Spec | Library) -> tuple[Any, list[Problem]]:
    """The facts tree and the errors ``kehoach validate`` reports for the file: the loader's, the
    schema's, and the references against the plan it names (checked on what the loader and schema kept)."""
    from .facts import facts_problems
    from .loader import load_bytes
    from .validate import check_loaded

    loaded = load_bytes(data, shown)
    document, found = check_loaded(loaded, path, shown, "facts")
    problems = [*loaded.problems, *found]
    if document is not None:
        spec, unplanned = _facts_plan(document.root, source, shown)
        problems.extend(unplanned)
        if spec is not None:
            taken = {(p.line, p.col) for p in problems}
            try:
                refs = facts_problems(document.root, spec, shown)
            except Exception:
                if not problems:
                    raise
                refs = []
            problems.extend(p for p in refs if p.severity is Severity.ERROR and (p.line, p.col) not in taken)
    return (loaded.node if not problems else None), problems


def _assumptions(value: Any) -> Any:
    """``assumptions`` as the evaluator takes it: ``None``, an :class:`Assumptions`, a mapping
    ``{"before": "inclusive"}``, ``"before=inclusive"``, or a list of ``"ID=VALUE"`` texts and
    ``(ID, VALUE)`` pairs (both may be mixed); anything else is :class:`InvalidAssumption`."""
    from .schedule import Assumptions

    if value is None or isinstance(value, (Assumptions, str)):
        return value
    if isinstance(value, Mapping):
        for key in value:
            if not isinstance(key, str):
                raise InvalidAssumption(repr(key), "an interpretation id must be text, e.g. 'before'")
        return value
    if isinstance(value, (list, tuple)):
        return [_assumption_text(item) for item in value]
    raise InvalidAssumption(repr(value), "expected a mapping {ID: VALUE} or a list of 'ID=VALUE' or (ID, VALUE)")


def _assumption_text(item: object) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, (list, tuple)) and len(item) == 2 and isinstance(item[0], str):
        return f"{item[0]}={item[1]}"
    raise InvalidAssumption(repr(item), "expected 'ID=VALUE' or a pair (ID, VALUE), e.g. ('before', 'inclusive')")


def _with(answer: _A, notes: tuple[Note, ...]) -> _A:
    return answer if not notes else replace(answer, note_items=(*answer.note_items, *notes))


def _dates(by: DateLike, since: DateLike | None, function: str = "due") -> tuple[date, date | None]:
    b = _date_arg(function, "by", by)
    s = _date_arg(function, "since", since) if since is not None else None
    if s is not None and s > b:
        raise InvalidDate(s.isoformat(), f"since ({s.isoformat()}) is after by ({b.isoformat()})")
    return b, s


def _facts(source: Spec | Library, facts: Facts | Sequence[str | Path] | str | Path | None,
           function: str = "status") -> Facts:
    """``facts`` as :class:`Facts`: ``None`` or ``[]`` is nothing recorded; paths are loaded (:func:`load_facts`)."""
    from .facts import Facts

    if isinstance(facts, Facts):
        return facts
    if facts is None or (isinstance(facts, (list, tuple)) and not facts):
        return Facts()
    return _load_facts(_facts_paths(function, facts), source)


def _plans(plans: str | Sequence[str] | None) -> list[str] | None:
    """``plans`` as a list of plan ids (``None``: every plan in force)."""
    if plans is None:
        return None
    if isinstance(plans, str):
        return [plans]
    return [str(p) for p in plans]


def _amended_on(value: DateLike | None) -> date | None:
    """``as_amended``: the day whose amendments apply (None: each query's own date)."""
    return None if value is None else parse_date(value)


Source = Spec | Library
"""What a query asks: one plan's :class:`Spec`, or a :class:`~kehoach.library.Library` of plans."""


def due(source: Source, agency: str, by: DateLike, since: DateLike | None = None, *,
        assumptions: Any = None, facts: Facts | Sequence[str | Path] | str | Path | None = None, plans: str | Sequence[str] | None = None,
        province: str | None = None, as_amended: DateLike | None = None) -> Answer:
    """Every dated obligation of the agency (id, name or short form) with ``since ≤ due ≤ by``, in every
    plan that addresses it and is in force then (``plans``: only those; ``province``: names of that
    province only). :class:`InvalidDate` when ``since`` is after ``by``; ``facts`` as for :func:`status`.
    An agency that does not exist on every day asked gets the obligations due while it exists
    (:mod:`kehoach.agency_validity`)."""
    _source_arg("due", source)
    b, s = _dates(by, since, "due")
    chosen, where = _plans_arg("due", plans), _province_arg("due", province)
    q = {"agency": agency, "by": b.isoformat(), "since": s.isoformat() if s else None}
    lib = queries.library_of(source)
    recorded = None if facts is None else _facts(source, facts, "due")

    def run(spec: Spec, who: str, a: Any) -> Answer:
        answer = _ev.due(spec, who, b, s, a, queries.facts_for(spec, recorded), query=q)
        return cut_due(spec, spec.registry.agency(who), answer, b, s)

    return queries.ask(lib, agency, s, b, chosen, where, _assumptions(assumptions), run,
                       _amended_on(as_amended))


def obligations(source: Source, agency: str, on: DateLike,
                facts: Facts | Sequence[str | Path] | str | Path | None = None, *,
                assumptions: Any = None, plans: str | Sequence[str] | None = None,
                province: str | None = None, as_amended: DateLike | None = None) -> Answer:
    """Everything in force for the agency on ``on``, in every plan that addresses it (``plans``,
    ``province`` narrow as in :func:`due`); ``facts`` (events) as for :func:`status`. On a day the
    agency does not exist: no obligations, and a note saying when it existed."""
    _source_arg("obligations", source)
    o = _date_arg("obligations", "on", on)
    chosen, where = _plans_arg("obligations", plans), _province_arg("obligations", province)
    q = {"agency": agency, "on": o.isoformat()}
    lib = queries.library_of(source)
    recorded = None if facts is None else _facts(source, facts, "obligations")

    def run(spec: Spec, who: str, a: Any) -> Answer:
        answer = _ev.obligations(spec, who, o, queries.facts_for(spec, recorded), a, query=q)
        return cut_answer(spec, spec.registry.agency(who), answer, o)

    return queries.ask(lib, agency, o, o, chosen, where, _assumptions(assumptions), run,
                       _amended_on(as_amended))


def status(source: Source, agency: str, as_of: DateLike,
           facts: Facts | Sequence[str | Path] | str | Path | None = None, *, assumptions: Any = None,
           plans: str | Sequence[str] | None = None, province: str | None = None,
           as_amended: DateLike | None = None) -> StatusAnswer:
    """Compliance as of ``as_of``; ``facts`` omitted, ``None`` or ``[]``: nothing submitted, no events, no
    measurements; a path or a list of paths is loaded with :func:`load_facts`."""
    _source_arg("status", source)
    a_day = _date_arg("status", "as_of", as_of)
    chosen, where = _plans_arg("status", plans), _province_arg("status", province)
    q = {"agency": agency, "as_of": a_day.isoformat()}
    lib = queries.library_of(source)
    recorded = _facts(source, facts, "status")

    def run(spec: Spec, who: str, a: Any) -> StatusAnswer:
        answer = _ev.status(spec, who, a_day, recorded.for_plan(spec.plan.id), a, query=q)
        return cut_status(spec, spec.registry.agency(who), answer, a_day)

    return queries.ask(lib, agency, a_day, a_day, chosen, where, _assumptions(assumptions), run,
                       _amended_on(as_amended))


def due_for_group(source: Source, group: str | None, by: DateLike, since: DateLike | None = None, *,
                  assumptions: Any = None, facts: Facts | Sequence[str | Path] | str | Path | None = None, plans: str | Sequence[str] | None = None,
                  province: str | None = None, as_amended: DateLike | None = None) -> GroupAnswers:
    """One answer per member of ``group`` (a group id, name or alias; ``None`` = every agency)."""
    _source_arg("due_for_group", source)
    b, s = _dates(by, since, "due_for_group")
    who = _group_arg("due_for_group", group)
    chosen, where = _plans_arg("due_for_group", plans), _province_arg("due_for_group", province)
    lib = queries.library_of(source)
    recorded = None if facts is None else _facts(source, facts, "due_for_group")
    q = (("agency", who or "all"), ("by", b.isoformat()), ("since", s.isoformat() if s else None))

    def run(spec: Spec, member: str, a: Any) -> Answer:
        return _ev.due(spec, member, b, s, a, queries.facts_for(spec, recorded))

    return queries.ask_group(lib, who, chosen, where, q, b, _assumptions(assumptions), run,
                             _amended_on(as_amended))


def obligations_for_group(source: Source, group: str | None, on: DateLike,
                          facts: Facts | Sequence[str | Path] | str | Path | None = None, *,
                          assumptions: Any = None, plans: str | Sequence[str] | None = None,
                          province: str | None = None, as_amended: DateLike | None = None) -> GroupAnswers:
    _source_arg("obligations_for_group", source)
    o = _date_arg("obligations_for_group", "on", on)
    who = _group_arg("obligations_for_group", group)
    chosen, where = _plans_arg("obligations_for_group", plans), _province_arg("obligations_for_group", province)
    lib = queries.library_of(source)
    recorded = None if facts is None else _facts(source, facts, "obligations_for_group")
    q = (("agency", who or "all"), ("on", o.isoformat()))

    def run(spec: Spec, member: str, a: Any) -> Answer:
        return _ev.obligations(spec, member, o, queries.facts_for(spec, recorded), a)

    return queries.ask_group(lib, who, chosen, where, q, o, _assumptions(assumptions), run,
                             _amended_on(as_amended))


def status_for_group(source: Source, group: str | None, as_of: DateLike,
                     facts: Facts | Sequence[str | Path] | str | Path | None = None, *,
                     assumptions: Any = None, plans: str | Sequence[str] | None = None,
                     province: str | None = None, as_amended: DateLike | None = None) -> GroupAnswers:
    _source_arg("status_for_group", source)
    a_day = _date_arg("status_for_group", "as_of", as_of)
    who = _group_arg("status_for_group", group)
    chosen, where = _plans_arg("status_for_group", plans), _province_arg("status_for_group", province)
    lib = queries.library_of(source)
    recorded = _facts(source, facts, "status_for_group")
    q = (("agency", who or "all"), ("as_of", a_day.isoformat()))

    def run(spec: Spec, member: str, a: Any) -> StatusAnswer:
        return _ev.status(spec, member, a_day, recorded.for_plan(spec.plan.id), a)

    return queries.ask_group(lib, who, chosen, where, q, a_day, _assumptions(assumptions), run,
                             _amended_on(as_amended))


# --------------------------------------------------------------------------- JSON contract


def obligation_data(o: Obligation) -> dict[str, Any]:
    return {
        "id": o.id,
        "plan": o.plan,
        "kind": o.kind,
        "role": o.role,
        "title": o.title,
        "due": iso(o.due),
        "literal": iso(o.literal),
        "last_working_day": iso(o.last_working_day),
        "period": o.period,
        "target": None if o.target is None else {
            "indicator": o.target.indicator, "comparator": o.target.comparator,
            "value": number(o.target.value), "unit": o.target.unit,
            **({"owed_by": o.target.owed_by} if o.target.owed_by is not None else {}),
        },
        "source": {"document": o.source.document, "ref": o.source.ref, "quote": list(o.source.quote)},
        "interpretations": list(o.interpretations),
        "via": list(o.via),
        "phrase": o.phrase,
        "in_force_from": iso(o.in_force_from),
        "trigger": o.trigger,
        **({"window_start": iso(o.window_start)} if o.kind == "window" else {}),
        **({"past_due": True} if o.past_due else {}),
    }


def _item_data(i: StatusItem) -> dict[str, Any]:
    return {**obligation_data(i.obligation), "status": i.status, "evidence": dict(i.evidence)}


ALL_AGENCIES = {"en": "All agencies of the registry", "vi": "Mọi cơ quan trong danh mục"}


def _single_data(answer: Answer | StatusAnswer) -> dict[str, Any]:
    head: dict[str, Any] = {
        "query": dict(answer.query),
        "agency": {"id": answer.agency.id, "name": answer.agency.name, "groups": list(answer.agency.groups),
                   **({"sector": answer.agency.sector} if answer.agency.sector != "state" else {})},
        "spec": {"plan": answer.spec.plan or None, "version": answer.spec.version or None,
                 "digest": answer.spec.digest},
    }
    tail: dict[str, Any] = {
        "notes": list(answer.notes),
        "note_details": [{"code": n.code, **n.fields()} for n in answer.note_items],
        "interpretations_used": dict(answer.interpretations),
        "unverified": list(answer.unverified),
        "period": None if answer.period is None else {"start": iso(answer.period[0]), "end": iso(answer.period[1])},
    }
    if answer.amendments:  # the amendments the answer applied (none: the plans as signed; the key is left out)
        tail["amendments"] = amendment_data(answer.amendments)
    if answer.plans:  # an answer that spans several plans names each (``spec.plan`` is then null)
        tail["plans"] = [{"id": p.plan, "version": p.version} for p in answer.plans]
    if isinstance(answer, StatusAnswer):
        return {
            **head,
            "as_of": answer.as_of.isoformat(),
            "facts": {"files": list(answer.facts_files), "digest": answer.facts_digest},
            "items": [_item_data(i) for i in answer.items],
            "summary": dict(answer.summary),
            **tail,
        }
    return {**head, "obligations": [obligation_data(o) for o in answer.obligations], **tail}


def to_json_data(answer: Answer | StatusAnswer | tuple[Any, ...], *, lang: str = "en") -> dict[str, Any]:
    """The JSON contract of issue 3 (item 7) as plain data, ready for ``json.dumps``.

    A group result (the :class:`GroupAnswers` of ``due_for_group`` & co., or any tuple of answers) gives
    the envelope of the CLI's group / ``--all`` answers: ``{"query", "group": {"id", "name"}, "answers",
    "notes", "note_details"}``; the whole province (group ``None``, id ``"all"``) is named in ``lang``
    (en/vi). Anything else raises :class:`InvalidArgument` (also a :class:`TypeError`) naming what was passed.
    """
    if not isinstance(answer, (Answer, StatusAnswer, tuple)):
        raise InvalidArgument("to_json_data", "answer", "an Answer, a StatusAnswer or GroupAnswers", answer,
                              f"to_json_data takes an Answer, a StatusAnswer or the GroupAnswers of *_for_group, "
                              f"not {type(answer).__name__}: {_short_repr(answer)}")
    if not isinstance(lang, str):
        raise InvalidArgument("to_json_data", "lang", "'en' or 'vi'", lang)
    if not isinstance(answer, tuple):
        return _single_data(answer)
    for item in answer:
        if not isinstance(item, (Answer, StatusAnswer)):
            raise InvalidArgument("to_json_data", "answer", "a tuple of answers", answer,
                                  f"to_json_data takes a tuple of answers; it holds a {type(item).__name__}: "
                                  f"{_short_repr(item)}")
    group = getattr(answer, "group", None)
    query = dict(getattr(answer, "query", ()))
    datas = [_single_data(a) for a in answer]
    if group is None:
        name = ALL_AGENCIES.get(lang, ALL_AGENCIES["en"])
    else:
        name = getattr(answer, "name", None) or group
    pairs = dict(pair for d in datas for pair in zip(d["notes"], d["note_details"], strict=True))
    return {"query": query, "group": {"id": group if group is not None else "all", "name": name},
            "answers": datas, "notes": list(pairs), "note_details": list(pairs.values())}


def _short_repr(value: object) -> str:
    try:
        text = repr(value if not isinstance(value, (str, bytes)) else value[:100])
    except Exception:  # noqa: BLE001 — a failing repr must not hide the real error
        text = f"<{type(value).__name__}>"
    return text[:80]
