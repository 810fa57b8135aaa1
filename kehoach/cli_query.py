"""The query commands: ``due``, ``obligations``, ``status``, ``explain`` and ``agencies``.

Thin over :mod:`kehoach.api`: parse the command line, ask the library, hand the plain answer
(:func:`kehoach.api.to_json_data`) to a reporter of :mod:`kehoach.report`, map typed library
errors to exit code 2 with a clear message.  Registered on the main group by :func:`register`.

AGENCY is an agency (id, name or short form), a group id or name (``ubnd-cap-huyen``, "UBND cấp xã")
or ``--all`` (every agency of the registry): a group gives one answer per member agency.
"""
from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import errors
from .cli_options import InputError, output_options, spec_option, use_color
from .cli_paths import GivenPath
from .error_table import date_message, error_message
from .evaluate import STATUSES
from .library import Library
from .messages import message
from .report import (
    ANSWER_FORMATS,
    ReportOptions,
    answer_notes,
    query_language,
    render_answer,
)
from .subjects import subject

if TYPE_CHECKING:
    pass

__all__ = ["QUERY_COMMANDS", "load_query_spec", "today"]

F = TypeVar("F", bound=Callable[..., Any])

ALL = "all"
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MAX_CANDIDATES = 10


# --------------------------------------------------------------------------- shared pieces


def today(env: Mapping[str, str] | None = None) -> date:
    """Today in Vietnam (UTC+7, whatever the host's time zone), or ``KEHOACH_TODAY`` (YYYY-MM-DD)
    when set — for reproducible runs and tests."""
    raw = (env if env is not None else os.environ).get("KEHOACH_TODAY", "")
    value = raw.strip()
    from .vntime import today_iso

    if not value:
        return date.fromisoformat(today_iso())
    try:
        if not _ISO_DAY.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(message("error.bad-today", query_language(os.environ), value=raw)) from None


def load_query_spec(path: Path | None) -> Library:
    """The validated library of ``--spec`` (None: the bundled spec), from the spec cache when it can.

    A directory that holds neither plan.yaml nor registry.yaml, itself or one level down (``/``,
    ``/proc/self``, ``scenarios/``), is a one-line usage error, before anything under it is read."""
    from .api import load_library

    if path is not None and path.is_dir() and not path.is_symlink():
        from .validate import spec_markers

        if not any(spec_markers(path)):
            raise InputError(message("error.not-a-spec", query_language(os.environ), path=path))
    return load_library(path)


def _date(text: str | None, option: str, lang: str, default: date | None = None) -> date | None:
    if text is None:
        return default
    from .api import parse_date

    try:
        return parse_date(text)
    except errors.InvalidDate as exc:
        raise InputError(date_message(exc, option, lang)) from None


def _lang(choice: str | None) -> str:
    return choice if choice is not None else query_language(os.environ)


def _width() -> int:
    raw = os.environ.get("COLUMNS", "")
    if raw.isdigit() and int(raw) > 0:
        return max(int(raw), 60)
    if sys.stdout.isatty():
        import shutil

        return max(shutil.get_terminal_size((100, 24)).columns, 60)
    return 100


def query_options(func: F) -> F:
    """``--spec``, ``--plan``, ``--province``, ``--assume``, ``--format``, ``--color`` and ``--lang`` for
    every query command."""
    func = click.option("--lang", "lang", type=click.Choice(["vi", "en"]), default=None,
                        help="Language of labels (default: vi when LANG/LC_ALL/LC_MESSAGES starts with vi).")(func)
    func = click.option("--province", "province", metavar="PROVINCE", default=None,
                        help="Read agency names among this province's agencies only (registry id or name).")(func)
    func = click.option("--plan", "plans", multiple=True, metavar="ID",
                        help="Only this plan (repeatable; default: every plan in force on the date); "
                             "names are read among the agencies it addresses.")(func)
    func = output_options(ANSWER_FORMATS, default="table")(func)
    func = click.option("--assume", "assume", multiple=True, metavar="ID=VALUE",
                        help="Override an interpretation for this query, e.g. before=inclusive (repeatable).")(func)
    return spec_option(func)


def _options(lib: Library, assume: Sequence[str], color: str, lang: str) -> ReportOptions:
    from .schedule import parse_assumption

    assumed = tuple(sorted({parse_assumption(a)[0] for a in assume}))
    meanings: dict[str, dict[str, str]] = {}
    for plan in lib.plans:
        for i in plan.interpretations:
            meanings.setdefault(i.id, {}).update(dict(i.choices))
    return ReportOptions(lang=lang, color=use_color(color), width=_width(), assumed=assumed, meanings=meanings)


def _emit(fmt: str, command: str, data: Mapping[str, Any], options: ReportOptions) -> None:
    """The answer on stdout; for CSV (which has no room for them) each note on stderr, so that
    stdout stays parseable and the note is still seen."""
    click.echo(render_answer(fmt, command, data, options), nl=False, color=options.color)
    if fmt == "csv":
        for note in answer_notes(data, options.lang):
            click.echo(message("csv.note", options.lang, note=note), err=True)


def _guard(lang: str, body: Callable[[], int]) -> None:
    """Run ``body``; typed library errors become exit 2 with a clear message, findings exit ``body()``."""
    try:
        code = body()
    except errors.KehoachError as exc:
        raise InputError(error_message(exc, lang)) from None  # the table gives every library error exit 2
    if code:
        click.get_current_context().exit(code)


def _subject(lib: Library, agency: str | None, all_: bool, plans: Sequence[str], province: str | None,
             lang: str) -> tuple[str, str | None]:
    """``("agency", text)``, ``("group", group id)`` or ``("group", None)`` for --all."""
    from .queries import Scope

    if all_ and agency:
        raise InputError(message("error.agency-or-all", lang))
    if all_:
        return "group", None
    if not agency:
        raise InputError(message("error.missing-agency", lang))
    return subject(Scope(lib.scoped(plans, province)), agency)


def _assumptions(lib: Library, plans: Sequence[str], assume: Sequence[str]) -> Any:
    """The ``--assume`` texts, each of the form NAME=VALUE. Which plan declares NAME is checked by the
    query, against the plans that answer it (the error lists theirs, not every plan's of the library)."""
    from .schedule import parse_assumption

    for text in assume:
        parse_assumption(text)
    return list(assume) or None


def _ask(spec_path: Path | None, agency: str | None, all_: bool, plans: Sequence[str], province: str | None,
         assume: Sequence[str], color: str, lang: str) -> tuple[Library, str, str | None, Any, ReportOptions]:
    """What every agency query needs: the library, its subject (``_subject``), the assumptions and the
    report options."""
    lib = load_query_spec(spec_path)
    kind, who = _subject(lib, agency, all_, plans, province, lang)
    a = _assumptions(lib, plans, assume)
    return lib, kind, who, a, _options(lib, assume, color, lang)


def amended_option(func: F) -> F:
    """``--as-amended DATE``: the plan as it stood on DATE (default: under the amendments in force on the
    query's own date)."""
    return click.option("--as-amended", "as_amended", metavar="DATE", default=None,
                        help="Answer under the amendments in force on DATE (default: those in force on the "
                             "query's own date).")(func)


def subject_options(func: F) -> F:
    """``AGENCY`` and ``--all`` (the subject of ``due``, ``obligations`` and ``status``)."""
    func = click.option("--all", "all_", is_flag=True,
                        help="Every agency of the registry, one answer per agency.")(func)
    return click.argument("agency", required=False)(func)


def facts_options(facts_help: str) -> Callable[[F], F]:
    """``--facts`` (with ``facts_help``) and ``--example-facts``."""
    def decorate(func: F) -> F:
        func = click.option("--example-facts", "example_facts", is_flag=True,
                            help="Also load the example facts shipped with kehoach (<bundled>/facts-2024.yaml).")(func)
        return click.option("--facts", "facts", multiple=True, metavar="PATH", type=GivenPath(path_type=Path),
                            help=facts_help)(func)
    return decorate


# --------------------------------------------------------------------------- commands


@click.command("due")
@subject_options
@click.option("--by", "by", required=True, metavar="DATE", help="Last due date included (YYYY-MM-DD or DD/MM/YYYY).")
@click.option("--from", "since", metavar="DATE", help="First due date included (default: the plan start).")
@amended_option
@query_options
def due_command(agency: str | None, all_: bool, by: str, since: str | None, as_amended: str | None,
                spec: Path | None, plans: tuple[str, ...], province: str | None,
                assume: tuple[str, ...], fmt: str, color: str, lang: str | None) -> None:
    """Every dated obligation of AGENCY due between --from and --by.

    Deadlines (with the date as written, the due date under the interpretation used, and the last
    working day), monthly instances and yearly indicator targets.  AGENCY is an id, a name or short
    form, or a group (id or name); --all asks for every agency.

    Example:  kehoach due "Sở Tư pháp" --by 2024-06-01
    """
    language = _lang(lang)
    by_date = _date(by, "--by", language)
    assert by_date is not None
    since_date = _date(since, "--from", language)
    amended = _date(as_amended, "--as-amended", language)
    if since_date is not None and since_date > by_date:
        raise InputError(message("error.from-after-by", language, since=since_date.isoformat(), by=by_date.isoformat()))

    def body() -> int:
        from . import api

        s, kind, who, a, options = _ask(spec, agency, all_, plans, province, assume, color, language)
        if kind == "group":
            data = api.to_json_data(api.due_for_group(s, who, by_date, since_date, assumptions=a, plans=plans,
                                                      province=province, as_amended=amended), lang=language)
        else:
            data = api.to_json_data(api.due(s, str(who), by_date, since_date, assumptions=a, plans=plans,
                                            province=province, as_amended=amended))
        _emit(fmt, "due", data, options)
        return 0

    _guard(language, body)


@click.command("obligations")
@subject_options
@click.option("--on", "on", metavar="DATE", help="The day asked about (default: today).")
@facts_options("Facts file whose events put triggered duties in force; repeatable.")
@amended_option
@query_options
def obligations_command(agency: str | None, all_: bool, on: str | None, facts: tuple[Path, ...], as_amended: str | None,
                        example_facts: bool, spec: Path | None, plans: tuple[str, ...], province: str | None,
                        assume: tuple[str, ...], fmt: str, color: str, lang: str | None) -> None:
    """Everything in force for AGENCY on a day.

    Continuous duties within the plan period, triggered duties once their event happened, and
    dated obligations not yet past due (for a monthly duty its next instance).  A day outside the
    plan period is answered with a note naming the period.

    Example:  kehoach obligations "Văn phòng UBND tỉnh" --on 2024-07-01
    """
    language = _lang(lang)
    on_date = _date(on, "--on", language, today())
    amended = _date(as_amended, "--as-amended", language)
    assert on_date is not None
    _check_facts_paths(facts, language)

    def body() -> int:
        from . import api

        s, kind, who, a, options = _ask(spec, agency, all_, plans, province, assume, color, language)
        recorded = _recorded(s, facts, example_facts) if facts or example_facts else None
        if kind == "group":
            data = api.to_json_data(api.obligations_for_group(s, who, on_date, recorded, assumptions=a, plans=plans,
                                                              province=province, as_amended=amended), lang=language)
        else:
            data = api.to_json_data(api.obligations(s, str(who), on_date, recorded, assumptions=a, plans=plans,
                                                    province=province, as_amended=amended))
        _emit(fmt, "obligations", data, options)
        return 0

    _guard(language, body)


def _fail_on(values: Sequence[str], lang: str) -> set[str]:
    wanted = {v.strip() for raw in values for v in raw.split(",") if v.strip()}
    for v in sorted(wanted):
        if v not in STATUSES:
            raise InputError(message("error.bad-fail-on", lang, value=v, valid=", ".join(STATUSES)))
    return wanted


def _check_facts_paths(facts: Sequence[Path], lang: str) -> None:
    """Each ``--facts`` path is a regular file (not a FIFO, device, directory or symlink) within the size
    limit, checked without reading it or blocking (:func:`kehoach.guarded.check_file`); else a one-line
    usage error naming the path and never anything of its content."""
    from .errors import PathRefused
    from .guarded import check_file

    for path in facts:
        try:
            check_file(path)
        except PathRefused as exc:
            if exc.code == "not-found":
                raise InputError(message("error.no-facts", lang, path=path)) from None
            raise InputError(message("error.bad-facts-path", lang, path=path, reason=exc.reason)) from None


def _recorded(spec: Library, facts: Sequence[Path], example: bool) -> Any:
    """The facts of ``--facts`` files, plus the bundled example facts under ``--example-facts``."""
    from . import api

    return api.gather_facts(spec, list(facts), example=example)


@click.command("status")
@subject_options
@click.option("--as-of", "as_of", metavar="DATE", help="The day the status is judged on (default: today).")
@facts_options("Facts file (submissions, events, measurements); repeatable.")
@click.option("--fail-on", "fail_on", multiple=True, metavar="STATUS",
              help="Exit 1 when an item has this status (repeatable or comma-separated), e.g. overdue,not_met.")
@amended_option
@query_options
def status_command(agency: str | None, all_: bool, as_of: str | None, facts: tuple[Path, ...],
                   example_facts: bool, fail_on: tuple[str, ...], as_amended: str | None, spec: Path | None,
                   plans: tuple[str, ...],
                   province: str | None, assume: tuple[str, ...], fmt: str, color: str, lang: str | None) -> None:
    """Compliance of each obligation AGENCY leads, as of a day, from recorded facts.

    Each instance is done_on_time, done_late, overdue, open or waiting; each indicator target
    met, not_met or no_data.  Exit 0 when answered; 1 when --fail-on names a status that occurs.

    Example:  kehoach status "Sở Tư pháp" --as-of 2024-09-10 --facts examples/facts-2024.yaml --fail-on overdue
    """
    language = _lang(lang)
    as_of_date = _date(as_of, "--as-of", language, today())
    amended = _date(as_amended, "--as-amended", language)
    assert as_of_date is not None
    failing = _fail_on(fail_on, language)
    _check_facts_paths(facts, language)

    def body() -> int:
        from . import api

        s, kind, who, a, options = _ask(spec, agency, all_, plans, province, assume, color, language)
        recorded = _recorded(s, facts, example_facts)
        if kind == "group":
            data = api.to_json_data(api.status_for_group(s, who, as_of_date, recorded, assumptions=a, plans=plans,
                                                         province=province, as_amended=amended), lang=language)
            found = {i["status"] for d in data["answers"] for i in d["items"]}
        else:
            data = api.to_json_data(api.status(s, str(who), as_of_date, recorded, assumptions=a, plans=plans,
                                               province=province, as_amended=amended))
            found = {i["status"] for i in data["items"]}
        _emit(fmt, "status", data, options)
        return 1 if failing & found else 0

    _guard(language, body)


@click.command("explain")
@click.argument("obligation_id")
@click.option("--agency", "agency", metavar="AGENCY", help="Explain why this agency owes it (id, name or short form).")
@click.option("--as-amended", "as_amended", metavar="DATE", default=None,
              help="Explain the plan as it stood on DATE, under the amendments in force then (default: as signed).")
@query_options
def explain_command(obligation_id: str, agency: str | None, as_amended: str | None, spec: Path | None,
                    plans: tuple[str, ...], province: str | None, assume: tuple[str, ...], fmt: str, color: str,
                    lang: str | None) -> None:
    """Explain one obligation: its verbatim source, who owes it and why, the interpretations applied,
    how each date was computed, and one plain sentence to paste into a report.

    OBLIGATION_ID is a duty, requirement or indicator id, as listed by `kehoach due` / `obligations`;
    --plan names its plan when several plans have that id.

    Example:  kehoach explain iii-1-b-de-nghi-cong-bo-nhom-b --agency "Sở Tư pháp" --lang vi
    """
    language = _lang(lang)
    amended = _date(as_amended, "--as-amended", language)

    def body() -> int:
        from . import api

        s = load_query_spec(spec)
        data = api.explain(s, obligation_id, agency, assumptions=list(assume) or None, plans=plans,
                           province=province, as_amended=amended)
        _emit(fmt, "explain", data, _options(s, assume, color, language))
        return 0

    _guard(language, body)


@click.command("agencies")
@click.argument("query", required=False)
@click.option("--on", "on", metavar="DATE",
              help="Only the agencies that exist on that day (default: every agency of every date).")
@query_options
def agencies_command(query: str | None, on: str | None, spec: Path | None, plans: tuple[str, ...],
                     province: str | None, assume: tuple[str, ...], fmt: str, color: str, lang: str | None) -> None:
    """List the agencies of the registries, or those whose names contain every word of QUERY.

    Matching ignores case, diacritics and tone-mark placement, and knows the short forms
    (UBND, VP, TP, TX).  Shows id, name, level, district and groups.  --plan lists the agencies
    that plan addresses, --province those of one province.

    --on DATE lists only what exists that day; a dissolved agency's open obligations stay
    with it (they do not pass to its successors: the plan names the old body).

    Example:  kehoach agencies "gio linh"
              kehoach agencies "Đồng Hới" --on 2025-08-01
    """
    language = _lang(lang)
    on_date = _date(on, "--on", language)

    def body() -> int:
        from . import api

        s = load_query_spec(spec)
        data = api.agencies(s, query, plans=plans, province=province, on=on_date)
        _emit(fmt, "agencies", data, _options(s, assume, color, language))
        if fmt not in ("json", "csv"):  # the table has no notes block: each note under it
            for note in answer_notes(data, language):
                click.echo(note)
        return 0

    _guard(language, body)


@click.command("plans")
@click.option("--spec", "spec", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Spec directory (default: the spec bundled with kehoach).")
@output_options(ANSWER_FORMATS, default="table")
@click.option("--lang", "lang", type=click.Choice(["vi", "en"]), default=None,
              help="Language of labels (default: vi when LANG/LC_ALL/LC_MESSAGES starts with vi).")
def plans_command(spec: Path | None, fmt: str, color: str, lang: str | None) -> None:
    """List the plans of the spec: id, number and date as written and as values, title, issuer,
    period and the date it takes effect.

    Example:  kehoach plans --format json
    """
    language = _lang(lang)

    def body() -> int:
        from . import api

        s = load_query_spec(spec)
        _emit(fmt, "plans", api.plans(s), _options(s, (), color, language))
        return 0

    _guard(language, body)


QUERY_COMMANDS = (due_command, obligations_command, status_command, explain_command, agencies_command,
                  plans_command)
