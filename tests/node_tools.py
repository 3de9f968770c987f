"""The Node tools some tests run (tests/package.json: Spectral, Redocly, playwright-core),
installed into tests/node_modules with ``npm ci`` by .ci/run, or here on first use."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

__all__ = ["NODE_DIR", "chromium", "node_tool"]

NODE_DIR = Path(__file__).resolve().parent
_MODULES = NODE_DIR / "node_modules"


def _unavailable(reason: str) -> None:
    """Skip on a developer's machine without Node; fail in CI, where .ci/run installs it."""
    if os.environ.get("CI"):
        pytest.fail(reason + " (CI installs it: see .ci/run)")
    pytest.skip(reason)


def _installed() -> None:
    if (_MODULES / ".package-lock.json").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        _unavailable("npm is not installed")
        return
    result = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"], cwd=NODE_DIR, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        _unavailable("npm ci in tests/ failed: " + result.stderr[-2000:])


def node_tool(*parts: str) -> Path:
    """A file under tests/node_modules (a tool's entry point), installing them if needed."""
    _installed()
    path = _MODULES.joinpath(*parts)
    if not path.exists():
        _unavailable(f"{path} is missing after npm ci")
    return path


def chromium() -> str:
    """Debian's chromium, which .ci/run installs; the browser tests skip without it."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("chromium is not installed and could not be (.ci/run runs `apt-get install -y chromium`)")
    return found
