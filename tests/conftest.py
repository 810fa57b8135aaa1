"""Shared fixtures: where the repository, the bundled spec and the test cases live."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
CASES = REPO_ROOT / "tests" / "cases"


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture
def spec_dir() -> Path:
    from kehoach.resources import bundled_spec_dir

    return bundled_spec_dir()


@pytest.fixture
def cases_dir() -> Path:
    return CASES


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or write the user's cache: each run gets its own cache directory."""
    import os

    os.environ["KEHOACH_CACHE_DIR"] = str(tmp_path_factory.mktemp("kehoach-cache"))
