"""The loader's plain-text fast path skips exactly the scalars no special pattern can match."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach import loader

PATTERNS = [loader._NULL, loader._TRUE, loader._FALSE, loader._YAML11_BOOL, loader._INT, loader._FLOAT,
            loader._NONFINITE, loader._PREFIXED, loader._UNDERSCORE, loader._SEXAGESIMAL, loader._TIMESTAMP]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
       | st.from_regex(r"[-+.~_0-9a-zA-Z:]{1,10}", fullmatch=True))
@settings(max_examples=1000)
def test_fast_path_only_skips_text_that_no_pattern_matches(text: str) -> None:
    if text and text[0] not in loader._SPECIAL_START:
        assert not any(p.match(text) for p in PATTERNS)
        value, issue = loader.resolve_plain(text)
        assert issue is None and value == loader.unicodedata.normalize("NFC", text)


def test_every_special_start_is_needed() -> None:
    samples = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "+1", "-1", ".5", "_1", "~", "null", "Null", "true",
               "True", "false", "False", "yes", "Yes", "on", "On", "no", "No", "off", "Off", "y", "Y", "n", "N", "\n"]
    for sample in samples:
        assert any(p.match(sample) for p in PATTERNS), repr(sample)
    assert {s[0] for s in samples} == set(loader._SPECIAL_START)
