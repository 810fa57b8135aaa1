"""The one table from a library error to its message key, exit code and HTTP status."""
from __future__ import annotations

import inspect

import pytest

from kehoach import errors
from kehoach.error_table import TABLE, error_message, outcome
from kehoach.messages import CATALOGUE
from kehoach.problems import Problem


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def test_every_library_error_has_its_own_row() -> None:
    rows = {cls for cls, _ in TABLE}
    defined = {c for c in _subclasses(errors.KehoachError) if c.__module__ == "kehoach.errors"}
    assert defined <= rows, sorted(c.__name__ for c in defined - rows)


def test_rows_are_most_specific_first_and_name_catalogue_keys() -> None:
    classes = [cls for cls, _ in TABLE]
    for i, cls in enumerate(classes):
        assert not any(issubclass(cls, earlier) for earlier in classes[:i]), cls
    for _, found in TABLE:
        assert found.key in CATALOGUE
        assert found.exit_code == 2
        assert 400 <= found.http_status < 500


EXAMPLES = [
    errors.UnknownAgency("Sở Tư phapx", [("so-tu-phap", "Sở Tư pháp")]),
    errors.UnknownGroup("UBND cap xaa", [("ubnd-cap-xa", "UBND cấp xã")]),
    errors.AmbiguousAgency("Phường 1", [("a", "Phường 1 (Đông Hà)"), ("b", "Phường 1 (Quảng Trị)")]),
    errors.AgencyIsGroup("ubnd-cap-xa", "ubnd-cap-xa", "UBND cấp xã"),
    errors.InvalidDate("2024-02-30", "day is out of range for month"),
    errors.InvalidAssumption("before=x", "before must be one of: exclusive"),
    errors.UnknownObligation("iii-9", ["iii-1-a"]),
    errors.SpecError([Problem("plan.yaml", 3, 4, "unknown-key", "unknown key 'x'")]),
    errors.InvalidFacts([Problem("f.yaml", 1, 1, "unresolved-ref", "unknown agency 'x'")]),
]


@pytest.mark.parametrize("exc", EXAMPLES, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_each_error_is_worded_with_its_rows_key(exc: errors.KehoachError, lang: str) -> None:
    text = error_message(exc, lang)
    key = outcome(exc).key
    first = CATALOGUE[key][lang].split("{")[0].strip()
    assert text and first in text, (key, text)
    assert "Traceback" not in text


def test_outcome_of_an_unlisted_error_is_an_input_error() -> None:
    class Odd(errors.KehoachError):
        pass

    found = outcome(Odd("odd"))
    assert (found.exit_code, found.http_status) == (2, 400)
    assert error_message(Odd("something odd"), "en") == "something odd"
    assert inspect.getmodule(Odd) is not None
