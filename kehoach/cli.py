"""The ``kehoach`` command line: thin click wrappers around the library.

Exit codes: 0 ok (warnings alone still 0), 1 findings, 2 usage or input error (also internal errors).
Add a command as one function decorated with ``@cli.command()`` plus the shared decorators
:func:`output_options` and :func:`spec_option`; keep heavy imports inside the function.
"""
from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from . import __version__
from .cli_options import InputError, output_options, spec_option, use_color
from .cli_paths import GivenPath

PROBLEM_FORMATS = ("text", "json", "github")  # keep in step with render.PROBLEM_REPORTERS

__all__ = ["cli", "main"]

def _spec_dir(spec: Path | None) -> Path:
    if spec is not None:
        if not spec.is_dir():
            raise InputError(f"spec directory not found: {spec}")
        return spec
    from .resources import bundled_spec_dir

    return bundled_spec_dir()


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="kehoach", message="%(prog)s %(version)s")
def cli() -> None:
    """kehoach: rules-as-code for Vietnamese government plans.

    Validate the plan spec, and ask what an agency owes and whether it is on track.

    Example:  kehoach validate spec/
    """


@cli.command()
@click.argument("paths", nargs=-1, type=GivenPath(path_type=Path))
@spec_option
@output_options(PROBLEM_FORMATS)
@click.option("--list-codes", "list_codes", is_flag=True,
              help="Print every problem code with a one-line description, and exit.")
def validate(paths: tuple[Path, ...], spec: Path | None, fmt: str, color: str, list_codes: bool) -> None:
    """Check spec files: strict YAML, JSON Schema, and the semantic rules.

    PATHS are files or directories (searched for *.yaml/*.yml); without PATHS the spec directory
    (--spec, or the bundled spec) is checked.  A file is checked in the context of its spec (--spec,
    else the nearest directory above it, up to 3 levels and not above a .git, that holds plan.yaml and
    registry.yaml): the spec's other files feed the cross-file checks, but only the problems of PATHS
    are reported.  Facts and scenario files are also checked against a spec: --spec, else the plan
    among PATHS and their context, else the bundled spec.  Every problem is reported in one run.  Problems print as file:line:col; with --format text a summary line follows on stdout.
    Exit 0 when there is no error (warnings alone are fine), 1 when there are errors, 2 for a usage
    error such as a missing path.

    Example:  kehoach validate spec/plan.yaml examples/facts-2024.yaml --format json
    """
    from .messages import language, message
    from .render import RenderOptions, render_codes, render_problems
    from .validate import validate_in_context, validate_spec_dir

    if list_codes:
        click.echo(render_codes(fmt), nl=False)
        return
    lang = language()
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise InputError(message("no-such-path", lang, path=path))
    spec_root = _spec_dir(spec) if spec is not None or not paths else None
    from .api import load_library

    if paths:
        result = validate_in_context(paths, spec=spec_root, spec_loader=load_library)
    else:
        assert spec_root is not None
        result = validate_spec_dir(spec_root, spec_loader=load_library)
    options = RenderOptions(color=use_color(color), lang=lang, files=len(result.files))
    click.echo(render_problems(fmt, result.problems, options), nl=False, color=options.color)
    if not result.ok:
        click.get_current_context().exit(1)


@cli.command()
@click.argument("kind", required=False)
@click.argument("envelope", required=False)
def schema(kind: str | None, envelope: str | None) -> None:
    """Print the JSON Schema of a document KIND, or of kehoach's JSON answers; without KIND, list them.

    KIND is a document kind (plan, registry, sources, amendment, facts, scenario) or `answer`: the contract of
    every --format json output, one $defs entry per envelope.  ENVELOPE (after `answer` only) prints
    one envelope as a schema of its own:

    \b
      due, obligations, status   one agency
      group                      a group or --all (due-group, obligations-group, status-group)
      explain, agencies          explain, agencies
      problems, codes            validate, validate --list-codes
      test-run                   test
      outline                    outline
      diff                       diff

    Example:  kehoach schema plan > plan.schema.json

    Example:  kehoach schema answer due
    """
    import json

    from .answer_schema import (
        ANSWER_SCHEMA,
        answer_schema,
        envelope_names,
        envelope_schema,
    )
    from .messages import language, message
    from .schema import known_kinds, load_schema

    kinds = [*known_kinds(), ANSWER_SCHEMA]
    if kind is None:
        click.echo("\n".join(kinds))
        return
    if kind not in kinds:
        raise InputError(message("unknown-kind", language(), kind=kind, kinds=", ".join(kinds)))
    if kind != ANSWER_SCHEMA:
        if envelope is not None:
            raise InputError(message("schema.no-envelopes", language(), kind=kind, answer=ANSWER_SCHEMA))
        click.echo(json.dumps(load_schema(kind), ensure_ascii=False, indent=2))
        return
    if envelope is None:
        click.echo(json.dumps(answer_schema(), ensure_ascii=False, indent=2))
        return
    if envelope not in envelope_names():
        raise InputError(message("schema.unknown-envelope", language(), envelope=envelope,
                                 envelopes=", ".join(envelope_names())))
    click.echo(json.dumps(envelope_schema(envelope), ensure_ascii=False, indent=2))


def _add_commands() -> None:
    """The commands defined in their own modules: ``test`` and the query commands."""
    from .cli_query import QUERY_COMMANDS
    from .diff_cli import diff_command
    from .outline_cli import outline_command
    from .scenarios_cli import scenario_test_command

    for command in (scenario_test_command, outline_command, *QUERY_COMMANDS, diff_command):
        cli.add_command(command)


_add_commands()


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point: never shows a traceback."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="kehoach")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 — the last line of defence: a user never sees a traceback
        from .messages import language, message

        click.echo(message("internal-error", language(), detail=f"{type(exc).__name__}: {exc}"), err=True)
        sys.exit(2)
