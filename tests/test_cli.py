"""The command line: output, exit codes, and no tracebacks."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from chipspec.cli import build_parser, main, subcommands
from tests.conftest import BAD, CHIPS


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_list_bundled() -> None:
    code, out, err = run("list")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["id", "vendor", "name", "category", "released"]
    ids = [line.split()[0] for line in lines[2:]]
    assert {"thead-ppu", "nvidia-a800", "nvidia-h20", "huawei-ascend-910b", "biren-br104p"} <= set(ids)
    assert ids == sorted(ids)


def test_list_filters_and_own_specs() -> None:
    code, out, _ = run("list", "--specs", str(CHIPS), "--no-bundled", "--vendor", "fakeco")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()[2:]] == ["fake-alpha", "fake-alpha-lite"]


def test_show_with_sources() -> None:
    code, out, _ = run("show", "fake alpha", "--sources", "--specs", str(CHIPS), "--no-bundled")
    assert code == 0
    assert out.splitlines()[0] == "Fakeco Alpha 100 (fake-alpha)"
    tdp = next(line for line in out.splitlines() if line.startswith("power.tdp"))
    assert tdp.split()[:4] == ["power.tdp", "500", "W", "fake-brief"]
    assert "official" in tdp
    assert "[1] alternative 550 W from fake-report: marked with an asterisk" in out
    assert "fake-brief: Alpha 100 brief https://example.com/alpha.pdf" in out


def test_show_prefer_source() -> None:
    code, out, _ = run("show", "h20", "--prefer-source", "guojin-2026-03")
    assert code == 0
    tdp = next(line for line in out.splitlines() if line.startswith("power.tdp"))
    assert tdp.split()[1:3] == ["550", "W"]


def test_show_unknown_chip_is_usage_error() -> None:
    code, out, err = run("show", "h2")
    assert code == 2 and out == ""
    assert err == "chipspec: error: unknown chip 'h2'; did you mean 'nvidia-h20', 'nvidia-h200'?\n"


def test_validate_bundled_ok() -> None:
    code, out, _ = run("validate")
    assert code == 0
    assert out.strip().endswith("invalid") and ", 0 invalid" in out


def test_validate_bad_files_exit_1() -> None:
    code, out, err = run("validate", str(BAD / "wrong-dimension.yaml"), str(BAD / "several.yaml"), str(CHIPS))
    assert code == 1
    assert out.splitlines() == [
        f"{BAD / 'wrong-dimension.yaml'}:4: memory.bandwidth: expected a bandwidth like '3.35 TB/s', got '700 W' "
        "('W' is a power)",
        f"{BAD / 'several.yaml'}:5: memory.bandwidth: expected a bandwidth like '3.35 TB/s', got '700 W' "
        "('W' is a power)",
        f"{BAD / 'several.yaml'}:7: power.tdp: expected a power like '400 W', got the bare number 400 (missing unit)",
    ]
    assert err == "5 sheet(s) checked: 3 valid, 2 invalid\n"


def test_bad_user_specs_keep_the_rest(tmp_path: Path) -> None:
    code, out, err = run("list", "--specs", str(BAD / "zero.yaml"), "--specs", str(CHIPS), "--no-bundled")
    assert code == 1
    assert "fake-beta" in out
    assert err.startswith(f"error: {BAD / 'zero.yaml'}:4: power.tdp:")


def test_usage_error_exit_2() -> None:
    code, _, err = run("frobnicate")
    assert code == 2
    assert "invalid choice" in err


def test_schema_is_json_and_lists_fields() -> None:
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert set(schema["properties"]["memory"]["properties"]) == {"capacity", "type", "bandwidth"}
    assert schema["properties"]["compute"]["additionalProperties"] is False


def test_every_command_has_examples() -> None:
    for name, sub in subcommands(build_parser()).items():
        assert "examples:" in sub.format_help(), name


def test_python_dash_m_and_no_matplotlib_on_start() -> None:
    code = "import sys, chipspec.cli as c; c.main(['list']); print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().endswith("False")
    result = subprocess.run([sys.executable, "-m", "chipspec", "show", "a800"], capture_output=True, text=True)
    assert result.returncode == 0 and "nvidia-a800" in result.stdout


@pytest.mark.parametrize("argv", [["show"], ["list", "--bogus"], ["compare-not"]])
def test_argparse_errors_are_exit_2(argv: list[str]) -> None:
    assert run(*argv)[0] == 2


def _examples() -> list[str]:
    """Every 'chipspec ...' example line of every command's --help (continuations joined)."""
    parser = build_parser()
    texts = [parser.epilog or ""] + [sub.epilog or "" for sub in subcommands(parser).values()]
    joined = "\n".join(texts).replace("\\\n", " ")
    return sorted({line.strip() for line in joined.splitlines() if line.strip().startswith("chipspec ")})


@pytest.mark.parametrize("example", _examples())
def test_every_help_example_runs(example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shlex
    import shutil

    # the examples name a user folder and a bundled sheet by relative path
    shutil.copytree(CHIPS, tmp_path / "my-specs")
    (tmp_path / "specs" / "nvidia").mkdir(parents=True)
    shutil.copy(chipspec_bundled() / "nvidia" / "nvidia-h20.yaml", tmp_path / "specs" / "nvidia")
    monkeypatch.chdir(tmp_path)
    argv = shlex.split(example)[1:]
    if "schema" in argv:
        argv = argv[: argv.index(">")] if ">" in argv else argv
    code, out, err = run(*argv)
    assert code == 0, (example, err)
    assert out or err


def chipspec_bundled() -> Path:
    import chipspec

    return chipspec.bundled_specs_dir()
