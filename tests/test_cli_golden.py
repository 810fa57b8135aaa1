"""Golden output of every query command (table and JSON, some CSV) on the bundled plan.

Each case's whole stdout is compared exactly with ``tests/golden/<name>.<ext>``, after one
substitution: the spec digest (which changes with every edit of the bundled spec, scenarios
included) is replaced by ``<spec-digest>`` (and its 12-character prefix by ``<spec-12>``).

Regenerate after an intended change, then review the diff::

    KEHOACH_UPDATE_GOLDEN=1 pytest tests/test_cli_golden.py
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from _cli_query_support import FACTS, REPO, run, spec_loaded_once  # noqa: F401 — autouse fixture

from kehoach import cli_query

GOLDEN = Path(__file__).resolve().parent / "golden"
FACTS_ARG = str(FACTS.relative_to(REPO))

CASES: dict[str, tuple[str, ...]] = {
    "due-so-tu-phap-2024-06-01.txt": ("due", "Sở Tư pháp", "--by", "2024-06-01"),
    "due-so-tu-phap-2024-06-01.json": ("due", "Sở Tư pháp", "--by", "2024-06-01", "--format", "json"),
    "due-so-tu-phap-2024-06-01.csv": ("due", "Sở Tư pháp", "--by", "2024-06-01", "--format", "csv"),
    "due-gio-linh-2024-09-30.vi.txt": ("due", "UBND huyện Gio Linh", "--by", "2024-09-30", "--lang", "vi"),
    "due-gio-linh-2024-09-30.json": ("due", "UBND huyện Gio Linh", "--by", "2024-09-30", "--format", "json"),
    "due-gio-my-2024-12-31.txt": ("due", "xã Gio Mỹ", "--by", "31/12/2024"),
    "due-ubnd-cap-huyen-2024-02.txt": ("due", "ubnd-cap-huyen", "--from", "2024-02-01", "--by", "2024-02-29"),
    "due-inclusive.json": ("due", "so-tu-phap", "--by", "2024-06-01", "--assume", "before=inclusive",
                           "--format", "json"),
    "obligations-van-phong-2024-07-01.txt": ("obligations", "Văn phòng UBND tỉnh", "--on", "2024-07-01"),
    "obligations-van-phong-2024-07-01.json": ("obligations", "Văn phòng UBND tỉnh", "--on", "2024-07-01",
                                              "--format", "json"),
    "obligations-outside-period.vi.txt": ("obligations", "Sở Tư pháp", "--province", "quang-tri", "--lang", "vi"),
    "obligations-outside-period.json": ("obligations", "Sở Tư pháp", "--province", "quang-tri", "--format", "json"),
    "status-so-tu-phap-2024-09-10.txt": ("status", "Sở Tư pháp", "--as-of", "2024-09-10", "--facts", FACTS_ARG),
    "status-so-tu-phap-2024-09-10.vi.txt": ("status", "Sở Tư pháp", "--as-of", "2024-09-10", "--facts", FACTS_ARG,
                                            "--lang", "vi"),
    "status-so-tu-phap-2024-09-10.json": ("status", "Sở Tư pháp", "--as-of", "2024-09-10", "--facts", FACTS_ARG,
                                          "--format", "json"),
    "status-gio-linh-2024-10-15.csv": ("status", "UBND huyện Gio Linh", "--as-of", "2024-10-15", "--facts",
                                       FACTS_ARG, "--format", "csv"),
    "explain-iii-1-b-so-tu-phap.vi.txt": ("explain", "iii-1-b-de-nghi-cong-bo-nhom-b", "--agency", "Sở Tư pháp",
                                          "--lang", "vi"),
    "explain-iii-1-a-gio-linh.txt": ("explain", "iii-1-a-gui-ket-qua-ra-soat", "--agency", "UBND huyện Gio Linh"),
    "explain-iii-1-a-gio-linh.json": ("explain", "iii-1-a-gui-ket-qua-ra-soat", "--agency", "UBND huyện Gio Linh",
                                      "--format", "json"),
    "explain-pl-1-6-3.txt": ("explain", "pl-1-6-3"),
    "explain-monthly-report.txt": ("explain", "iv-1-bao-cao-hang-thang", "--agency", "so-tu-phap"),
    "agencies-gio-linh.txt": ("agencies", "gio linh"),
    "agencies-gio-linh.json": ("agencies", "gio linh", "--format", "json"),
    "agencies-so.csv": ("agencies", "sở", "--format", "csv"),
    "outline-kh-cctthc-2024.txt": ("outline", "kh-cctthc-2024"),
    "outline-kh-cctthc-2024.json": ("outline", "kh-cctthc-2024", "--format", "json"),
    "outline-qd-2820-2025-ubnd-hcm.txt": ("outline", "qd-2820-2025-ubnd-hcm"),
    # the TP.HCM plan (hcm-2820-2025)
    "hcm-due-so-tai-chinh-2026-12-31.txt": ("due", "Sở Tài chính", "--plan", "hcm-2820-2025", "--by", "2026-12-31"),
    "hcm-due-so-tai-chinh-2026-12-31.json": ("due", "Sở Tài chính", "--plan", "hcm-2820-2025", "--by", "2026-12-31",
                                             "--format", "json"),
    "hcm-obligations-sai-gon-2026-05-15.vi.txt": ("obligations", "UBND phường Sài Gòn", "--plan", "hcm-2820-2025",
                                                  "--on", "2026-05-15", "--lang", "vi"),
    "hcm-explain-iv-5-5-so-tai-chinh.txt": ("explain", "iv-5-5-bao-cao-hang-quy", "--plan", "hcm-2820-2025",
                                            "--agency", "Sở Tài chính"),
    "hcm-agencies-sai-gon.csv": ("agencies", "Sài Gòn", "--province", "ho-chi-minh", "--format", "csv"),
    "plans.txt": ("plans",),
}


def _normalise(text: str) -> str:
    digest = cli_query.load_query_spec(None).digest
    return text.replace(digest, "<spec-digest>").replace(digest[:12], "<spec-12>")


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # the facts path is shown as given
    code, out, err = run(*CASES[name])
    assert (code, err) == (0, "")
    actual = _normalise(out)
    path = GOLDEN / name
    if os.environ.get("KEHOACH_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
    assert path.is_file(), f"missing golden file {path}; run with KEHOACH_UPDATE_GOLDEN=1"
    assert actual == path.read_bytes().decode("utf-8")
