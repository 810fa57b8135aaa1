"""Invariants of the loader and the CLI, checked with hypothesis."""
from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach.cli import cli
from kehoach.loader import LoadResult, load_bytes, load_text
from kehoach.problems import Problem

YAMLISH = st.text(
    alphabet=st.sampled_from(list("abcyno01-_:.,#&*!?|>'\"[]{}% \t\n\r\\~<") + ["ế", "ạ", "\u0301", "\u00a0", "\u200b"]),
    max_size=200,
)


def well_formed(result: LoadResult) -> None:
    assert isinstance(result, LoadResult)
    assert all(isinstance(p, Problem) for p in result.problems)
    assert all(p.line >= 0 and p.col >= 0 for p in result.problems)
    if result.node is None:
        assert result.problems, "no node and no problem"


@given(st.binary(max_size=400))
@settings(max_examples=300)
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    well_formed(load_bytes(data, "f.yaml"))


@given(YAMLISH)
@settings(max_examples=400)
def test_yamlish_text_never_raises(text: str) -> None:
    well_formed(load_bytes(text.encode("utf-8"), "f.yaml"))


VIET = st.text(alphabet=st.sampled_from(list("aăâeêoôơuưiy dđ") + ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]),
               min_size=1, max_size=20)


@given(st.dictionaries(VIET, VIET, min_size=1, max_size=5))
def test_nfc_and_nfd_give_the_same_plain_data(mapping: dict[str, str]) -> None:
    import json

    text = "\n".join(f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
                     for k, v in mapping.items()) + "\n"
    as_nfc = load_text(unicodedata.normalize("NFC", text), "a")
    as_nfd = load_text(unicodedata.normalize("NFD", text), "b")
    assert [p.code for p in as_nfc.problems] == [p.code for p in as_nfd.problems]
    if as_nfc.node is not None:
        assert as_nfd.node is not None
        assert as_nfc.node.plain() == as_nfd.node.plain()
        for key, value in as_nfc.node.plain().items():
            assert key == unicodedata.normalize("NFC", key)
            assert value == unicodedata.normalize("NFC", value)


@given(st.binary(max_size=300) | YAMLISH.map(lambda s: s.encode("utf-8")))
@settings(max_examples=100, deadline=None)
def test_validate_never_prints_a_traceback(data: bytes) -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as directory:
        target = Path(directory) / "f.yaml"
        target.write_bytes(data)
        for fmt in ("text", "json"):
            result = runner.invoke(cli, ["validate", "--format", fmt, str(target)])
            assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
            assert result.exit_code in (0, 1)
            assert "Traceback" not in result.output
