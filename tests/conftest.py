"""The one global conftest: shared fixtures and the opt-in browser tests."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--browser-tests", action="store_true", default=False,
        help="run the real-browser UI tests (Playwright + Debian chromium); CI always passes it",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--browser-tests"):
        return
    skip = pytest.mark.skip(reason="browser test: pass --browser-tests to run it")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the checkout; tests that need it skip cleanly without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared (reference data) is not present on this machine")
    return SHARED


@pytest.fixture(scope="session")
def settings():  # type: ignore[no-untyped-def]
    """Default settings, built without reading the environment or a settings file."""
    from saidwhat.config import load_settings

    return load_settings(env={}, workers=1)
