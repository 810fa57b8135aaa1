"""Reporters: turn results into text.  One registry per result type feeds the CLI ``--format`` choice.

Problem reporters (``kehoach validate``):

* ``text``   — one line per problem ``file:line:col: error|warning: message [code]``, an indented
  ``hint: …`` line when there is a hint, then one summary line.  Everything goes to stdout.
  Severity words stay English so editors can parse them; the summary follows ``KEHOACH_LANG``.
* ``json``   — a JSON list of objects ``{file, line, column, severity, code, message, hint, path}``
  (keys and order stable; a whole-file problem is at line 1, column 1).  No summary.
* ``github`` — GitHub Actions workflow commands ``::error file=…,line=…,col=…,title=code::message``.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .messages import PROBLEM_CODES, message
from .problems import Problem, Severity

__all__ = ["PROBLEM_REPORTERS", "ProblemReporter", "RenderOptions", "render_codes", "render_problems"]


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False
    lang: str = "en"
    files: int = 0  # number of files checked, for the summary line


ProblemReporter = Callable[[Sequence[Problem], RenderOptions], str]

_RED, _YELLOW, _DIM, _BOLD, _RESET = "\x1b[31m", "\x1b[33m", "\x1b[2m", "\x1b[1m", "\x1b[0m"


def _paint(text: str, code: str, options: RenderOptions) -> str:
    return f"{code}{text}{_RESET}" if options.color else text


def text_reporter(problems: Sequence[Problem], options: RenderOptions) -> str:
    lines: list[str] = []
    for p in problems:
        colour = _RED if p.severity is Severity.ERROR else _YELLOW
        where = _paint(p.location(), _BOLD, options)
        level = _paint(p.severity.value, colour, options)
        lines.append(f"{where}: {level}: {p.message} [{p.code}]")
        if p.hint:
            lines.append(_paint(f"    hint: {p.hint}", _DIM, options))
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    if problems:
        lines.append(message("summary-problems", options.lang, errors=errors, warnings=warnings,
                             files=options.files))
    else:
        lines.append(message("summary-ok", options.lang, files=options.files))
    return "\n".join(lines) + "\n"


def json_reporter(problems: Sequence[Problem], options: RenderOptions) -> str:
    return json.dumps([p.to_dict() for p in problems], ensure_ascii=False, indent=2) + "\n"


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_reporter(problems: Sequence[Problem], options: RenderOptions) -> str:
    lines = []
    for p in problems:
        level = "error" if p.severity is Severity.ERROR else "warning"
        props = [f"file={_gh_escape(p.file, True)}"]
        props.append(f"line={max(p.line, 1)}")
        props.append(f"col={max(p.col, 1)}")
        props.append(f"title={_gh_escape(p.code, True)}")
        body = p.message + (f" (hint: {p.hint})" if p.hint else "")
        lines.append(f"::{level} {','.join(props)}::{_gh_escape(body)}")
    return "".join(line + "\n" for line in lines)


PROBLEM_REPORTERS: Mapping[str, ProblemReporter] = {
    "text": text_reporter,
    "json": json_reporter,
    "github": github_reporter,
}


def render_problems(fmt: str, problems: Sequence[Problem], options: RenderOptions = RenderOptions()) -> str:
    """Problems rendered by the reporter named ``fmt`` (KeyError if unknown)."""
    return PROBLEM_REPORTERS[fmt](problems, options)


def render_codes(fmt: str = "text") -> str:
    """The problem-code catalogue: ``code  description`` lines (text/github), or a JSON object (json)."""
    codes = sorted(PROBLEM_CODES.items())
    if fmt == "json":
        return json.dumps(dict(codes), ensure_ascii=False, indent=2) + "\n"
    width = max(len(code) for code, _ in codes)
    return "".join(f"{code.ljust(width)}  {text}\n" for code, text in codes)
