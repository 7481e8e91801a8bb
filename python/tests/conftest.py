"""Shared fixtures: paths, the CLI binary, the generated records."""

import os
import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "python" / "recipes"))


def cli_binary() -> Path | None:
    """The `mojifix` binary: $MOJIFIX_BIN, else target/release/mojifix, else PATH."""
    env = os.environ.get("MOJIFIX_BIN")
    if env:
        return Path(env)
    built = ROOT / "target" / "release" / "mojifix"
    if built.exists():
        return built
    found = shutil.which("mojifix")
    return Path(found) if found else None


@pytest.fixture(scope="session")
def mojifix_bin() -> Path:
    path = cli_binary()
    if path is None or not path.exists():
        pytest.fail("no mojifix binary: run `cargo build --release` or set MOJIFIX_BIN")
    return path
