"""The installed package carries its data: a wheel built from this tree holds the bundled spec,
every schema, py.typed and the console script, and the spec it ships validates clean."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{done.stderr[-2000:]}")
    (found,) = out.glob("kehoach-*.whl")
    return found


def test_wheel_ships_spec_schemas_and_types(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    spec_files = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "spec").rglob("*") if p.is_file())
    schema_files = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "schema").glob("*.json"))
    assert spec_files and schema_files
    for rel in spec_files + schema_files:
        assert f"kehoach/_bundled/{rel}" in names, rel
    assert "kehoach/py.typed" in names
    assert "kehoach/_bundled/examples/facts-2024.yaml" in names  # for `--example-facts`
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "kehoach = kehoach._entry:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_version_matches_metadata() -> None:
    from importlib.metadata import version

    import kehoach

    assert kehoach.__version__ == version("kehoach")


def test_installed_bundled_spec_validates_from_outside_the_repo(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEHOACH_")}
    env["KEHOACH_CACHE_DIR"] = str(tmp_path / "cache")
    done = subprocess.run([sys.executable, "-m", "kehoach", "validate"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("ok: ")


def test_every_public_name_resolves() -> None:
    import kehoach

    for name in kehoach.__all__:
        assert getattr(kehoach, name) is not None, name
    assert sorted(kehoach.__all__) == sorted(set(kehoach.__all__))
