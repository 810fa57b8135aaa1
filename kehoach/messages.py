"""Catalogue of CLI-level messages in English and Vietnamese.

Library problems carry their own English text; this catalogue holds what the CLI itself says.
The language comes from ``KEHOACH_LANG`` (``en`` or ``vi``; default ``en``).
"""
from __future__ import annotations

import os
from collections.abc import Mapping

__all__ = ["CATALOGUE", "LANGUAGES", "PROBLEM_CODES", "language", "message"]

LANGUAGES = ("en", "vi")

CATALOGUE: Mapping[str, Mapping[str, str]] = {
    "summary-ok": {
        "en": "ok: {files} file(s), no problems",
        "vi": "ổn: {files} tệp, không có lỗi",
    },
    "summary-problems": {
        "en": "{errors} error(s), {warnings} warning(s) in {files} file(s)",
        "vi": "{errors} lỗi, {warnings} cảnh báo trong {files} tệp",
    },
    "error": {"en": "error", "vi": "lỗi"},
    "warning": {"en": "warning", "vi": "cảnh báo"},
    "hint": {"en": "hint", "vi": "gợi ý"},
    "no-such-path": {
        "en": "no such file or directory: {path}",
        "vi": "không có tệp hoặc thư mục: {path}",
    },
    "unknown-kind": {
        "en": "unknown kind '{kind}'; known kinds: {kinds}",
        "vi": "loại '{kind}' không tồn tại; các loại đã biết: {kinds}",
    },
    "internal-error": {
        "en": "internal error: {detail}; please report",
        "vi": "lỗi nội bộ: {detail}; vui lòng báo lại",
    },
}


def language(env: Mapping[str, str] | None = None) -> str:
    value = (env if env is not None else os.environ).get("KEHOACH_LANG", "en").strip().lower()[:2]
    return value if value in LANGUAGES else "en"


def message(key: str, lang: str = "en", **fields: object) -> str:
    """The catalogue text for ``key`` in ``lang`` (English fallback), formatted with ``fields``."""
    entry = CATALOGUE[key]
    return entry.get(lang, entry["en"]).format(**fields)


PROBLEM_CODES: Mapping[str, str] = {
    # loader: bytes and characters
    "file-too-large": "the file is larger than the 2 MiB limit",
    "encoding": "the file is not UTF-8 text (UTF-16, Windows-1258, binary…); points at the first bad byte",
    "forbidden-character": "control, zero-width, bidi or line-separator character",
    "nbsp-indent": "no-break space (U+00A0) used for indentation",
    "empty-file": "the file holds no YAML content",
    "unreadable": "the file or directory cannot be read",
    # loader: YAML structure
    "yaml-syntax": "YAML syntax error at the parser's position",
    "multiple-documents": "more than one YAML document in a file",
    "too-deep": "nesting deeper than 64 levels",
    "too-many-nodes": "more than 200,000 YAML nodes",
    "alias-not-allowed": "an anchor (&x) or alias (*x); values must be written out",
    "merge-key": "the YAML 1.1 merge key '<<'",
    "non-string-key": "a mapping key that is not text (number, null, list…)",
    "duplicate-key": "a key repeated in one mapping (also equal after NFC); names the first line",
    "forbidden-tag": "a tag other than the core !!str !!int !!float !!bool !!null !!map !!seq",
    "bad-tagged-value": "a core tag whose value does not fit it (e.g. !!int abc)",
    # loader: scalars whose meaning differs between YAML 1.1 and 1.2
    "yaml11-boolean": "unquoted yes/no/on/off/y/n",
    "ambiguous-number": "octal-looking, hex, 0o/0b, underscore or base-60 numbers",
    "unquoted-date": "an unquoted date or timestamp; dates are quoted strings",
    "non-finite-number": ".nan, .inf or a float that overflows",
    "number-too-long": "a number with more than 50 digits",
    # files and discovery
    "not-found": "no such file or directory",
    "not-followed": "a symbolic link (never followed)",
    "not-a-regular-file": "a FIFO, socket or device",
    "outside-root": "a file outside the spec directory",
    "no-files": "(warning) a directory argument holds no YAML files",
    # documents and schema
    "not-a-mapping": "the document is not a mapping",
    "missing-kind": "no 'kind' key",
    "unknown-kind": "'kind' names no known schema",
    "unknown-key": "a key the schema does not allow (with a did-you-mean)",
    "missing-key": "a required key is missing (points at the mapping)",
    "bad-date": "not a real calendar date (format: date)",
    "bad-type": "the value has the wrong type",
    "bad-value": "the value is outside the allowed values, pattern or range",
    "schema": "any other JSON Schema error",
    "source-text": "a sources document's text file is missing, unsafe or not UTF-8",
    # rules: ids and references
    "duplicate-id": "an id used twice within one document kind",
    "unresolved-ref": "a reference (agency, group, indicator, interpretation, trigger, document…) names nothing",
    # rules: registry groups
    "group-cycle": "group membership loops back on itself",
    "empty-group": "a group with no member, directly or by rule",
    "bad-period": "an agency's valid_until is before its valid_from",
    # rules: plan content
    "quote-not-found": "a source.quote is not verbatim in the source text (after NFC and whitespace folding)",
    "phrase-not-in-quote": "a literal phrase (e.g. a deadline as written) is not inside the element's quote",
    "missing-coverage": "a section of the plan text is covered by no element",
    "deadline-mismatch": "a deadline's date differs from the date in its literal phrase",
    "deadline-outside-period": "a deadline falls outside the plan period",
    "interpretation-missing": "an element depends on an interpretation it does not name",
    "interpretation-unused": "(warning) an interpretation no element points to",
    "bad-default": "an interpretation's default is not one of its choices",
    "incomplete-groups": "an interpretation's choice-to-groups map misses a choice",
    "comparator-mismatch": "a target's comparator differs from what its as_written gives (Tối thiểu: ge; bare: bare-target default)",
    # facts and scenarios checked against a spec
    "bad-instance": "a submission names an instance (period) the obligation does not have",
    "instance-not-scheduled": "(warning) a submission's instance is in the plan period but not scheduled under the default interpretations",
    "before-plan-start": "(warning) a submission or event dated before the plan starts (default plan-start)",
    "not-owed": "(warning) a measurement for an agency that does not owe that indicator, or a submission by an "
                "agency that does not lead that obligation",
    "duplicate-submission": "(warning) a second submission of the same obligation, instance and agency; names the "
                            "first one's line (status uses the earliest)",
    "unknown-agency": "a scenario names an agency the registry does not know",
    "ambiguous-agency": "a scenario names an agency that fits several agencies",
    "bad-assumption": "an interpretation override (assume) names an unknown interpretation or value",
    "bad-expectation": "a scenario expectation that cannot apply to its query",
    "reference-spec": "the spec that facts and scenario files are checked against cannot be loaded",
    "missing-document": "a spec directory without its plan or registry document",
    # kehoach itself
    "internal-error": "a bug in kehoach (a crashing rule or a broken bundled schema); please report",
}
"""Every problem code kehoach can emit, with one line each (``kehoach validate --list-codes``)."""
