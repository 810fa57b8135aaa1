"""Catalogue of CLI-level messages in English and Vietnamese.

Library problems carry their own English text; this catalogue holds what the CLI itself says.
The language comes from ``KEHOACH_LANG`` (``en`` or ``vi``; default ``en``).
"""
from __future__ import annotations

import os
from collections.abc import Mapping

__all__ = ["CATALOGUE", "LANGUAGES", "language", "message"]

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
