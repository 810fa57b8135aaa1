"""``kehoach test``: the click command over :mod:`kehoach.scenarios` (registered in :mod:`kehoach.cli`).

Exit codes: 0 every case passed, 1 a case failed, 2 usage error or an invalid scenario/spec file.
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from .cli_options import InputError
from .cli_paths import GivenPath

__all__ = ["scenario_test_command"]


@click.command("test")
@click.argument("paths", nargs=-1, type=GivenPath(path_type=Path))
@click.option("--spec", "spec", type=GivenPath(path_type=Path, file_okay=False), default=None,
              help="Spec directory (default: the spec bundled with kehoach).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@click.option("-v", "--verbose", is_flag=True, help="Also list the cases that pass.")
def scenario_test_command(paths: tuple[Path, ...], spec: Path | None, fmt: str, verbose: bool) -> None:
    """Run scenario files (kind: scenario) against the spec and report every failed expectation.

    PATHS are scenario files or directories; without PATHS the spec's own scenarios
    (<spec>/scenarios) run.  Each failure prints as file:line:col: FAIL name: expected …, got …,
    then a summary line "N passed, M failed".  Exit 0 when every case passes, 1 when one fails,
    2 for a usage error or an invalid scenario file (problems printed as by `kehoach validate`).

    Example:  kehoach test spec/scenarios/iii-1-b.yaml
    """
    from .api import load_library
    from .errors import SpecError
    from .render import RenderOptions, render_problems
    from .resources import bundled_spec_dir
    from .scenarios import (
        default_scenario_dir,
        render_text,
        run_scenarios,
        run_to_data,
        scenario_dirs,
    )

    spec_dir = spec if spec is not None else bundled_spec_dir()
    if not spec_dir.is_dir():
        raise InputError(f"spec directory not found: {spec_dir}")
    for path in paths:
        if not path.exists():
            raise InputError(f"no such file or directory: {path}")
    targets = list(paths) if paths else scenario_dirs(spec_dir)
    if not paths and not targets:
        raise InputError(f"no scenarios directory in the spec: {default_scenario_dir(spec_dir)}")
    try:
        loaded = load_library(spec_dir)
    except SpecError as exc:
        click.echo(render_problems("text", exc.problems, RenderOptions()), nl=False)
        click.get_current_context().exit(2)
        return
    run = run_scenarios(targets, loaded)
    if not run.valid:
        click.echo(render_problems("json" if fmt == "json" else "text", list(run.problems),
                                   RenderOptions(files=len(run.files))), nl=False)
        click.get_current_context().exit(2)
        return
    if not run.cases:
        raise InputError("no scenario cases found in: " + ", ".join(str(t) for t in targets))
    if fmt == "json":
        click.echo(json.dumps(run_to_data(run), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(run, verbose=verbose), nl=False)
    if not run.ok:
        click.get_current_context().exit(1)
