"""``kehoach diff OLD NEW``: what changed, per agency and obligation, between two versions of a spec.

OLD and NEW are each a spec directory or a git revision of the repository around the current directory
(read with the ``git`` command into a temporary directory; the spec sits at ``--spec``, default ``spec/``).
Both are loaded and validated like any spec; the problems of both are shown when either is invalid.
Exit 0 when nothing differs, 1 when something does, 2 on a usage or input error.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from pathlib import Path

import click

from . import errors
from .cli_options import InputError
from .diff_report import DIFF_FORMATS
from .error_table import date_message, error_message
from .problems import Problem

__all__ = ["diff_command"]


def _lang(choice: str | None) -> str:
    from .report import query_language

    return choice if choice is not None else query_language(os.environ)


def _relabel(exc: errors.SpecError, root: Path, label: str) -> list[Problem]:
    """The problems of a spec read into ``root``, their files named under ``label`` instead."""
    prefix = str(root)
    return [replace(p, file=label + p.file[len(prefix):]) if p.file.startswith(prefix) else p for p in exc.problems]


@click.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--spec", "spec", type=click.Path(path_type=Path), default=Path("spec"), show_default=True,
              help="Where the spec sits in the repository, for OLD or NEW given as a git revision.")
@click.option("--agency", "agency", metavar="AGENCY", default=None, help="Only this agency (id, name or short form).")
@click.option("--plan", "plans", multiple=True, metavar="ID", help="Only this plan (repeatable).")
@click.option("--as-of", "as_of", metavar="DATE", default=None,
              help="Compare what each version holds in force on DATE (default: the whole plan period).")
@click.option("--format", "fmt", type=click.Choice(list(DIFF_FORMATS)), default="text", show_default=True,
              help="Output format (markdown: for a tờ trình).")
@click.option("--lang", "lang", type=click.Choice(["vi", "en"]), default=None, help="Language of labels.")
def diff_command(old: str, new: str, spec: Path, agency: str | None, plans: tuple[str, ...], as_of: str | None,
                 fmt: str, lang: str | None) -> None:
    """What changed between OLD and NEW, per agency and obligation.

    Each of OLD and NEW is a spec directory or a git revision (a commit, tag or branch) of the repository
    around the current directory.  Lists the obligations added or removed and the fields that changed:
    the dates (as written, due, last working day), period instances, role, target, quote and the
    interpretations used.  Exit 0 when nothing differs, 1 when something does, 2 on a usage error.

    Example:  kehoach diff HEAD~1 HEAD --agency "Sở Tư pháp" --format markdown
    """
    from .api import load_version, parse_date
    from .diff import compare, diff_data
    from .diff_report import render_diff
    from .revisions import spec_at

    language = _lang(lang)
    day = None
    if as_of is not None:
        try:
            day = parse_date(as_of)
        except errors.InvalidDate as exc:
            raise InputError(date_message(exc, "--as-of", language)) from None
    try:
        with tempfile.TemporaryDirectory(prefix="kehoach-diff-") as scratch_dir:
            loaded = []
            problems: list[Problem] = []
            unproven: list[tuple[Problem, ...]] = []  # today's proofs each version fails (compared as written)
            for text in (old, new):
                root, label = spec_at(text, spec, Path.cwd(), Path(scratch_dir))
                try:
                    library, findings = load_version(root)
                    loaded.append((label, library))
                    unproven.append(findings)
                except errors.SpecError as exc:
                    problems.extend(_relabel(exc, root, label))
            if problems:
                raise errors.SpecError(problems)
            (old_label, before), (new_label, after) = loaded
            changes = compare(before, after, plans=list(plans) or None, agency=agency, as_of=day)
    except errors.KehoachError as exc:
        raise InputError(error_message(exc, language)) from None
    query = {"agency": agency, "plans": list(plans), "as_of": day.isoformat() if day else None}
    data = diff_data((old_label, before.digest, unproven[0]), (new_label, after.digest, unproven[1]), changes, query)
    click.echo(render_diff(fmt, data, language), nl=False)
    if changes:
        click.get_current_context().exit(1)

