"""Validate spec files: discover, load, schema-check, then run the semantic rules.

Never modifies files; never raises for bad input (everything becomes a Problem).
"""
from __future__ import annotations

import difflib
import os
import stat
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import PathRefused
from .guarded import read_file
from .loader import MAX_FILE_BYTES, SCALAR_CODES, LoadResult, Node, PathT, load_file
from .problems import Problem, Severity, sort_problems
from .rules._against_spec import SpecLoader

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .library import Library
    from .model import Spec
from .rules.base import Context, Document

__all__ = ["SHAPE_PRESERVING", "SPEC_MARKERS", "YAML_SUFFIXES", "ValidationResult", "check_loaded", "discover", "discover_with_problems",
           "enclosing_spec", "is_spec_dir", "spec_markers", "validate_in_context", "validate_paths",
           "validate_spec_dir"]

YAML_SUFFIXES = (".yaml", ".yml")

SHAPE_PRESERVING = frozenset({"unknown-key", "bad-date", "missing-key"})
"""Schema problems after which the node they point at is kept as it is for the semantic rules.

A mapping that lacks a key stays (removing it would turn every reference to its id into a bogus
"unknown …" problem); the rules read keys with defaults and a rule problem at a position already
reported is dropped. Every other schema problem (a wrong type, a value outside an enum, const,
pattern or range…) removes its node from what the rules see: the rules run on every document that has a tree, each value the
schema rejected is absent rather than malformed, so one run reports every problem and no rule
complains again about a value already reported."""


UNUSABLE_PLAN_CODES = frozenset({"period-too-long", "bad-period"})
"""Rule problems after which a plan is no spec to check facts and scenarios against (a period of
millennia would make every scenario enumerate it): they are checked once the plan is fixed."""


@dataclass
class ValidationResult:
    documents: list[Document]
    problems: list[Problem]
    context: Context
    files: list[str] = field(default_factory=list)  # every file read, as displayed

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)


def discover(root: Path) -> list[Path]:
    """``*.yaml``/``*.yml`` files under ``root``, sorted; no symlinks, FIFOs or hidden entries."""
    return discover_with_problems(root)[0]


def discover_with_problems(root: Path, display_root: str | None = None) -> tuple[list[Path], list[Problem]]:
    """Like :func:`discover`, also reporting symlinks not followed and non-regular files."""
    shown_root = display_root if display_root is not None else str(root)
    found: list[Path] = []
    problems: list[Problem] = []
    stack: list[Path] = [root]
    while stack:
        directory = stack.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(_join(shown_root, root, directory), 1, 1, "unreadable",
                                    f"cannot read directory: {exc.strerror or exc}"))
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.name == "__pycache__":
                continue
            path = Path(entry.path)
            is_yaml = entry.name.endswith(YAML_SUFFIXES)
            shown = _join(shown_root, root, path)
            if entry.is_symlink():
                if is_yaml or entry.is_dir():
                    problems.append(Problem(shown, 1, 1, "not-followed", "symbolic link not followed",
                                            hint="spec files must be real files inside the spec directory"))
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append(path)
                continue
            if not is_yaml:
                continue
            mode = entry.stat(follow_symlinks=False).st_mode
            if not stat.S_ISREG(mode):
                problems.append(Problem(shown, 1, 1, "not-a-regular-file",
                                        "not a regular file (FIFO, socket or device); skipped"))
                continue
            found.append(path)
    return sorted(found), problems


def _join(shown_root: str, root: Path, path: Path) -> str:
    try:
        relative = path.relative_to(root)
    except ValueError:
        return str(path)
    if str(relative) == ".":
        return shown_root
    return str(Path(shown_root) / relative)


def _display(path: Path, spec_root: Path | None, given: str) -> str:
    """Files are shown as the user named them (a directory argument joined with the relative path)."""
    return given


def validate_paths(paths: Sequence[Path], *, spec_root: Path | None = None,
                   schema_dir: Path | None = None, check_references: bool = False,
                   reference: Path | None = None, context: Sequence[Path] = (),
                   spec_loader: SpecLoader | None = None) -> ValidationResult:
    """Validate files and directories (a directory is discovered) and run every rule.

    ``spec_root`` bounds where source text files may be read from (default: next to each index file).
    ``schema_dir`` overrides the bundled schemas (tests).
    ``check_references`` also checks facts and scenario files against a spec: ``reference`` (a spec
    directory) when given, else the plan and registry among the validated files, else the bundled
    spec.  The spec is built only when there are facts or scenario documents.
    ``spec_loader`` loads that reference spec (validation never loads one itself: the CLI and the API
    pass :func:`kehoach.api.load_spec`); without it, facts and scenarios are checked only against a plan
    and registry among the files.
    ``context`` files (see :func:`validate_in_context`) are loaded and checked too, and the rules run
    on every document, but only the problems of ``paths`` are reported (and only they are in ``files``).
    """
    problems: list[Problem] = []
    files: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for given in paths:
        given_text = str(given)
        if given.is_symlink():
            problems.append(Problem(_display(given, spec_root, given_text), 1, 1, "not-followed",
                                    "symbolic link not followed"))
            continue
        if given.is_dir():
            found, trouble = discover_with_problems(given, _display(given, spec_root, given_text))
            problems.extend(trouble)
            if not found and not trouble:
                problems.append(Problem(given_text, 1, 1, "no-files", "no *.yaml or *.yml files in this directory",
                                        Severity.WARNING))
            files.extend((f, _display(f, spec_root, _join(given_text, given, f))) for f in found)
        elif given.exists() and not given.is_file():
            problems.append(Problem(given_text, 1, 1, "not-a-regular-file",
                                    "not a regular file (FIFO, socket or device)"))
        elif not given.exists():
            problems.append(Problem(given_text, 1, 1, "not-found", "no such file or directory"))
        else:
            files.append((given, _display(given, spec_root, given_text)))

    given_count = len(files)
    files.extend((f, str(f.absolute())) for f in context if f.absolute() not in {g.absolute() for g, _ in files})
    documents: list[Document] = []  # clean: no problem at all (what callers of validate_paths rely on)
    checked_documents: list[Document] = []  # every document with a tree, rejected values left out
    partial: set[int] = set()  # documents with problems of their own
    pruned: set[int] = set()  # documents from which a rejected value was left out
    context_shown: set[str] = set()
    context_ids: set[int] = set()  # context documents: not checked against a spec (nothing of theirs is reported)
    for number, (path, shown) in enumerate(files):
        key = path.absolute()
        if key in seen:
            continue
        seen.add(key)
        if number >= given_count:
            context_shown.add(shown)
        loaded = load_file(path, display=shown)
        problems.extend(loaded.problems)
        document, checked, cut = _check_document(loaded, path, shown, schema_dir)
        problems.extend(_not_flagged(checked, loaded))
        if document is not None:
            if number >= given_count:
                context_ids.add(id(document))
            checked_documents.append(document)
            if loaded.problems or checked:
                partial.add(id(document))
                if cut:
                    pruned.add(id(document))
            else:
                documents.append(document)

    texts, text_problems = _source_texts(checked_documents, spec_root)
    problems.extend(text_problems)
    rule_context = Context(documents=checked_documents, source_texts=texts)
    later = _run_rules(rule_context)
    unusable = {p.file for p in later if p.code in UNUSABLE_PLAN_CODES}
    pruned |= {id(d) for d in checked_documents if d.kind == "plan" and d.display in unusable}
    if check_references:
        later.extend(_against_spec(checked_documents, reference, partial, pruned, context_ids, spec_loader))
    problems.extend(_not_repeated(later, problems))
    reported = [_cut(p) for p in problems if p.file not in context_shown]
    return ValidationResult([d for d in documents if id(d) not in context_ids], sort_problems(_at_file_start(reported)),
                            rule_context, [shown for _, shown in files[:given_count]])


SPEC_MARKERS = (("plan.yaml", "plan.yml"), ("registry.yaml", "registry.yml"))
"""A spec directory holds one file of each group of names (a plan file and a registry file): a cheap
test by file names only, nothing is parsed (``spec/`` holds ``plan.yaml`` and ``registry.yaml``)."""

MAX_SPEC_LEVELS = 3
"""How many parent directories :func:`enclosing_spec` climbs above a file's own directory."""


def is_spec_dir(directory: Path) -> bool:
    """True when ``directory`` holds a plan file and a registry file (see :data:`SPEC_MARKERS`)."""
    return all(any(_regular(directory / name) for name in names) for names in SPEC_MARKERS)


MAX_MARKER_ENTRIES = 1000
"""Entries of a directory looked at for spec files one level down (:func:`spec_markers`)."""


def spec_markers(directory: Path) -> tuple[bool, bool]:
    """Whether ``directory`` holds a plan file and a registry file (:data:`SPEC_MARKERS`), itself or in
    one of its subdirectories (a library of plans may keep each plan in its own directory). Cheap and
    bounded: file names only, one level down, at most :data:`MAX_MARKER_ENTRIES` entries; ``/`` or
    ``/proc/self`` hold neither, and are refused before anything under them is read."""
    places = [directory]
    try:
        with os.scandir(directory) as entries:
            for count, entry in enumerate(entries):
                if count >= MAX_MARKER_ENTRIES:
                    break
                if not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False):
                    places.append(Path(entry.path))
    except OSError:
        pass
    found = [any(_regular(place / name) for place in places for name in names) for names in SPEC_MARKERS]
    return found[0], found[1]


def validate_spec_dir(root: Path, *, display: str | None = None, schema_dir: Path | None = None,
                      spec_loader: SpecLoader | None = None) -> ValidationResult:
    """What ``kehoach validate`` (``--spec DIR``, or the bundled spec) checks: every file of the spec
    directory ``root``, and that it is a spec at all.

    A spec holds a plan and a registry: each one that has neither its file (:data:`SPEC_MARKERS`) nor
    a document of its kind among the files is a ``missing-document`` problem.  A directory that holds
    neither file (empty, ``scenarios/``, ``/``) is not walked: the two problems are the whole answer."""
    shown = display if display is not None else str(root)
    present = list(spec_markers(root))
    if not any(present):
        problems = [_missing_document(shown, kind, names) for kind, names in zip(("plan", "registry"), SPEC_MARKERS,
                                                                                  strict=True)]
        return ValidationResult([], problems, Context(documents=[]), [])
    result = validate_paths([root], spec_root=root, schema_dir=schema_dir, check_references=True,
                            spec_loader=spec_loader)
    kinds = {d.kind for d in result.context.documents}
    missing = [_missing_document(shown, kind, names)
               for kind, names, found in zip(("plan", "registry"), SPEC_MARKERS, present, strict=True)
               if not found and kind not in kinds]
    if not missing:
        return result
    return replace(result, problems=sort_problems([*result.problems, *missing]))


def _missing_document(shown: str, kind: str, names: tuple[str, ...]) -> Problem:
    return Problem(shown, 1, 1, "missing-document", f"no {kind} document in this spec directory (no {names[0]})",
                   hint="a spec directory holds plan.yaml and registry.yaml")


def _regular(path: Path) -> bool:
    try:
        return not path.is_symlink() and path.is_file()
    except OSError:
        return False


def enclosing_spec(path: Path, levels: int = MAX_SPEC_LEVELS) -> Path | None:
    """The nearest spec directory holding the file ``path``: its own directory, else up to ``levels``
    parents; the climb stops after a directory that holds ``.git`` (the repository root) or at ``/``.
    None when the file is in no spec directory."""
    directory = path.absolute().parent
    for _ in range(levels + 1):
        if is_spec_dir(directory):
            return directory
        if (directory / ".git").exists() or directory.parent == directory:
            return None
        directory = directory.parent
    return None


def validate_in_context(paths: Sequence[Path], *, spec: Path | None = None,
                        schema_dir: Path | None = None, spec_loader: SpecLoader | None = None) -> ValidationResult:
    """What ``kehoach validate PATH…`` checks: each given file in the context of its spec.

    A file's spec is ``spec`` (``--spec DIR``) when given, else :func:`enclosing_spec`.  The other
    documents of that spec are loaded as context: every rule runs on the union (a dangling lead id or a
    quote missing from the source text is caught), but only the given files' problems are reported.
    Files in no spec and directories are validated as :func:`validate_paths` does; when every file
    with a spec has the same one, the files in no spec join that run (so facts next to a plan file are
    checked against that plan).  Facts and scenario files are checked against ``spec`` when given.
    """
    directories = [p for p in paths if p.is_dir() and not p.is_symlink()]
    groups: dict[Path | None, list[Path]] = {}
    for given in paths:
        inside_given = any(_inside(given, d) for d in directories)
        home = None if given in directories or inside_given or not given.is_file() or given.is_symlink() \
            else (spec.absolute() if spec is not None else enclosing_spec(given))
        groups.setdefault(home, []).append(given)
    homes = [h for h in groups if h is not None]
    if len(homes) == 1 and None in groups:
        loose = [p for p in groups[None] if p not in directories]
        groups[homes[0]].extend(loose)
        groups[None] = [p for p in groups[None] if p in directories]
        if not groups[None]:
            del groups[None]
    results: list[ValidationResult] = []
    for home, members in groups.items():
        context = [] if home is None else discover(home)
        results.append(validate_paths(members, spec_root=spec, schema_dir=schema_dir, check_references=True,
                                      reference=spec, context=context, spec_loader=spec_loader))
    if len(results) == 1:
        return results[0]
    problems = sort_problems(list(dict.fromkeys(p for r in results for p in r.problems)))
    return ValidationResult([d for r in results for d in r.documents], problems, results[0].context,
                            list(dict.fromkeys(f for r in results for f in r.files)))


def _inside(path: Path, directory: Path) -> bool:
    try:
        path.absolute().relative_to(directory.absolute())
    except ValueError:
        return False
    return True


def _cut(problem: Problem) -> Problem:
    """The problem with its message and hint cut to :data:`kehoach.messages.MESSAGE_LIMIT` (a value echoed
    in full, such as a 100,000-character title, is shortened)."""
    from .messages import MESSAGE_LIMIT, shorten_middle

    if len(problem.message) <= MESSAGE_LIMIT and (problem.hint is None or len(problem.hint) <= MESSAGE_LIMIT):
        return problem
    return replace(problem, message=shorten_middle(problem.message),
                   hint=None if problem.hint is None else shorten_middle(problem.hint))


def _not_repeated(later: list[Problem], earlier: list[Problem]) -> list[Problem]:
    """Rule problems minus those at a position the loader or the schema already reported."""
    taken = {(p.file, p.line, p.col) for p in earlier if p.line > 0}
    return [p for p in later if (p.file, p.line, p.col) not in taken]


def _at_file_start(problems: list[Problem]) -> list[Problem]:
    """Whole-file problems (line 0) placed at 1:1, so every problem has a ``file:line:col``."""
    return [replace(p, line=1, col=1) if p.line < 1 else p for p in problems]


def _check_document(loaded: LoadResult, path: Path, shown: str,
                    schema_dir: Path | None) -> tuple[Document | None, list[Problem], bool]:
    """The document the rules see (values the loader or schema rejected left out), its schema
    problems, and whether anything was left out."""
    from .schema import check_node, known_kinds

    if loaded.node is None:
        return None, [], False
    node = loaded.node
    kinds = known_kinds(schema_dir)
    listing = ", ".join(kinds) if kinds else "(no schemas installed)"
    if not isinstance(node.value, dict):
        return None, [Problem(shown, node.line, node.col, "not-a-mapping",
                              "a spec file must be a mapping with 'kind: …' at the top",
                              hint=f"known kinds: {listing}")], False
    kind_node = node.get("kind")
    if kind_node is None:
        return None, [Problem(shown, node.line, node.col, "missing-kind", "missing required key 'kind'",
                              hint=f"known kinds: {listing}")], False
    kind = kind_node.value
    if not isinstance(kind, str) or kind not in kinds:
        close = difflib.get_close_matches(str(kind), kinds, n=1, cutoff=0.6)
        message = f"unknown kind {kind!r}" + (f" (did you mean '{close[0]}'?)" if close else "")
        return None, [Problem(shown, kind_node.line, kind_node.col, "unknown-kind", message,
                              hint=f"known kinds: {listing}", path=("kind",))], False
    found = check_node(node, kind, shown, schema_dir)
    if any(p.code == "internal-error" for p in found):
        return None, found, False
    rejected = _rejected(node, found, loaded.problems)
    kept = _without(node, rejected) if rejected else node
    document = Document(kind=kind, path=path.absolute(), display=shown, root=kept, data=kept.plain())
    return document, _one_date_problem(found), bool(rejected)


def check_loaded(loaded: LoadResult, path: Path, shown: str, kind: str) -> tuple[Document | None, list[Problem]]:
    """A loaded file checked against the schema of ``kind`` as ``validate`` checks it: the document
    the reference checks see (values the loader or the schema rejected left out; None without a tree)
    and the schema problems ``validate`` reports (none at a scalar the loader already flagged, one per
    impossible date).  :func:`kehoach.api.load_facts` uses it, so its problems are ``validate``'s."""
    from .schema import check_node

    if loaded.node is None:
        return None, []
    node = loaded.node
    found = check_node(node, kind, shown)
    rejected = _rejected(node, found, loaded.problems)
    kept = _without(node, rejected) if rejected else node
    document = Document(kind=kind, path=path.absolute(), display=shown, root=kept, data=kept.plain())
    return document, _one_date_problem(_not_flagged(found, loaded))


def _one_date_problem(problems: list[Problem]) -> list[Problem]:
    """A value that is no date in the form YYYY-MM-DD ("20/03/2024") fails both the schema's ``format:
    date`` (``bad-date``) and its pattern (``bad-value``): one problem at that position is enough."""
    dates = {(p.file, p.line, p.col) for p in problems if p.code == "bad-date"}
    if not dates:
        return problems
    return [p for p in problems if p.code != "bad-value" or (p.file, p.line, p.col) not in dates]


def _rejected(root: Node, schema_problems: list[Problem], loader_problems: list[Problem]) -> set[PathT]:
    """Paths of the values the schema rejected or the loader flagged (never the root itself)."""
    paths: set[PathT] = set()
    flagged = [p for p in loader_problems if p.code in SCALAR_CODES]
    for problem in [*(p for p in schema_problems if p.code not in SHAPE_PRESERVING), *flagged]:
        if not problem.path:
            continue
        target = root.get(*problem.path)
        if target is not None and (target.line, target.col) == (problem.line, problem.col):
            paths.add(tuple(problem.path))
    return paths


def _without(node: Node, paths: set[PathT]) -> Node:
    """A copy of ``node`` without the nodes at ``paths`` (list items after a removed one move up)."""
    value: Any = node.value
    if isinstance(value, dict):
        value = {k: _without(v, paths) for k, v in value.items() if v.path not in paths}
    elif isinstance(value, list):
        value = [_without(v, paths) for v in value if v.path not in paths]
    else:
        return node
    return replace(node, value=value)


def _not_flagged(problems: list[Problem], loaded: LoadResult) -> list[Problem]:
    """Drop schema problems at a scalar the loader already flagged (``yes`` kept as text is then
    "expected true or false": the loader's message already says what to write)."""
    flagged = {(p.line, p.col) for p in loaded.problems if p.code in SCALAR_CODES}
    if not flagged:
        return problems
    return [p for p in problems if (p.line, p.col) not in flagged]


def _source_texts(documents: Sequence[Document], spec_root: Path | None) -> tuple[dict[str, str], list[Problem]]:
    """Text of each ``sources`` document entry with ``text:``, read next to its index file."""
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for doc in documents:
        if doc.kind != "sources" or not isinstance(doc.data, dict):
            continue
        entries: Any = doc.data.get("documents") or []
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
                continue
            node = doc.root.get("documents", index, "text")
            line, col = (node.line, node.col) if node is not None else (1, 1)
            text, message = _read_text(doc.path.parent, entry["text"], spec_root)
            if message is not None:
                problems.append(Problem(doc.display, line, col, "source-text", message,
                                        path=("documents", index, "text")))
            elif isinstance(entry.get("id"), str) and text is not None:
                texts[entry["id"]] = text
    return texts, problems


_TEXT_REFUSED = {
    "not-followed": "text file '{name}' is a symbolic link; not followed",
    "not-found": "text file '{name}' does not exist",
    "not-a-regular-file": "text file '{name}' is {reason}",
    "file-too-large": "text file '{name}' is larger than {limit} bytes",
}


def _read_text(directory: Path, name: str, spec_root: Path | None) -> tuple[str | None, str | None]:
    candidate = directory / name
    if Path(name).is_absolute() or ".." in Path(name).parts:
        return None, f"text file '{name}' must be a plain name next to the index file"
    boundary = spec_root if spec_root is not None else directory
    try:
        candidate.absolute().relative_to(boundary.absolute())
    except ValueError:
        return None, f"text file '{name}' is outside the spec directory"
    try:
        data = read_file(candidate, display=name, limit=MAX_FILE_BYTES)
    except PathRefused as exc:
        return None, _TEXT_REFUSED.get(exc.code, "cannot read text file '{name}': {reason}").format(
            name=name, reason=exc.reason, limit=MAX_FILE_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, f"text file '{name}' is not UTF-8"
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n")), None


def _against_spec(documents: Sequence[Document], reference: Path | None, partial: set[int],
                  pruned: set[int] | frozenset[int] = frozenset(),
                  context_ids: set[int] | frozenset[int] = frozenset(),
                  spec_loader: SpecLoader | None = None) -> list[Problem]:
    """Facts and scenario documents checked against the reference spec (built only if needed).

    ``partial`` holds the ids of documents that already have problems: a check that trips over one of
    them (an impossible date, say) adds nothing, since that document's own problems explain it.
    ``pruned`` holds those from which a rejected value was left out: a plan or registry among them is
    no spec to check against (its own problems are reported; facts are checked once it is fixed).
    """
    from .rules import _against_spec as against

    if not against.needs_spec([d for d in documents if id(d) not in context_ids]):
        return []
    if reference is None and any(d.kind in ("plan", "registry") and id(d) in pruned for d in documents):
        return []
    spec: Spec | Library | None
    try:
        spec = against.spec_from_documents(documents) if reference is None else None
    except Exception:  # noqa: BLE001 — an invalid plan among the files may not build a spec
        return []  # the plan's own problems are reported; facts/scenarios are checked once it is fixed
    found: list[Problem] = []
    if spec is None and spec_loader is not None:
        shown = str(reference) if reference is not None else "<bundled spec>"
        spec, found = against.load_reference(reference, shown, spec_loader)
    if spec is None:
        return found
    for doc in documents:
        if id(doc) in context_ids:
            continue
        try:
            found.extend(against.check_against_spec([doc], spec))
        except Exception as exc:  # noqa: BLE001 — a crashing check becomes a problem, never a traceback
            if id(doc) not in partial:
                found.append(Problem(doc.display, 1, 1, "internal-error",
                                     f"checking against the spec crashed: {type(exc).__name__}: {exc}",
                                     hint="please report this"))
    return found


def _run_rules(context: Context) -> list[Problem]:
    """Every rule, each isolated: a crashing rule becomes an ``internal-error`` problem."""
    from . import rules

    try:
        all_rules = rules.all_rules()
    except Exception as exc:  # noqa: BLE001 — a broken rule module must not crash validate
        return [Problem("<rules>", 1, 1, "internal-error",
                        f"could not load the rules: {type(exc).__name__}: {exc}", hint="please report this")]
    problems: list[Problem] = []
    for rule in all_rules:
        try:
            problems.extend(rule(context))
        except Exception as exc:  # noqa: BLE001 — a crashing rule becomes a problem
            name = f"{getattr(rule, '__module__', '?')}.{getattr(rule, '__qualname__', repr(rule))}"
            problems.append(Problem("<rules>", 1, 1, "internal-error",
                                    f"rule {name} crashed: {type(exc).__name__}: {exc}", hint="please report this"))
    return problems
