"""The command's entry point: one BLAS thread unless the user says otherwise."""

from __future__ import annotations

import os

import pytest

from chipspec import __main__ as entry
from chipspec import cli


def run_entry(monkeypatch: pytest.MonkeyPatch) -> str | None:
    seen: list[str | None] = []
    monkeypatch.setattr(cli, "run", lambda: seen.append(os.environ.get("OPENBLAS_NUM_THREADS")))
    entry.main()
    return seen[0]


def test_the_command_runs_one_blas_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    assert run_entry(monkeypatch) == "1"


def test_a_user_s_setting_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    assert run_entry(monkeypatch) == "4"


def test_importing_the_library_leaves_the_environment_alone() -> None:
    import subprocess
    import sys

    code = "import os, chipspec; chipspec.load_catalog(); print(os.environ.get('OPENBLAS_NUM_THREADS'))"
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "None"
