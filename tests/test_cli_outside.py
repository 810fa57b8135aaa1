"""The installed ``kehoach`` console script, run as a subprocess from a directory outside the repository.

This is what a user gets from the README's install command: the bundled spec must ship inside the
package, and every answer and error must work without the source checkout being the cwd.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FACTS = REPO / "examples" / "facts-2024.yaml"


def _script() -> str:
    found = shutil.which("kehoach", path=str(Path(sys.executable).parent))
    assert found is not None, f"the kehoach console script is not installed next to {sys.executable}"
    return found


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    work = tmp_path / "elsewhere"
    work.mkdir()
    assert REPO not in work.resolve().parents
    return work


def kehoach(cwd: Path, *args: str, **env: str) -> tuple[int, str, str]:
    environment = {k: v for k, v in os.environ.items()
                   if k not in {"KEHOACH_LANG", "LC_ALL", "LC_MESSAGES", "NO_COLOR", "COLUMNS", "KEHOACH_TODAY",
                                "PYTHONPATH"}}
    environment.update({"LANG": "C.UTF-8", "KEHOACH_CACHE_DIR": str(cwd / ".cache"), "COLUMNS": "100", **env})
    done = subprocess.run([_script(), *args], cwd=cwd, env=environment, capture_output=True, timeout=120,
                          check=False)
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


def test_due_from_outside_the_repository(outside: Path) -> None:
    code, out, err = kehoach(outside, "due", "Sở Tư pháp", "--by", "2024-06-01", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    deadlines = [(o["id"], o["due"], o["literal"]) for o in data["obligations"] if o["kind"] == "deadline"]
    assert deadlines == [("iii-1-b-de-nghi-cong-bo-nhom-b", "2024-05-30", "2024-05-31")]
    # the same command again (the spec now served from its cache) gives the same bytes
    assert kehoach(outside, "due", "Sở Tư pháp", "--by", "2024-06-01", "--format", "json") == (0, out, "")


def test_table_and_outside_period_note(outside: Path) -> None:
    code, out, err = kehoach(outside, "obligations", "Sở Tư pháp", "--plan", "qt-cctthc-2024", "--on", "2026-11-25",
                         "--lang", "vi")
    assert (code, err) == (0, "")
    assert "ngày 2026-11-25 nằm ngoài thời gian thực hiện kế hoạch (2024-01-25 – 2024-12-31)" in out


def test_status_with_a_facts_file_outside(outside: Path) -> None:
    shutil.copy(FACTS, outside / "facts.yaml")
    code, out, err = kehoach(outside, "status", "Sở Tư pháp", "--as-of", "2024-09-10", "--facts", "facts.yaml",
                             "--format", "json", "--fail-on", "overdue")
    assert (code, err) == (1, "")
    data = json.loads(out)
    assert data["facts"]["files"] == ["facts.yaml"]
    assert {i["status"] for i in data["items"]} == {
        "done_on_time", "done_late", "overdue", "open", "waiting", "met", "not_met", "no_data"}


def test_errors_from_outside_exit_2_without_traceback(outside: Path) -> None:
    assert kehoach(outside, "due", "UBND phường 1", "--by", "2024-06-01") == (2, "", (
        "Error: ambiguous agency 'UBND phường 1': it matches 2 agencies; use the id or add the district\n"
        "  Ủy ban nhân dân phường 1 (Thành phố Đông Hà) (ubnd-phuong-1-dong-ha)\n"
        "  Ủy ban nhân dân phường 1 (Thị xã Quảng Trị) (ubnd-phuong-1-quang-tri)\n"))
    code, out, err = kehoach(outside, "status", "so-tu-phap", "--as-of", "2024-13-01")
    assert (code, out) == (2, "")
    assert err == "Error: invalid date for --as-of: '2024-13-01' (month must be in 1..12); " \
                  "expected YYYY-MM-DD or DD/MM/YYYY\n"


def test_explain_and_agencies_from_outside(outside: Path) -> None:
    code, out, err = kehoach(outside, "explain", "pl-1-6-3", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["dates"]["target"] == {"comparator": "ge", "value": 80, "unit": "%", "as_written": "80"}
    code, out, err = kehoach(outside, "agencies", "gio linh", "--format", "csv")
    assert (code, err) == (0, "")
    assert "\nubnd-huyen-gio-linh,Ủy ban nhân dân huyện Gio Linh,district," in out


def test_example_facts_flag_from_outside(outside: Path) -> None:
    code, out, err = kehoach(outside, "status", "Sở Tư pháp", "--as-of", "2024-09-10", "--example-facts",
                             "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["facts"]["files"] == ["<bundled>/facts-2024.yaml"]
    assert {s for s, n in data["summary"].items() if n} == {
        "done_on_time", "done_late", "overdue", "open", "waiting", "met", "not_met", "no_data"}
    code, out, err = kehoach(outside, "obligations", "UBND huyện Gio Linh", "--on", "2024-10-15", "--example-facts",
                             "--format", "json")
    assert (code, err) == (0, "")
    assert "iii-1-a-thuc-thi-phuong-an" in [o["id"] for o in json.loads(out)["obligations"]]
    code, out, err = kehoach(outside, "obligations", "UBND huyện Gio Linh", "--on", "2024-10-15", "--format", "json")
    assert "iii-1-a-thuc-thi-phuong-an" not in [o["id"] for o in json.loads(out)["obligations"]]
