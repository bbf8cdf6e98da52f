"""The command line on small fake catalogs: output, exit codes and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import chipspec
from chipspec.cli import build_parser, main, subcommands
from chipspec.report.text import display_width
from tests.conftest import BAD, CHIPS, MODELS

FAKES = ("--specs", str(CHIPS), "--no-bundled")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_list() -> None:
    code, out, err = run("list", *FAKES)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["id", "vendor", "name", "category", "status", "released"]
    assert [line.split()[0] for line in lines[2:]] == ["fake-alpha", "fake-alpha-lite", "fake-beta", "fake-gamma"]


@pytest.mark.parametrize("fmt", ["json", "csv", "github"])
def test_list_in_file_formats(fmt: str) -> None:
    code, out, _ = run("list", *FAKES, "--vendor", "fakeco", "--format", fmt)
    assert code == 0
    if fmt == "json":
        assert [r["id"] for r in json.loads(out)] == ["fake-alpha", "fake-alpha-lite", "fake-gamma"]
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0][:3] == ["id", "vendor", "name"] and rows[3][4] == "announced"
    else:
        assert out.startswith("| id ")


def test_show_with_sources_metrics_export_and_extra() -> None:
    code, out, _ = run("show", "gamma", "--sources", *FAKES)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Fakeco Gamma 9 (fake-gamma)"
    assert any(line.startswith("interconnect.bandwidth") and "392 GB/s?" in line for line in lines)
    assert any(line.startswith("bandwidth_per_watt") and "3 GB/s/W" in line for line in lines)
    assert any(line.startswith("export: us-3a090-2023") for line in lines)
    assert any(line.startswith("extra.fp64_vector") and "40 TFLOPS" in line for line in lines)
    assert "? interconnect.bandwidth: the source does not say whether 392 GB/s counts one direction or both" in out
    assert "gamma-blog: Gamma 9 blog https://example.com/gamma" in out


def test_show_json_is_complete() -> None:
    code, out, _ = run("show", "fake-alpha", "--format", "json", *FAKES)
    assert code == 0
    record = json.loads(out)
    assert record["fields"]["power.tdp"]["written"] == "500 W"
    assert record["fields"]["power.tdp"]["alternatives"][0]["written"] == "550 W"
    assert record["metrics"]["bandwidth_per_watt"]["value"] == 4.0
    assert record["metrics"]["bandwidth_per_watt"]["flags"] == ["disputed"]
    assert {r["rule"] for r in record["export_control"]} >= {"us-3a090-2023"}


def test_show_prefer_source() -> None:
    code, out, _ = run("show", "fake-alpha", "--prefer-source", "fake-report", *FAKES)
    tdp = next(line for line in out.splitlines() if line.startswith("power.tdp"))
    assert code == 0 and tdp.split()[1:3] == ["550", "W‡"]


def test_unknown_chip_is_a_usage_error_with_a_suggestion() -> None:
    code, out, err = run("show", "gama", *FAKES)
    assert (code, out) == (2, "")
    assert err == "chipspec: error: unknown chip 'gama'; did you mean 'fake-gamma'?\n"


def test_a_chip_whose_sheet_failed_is_invalid_data(tmp_path: Path) -> None:
    (tmp_path / "nvidia-h20.yaml").write_text("name: H20\nvendor: NVIDIA\npower:\n  tdp: 400 V\n")
    (tmp_path / "nvidia-h200.yaml").write_text("name: H200 SXM\nvendor: NVIDIA\n")
    for command in (["compare", "h20"], ["show", "h20"], ["export-control", "h20"]):
        code, out, err = run(*command, "--specs", str(tmp_path), "--no-bundled")
        assert (code, out) == (1, ""), command
        assert err.splitlines()[-1].startswith("chipspec: error: nvidia-h20 did not load: ")
        assert "H200" not in err
    # Named beside a chip that loaded, it costs nothing else: the other is shown, exit 1.
    for command in (["compare", "h20", "h200"], ["export-control", "h200", "h20"]):
        code, out, err = run(*command, "--specs", str(tmp_path), "--no-bundled")
        assert code == 1 and "H200 SXM" in out, command
        assert "error: nvidia-h20 did not load: " in err


def test_diff_names_what_differs() -> None:
    code, out, _ = run("diff", "fake-alpha", "lite", *FAKES)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "fake-alpha vs fake-alpha-lite"
    changed = {line.split()[0] for line in lines[3:] if line and not line.startswith(("*", "?", "1"))}
    assert changed >= {"name", "interconnect.bandwidth", "power.tdp"}
    assert "memory.capacity" not in changed
    assert run("diff", "alpha", "fake-alpha", *FAKES)[0] == 2


def test_diff_machine_formats_are_lossless(tmp_path: Path) -> None:
    # Two chips with the same vendor and name: the machine formats key them by id.
    for stem, tdp, bw in (("twin-a", "400 W", "2 TB/s"), ("twin-b", "500 W", None)):
        memory = f"memory:\n  bandwidth: {bw}\n" if bw else ""
        (tmp_path / f"{stem}.yaml").write_text(
            f"name: Twin\nvendor: TestCo\ncategory: GPU\n{memory}power:\n  tdp: {tdp}\n"
            'sources:\n  s: {title: "Test", url: "https://example.com/twin"}\n',
            encoding="utf-8",
        )
    code, out, err = run("diff", "twin-a", "twin-b", "--specs", str(tmp_path), "--no-bundled", "--format", "json")
    assert code == 0, err
    rows = {r["field"]: r for r in json.loads(out)}
    assert rows["power.tdp"]["twin-a"] == 400 and rows["power.tdp"]["twin-b"] == 500
    assert rows["power.tdp"]["twin-a unit"] == "W" and rows["power.tdp"]["twin-a flags"] == []
    assert rows["memory.bandwidth"]["twin-a"] == 2000 and rows["memory.bandwidth"]["twin-b"] is None
    code, out, _ = run("diff", "twin-a", "twin-b", "--specs", str(tmp_path), "--no-bundled", "--format", "csv")
    header, *body = list(csv.reader(io.StringIO(out)))
    assert len(set(header)) == len(header) and header[:4] == ["field", "twin-a", "twin-a unit", "twin-a flags"]
    bandwidth = next(r for r in body if r[0] == "memory.bandwidth")
    assert bandwidth[:7] == ["memory.bandwidth", "2000", "GB/s", "", "", "", ""]
    assert all("—" not in cell for row in body for cell in row)


def test_validate_ok_and_bad() -> None:
    code, out, _ = run("validate", str(CHIPS))
    assert code == 0 and out.strip() == "4 sheet(s) checked: 4 valid, 0 invalid; all good"
    code, out, err = run("validate", str(BAD / "wrong-dimension.yaml"), str(BAD / "several.yaml"), str(CHIPS))
    assert code == 1
    assert out.splitlines() == [
        f"{BAD / 'wrong-dimension.yaml'}:4: memory.bandwidth: expected a bandwidth like '3.35 TB/s', got '700 W' "
        "('W' is a power)",
        f"{BAD / 'several.yaml'}:5: memory.bandwidth: expected a bandwidth like '3.35 TB/s', got '700 W' "
        "('W' is a power)",
        f"{BAD / 'several.yaml'}:7: power.tdp: expected a power like '400 W', got the bare number 400 (missing unit)",
    ]
    assert err == "6 sheet(s) checked: 4 valid, 2 invalid; FAILED\n"


def test_bad_user_specs_keep_the_rest() -> None:
    code, out, err = run("list", "--specs", str(BAD / "zero.yaml"), *FAKES)
    assert code == 1
    assert "fake-beta" in out
    assert err.startswith(f"error: {BAD / 'zero.yaml'}:4: power.tdp:")


# --- compare ----------------------------------------------------------------------------


@pytest.mark.parametrize("width", [60, 80, 100])
def test_compare_fits_the_width_and_drops_nothing(width: int) -> None:
    code, out, _ = run("compare", *FAKES, "--width", str(width))
    assert code == 0
    table = out.split("\n\n")[0].splitlines()
    assert max(display_width(line) for line in table) <= width
    assert "more column(s) not shown" not in out
    assert all(short in out for short in ("BW/W", "TF/W", "Ridge"))


def test_compare_terminal_width_comes_from_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "70")
    _, out, _ = run("compare", *FAKES)
    assert max(display_width(line) for line in out.split("\n\n")[0].splitlines()) <= 70


def test_compare_flags_only_doubt_and_explains_each() -> None:
    _, out, _ = run("compare", *FAKES, "--precision", "bf16", "--width", "200")
    assert "* sources disagree · ? basis not stated (link direction, dense or sparse) · ~ estimated" in out
    assert "* Fakeco Alpha 100, power.tdp: 500 W; also published: 550 W (fake-report) (BW/W, TF/W rest on it)" in out
    assert "~ Fakeco Gamma 9, memory.capacity: 48 GB is an estimate (gamma-blog)" in out
    # gamma's bandwidth has a note and a 'reported' confidence only: no mark
    gamma = next(line for line in out.splitlines() if line.startswith("Fakeco Gamma 9"))
    assert "1200 " in gamma and "1200*" not in gamma


def test_compare_says_how_to_include_chips_without_the_precision() -> None:
    _, out, _ = run("compare", *FAKES, "--precision", "fp16", "--width", "200")
    assert "lacking compute.fp16" in out and "--precision 16bit" in out


def test_baseline_columns() -> None:
    code, out, _ = run(
        "compare",
        "alpha",
        "beta 7",
        *FAKES,
        "--columns",
        "bandwidth_per_watt",
        "--baseline",
        "beta 7",
        "--format",
        "github",
    )
    assert code == 0
    alpha = next(line for line in out.splitlines() if "Alpha 100" in line)
    assert "1.4x" in alpha  # 4 / (1000/350) = 1.4
    # The machine formats carry the multiples too, at full precision, with their flags.
    args = ("compare", "alpha", "beta 7", *FAKES, "--columns", "bandwidth_per_watt", "--baseline", "beta 7")
    records = {r["id"]: r for r in json.loads(run(*args, "--format", "json")[1])}
    assert records["fake-alpha"]["bandwidth_per_watt x fake-beta"] == pytest.approx(4 / (1000 / 350), rel=1e-12)
    assert records["fake-beta"]["bandwidth_per_watt x fake-beta"] == 1.0
    assert isinstance(records["fake-alpha"]["bandwidth_per_watt x fake-beta flags"], list)
    for fmt in ("csv", "csv-long", "tsv"):
        head = run(*args, "--format", fmt)[1].splitlines()[0]
        assert "bandwidth_per_watt x fake-beta" in head, fmt


def test_sort_with_rank_is_refused() -> None:
    code, _, err = run("compare", *FAKES, "--sort", "power.tdp", "--rank", "bandwidth_per_watt")
    assert code == 2 and "cannot be combined" in err


def test_csv_is_lossless_with_sources() -> None:
    code, out, _ = run(
        "compare", *FAKES, "--columns", "memory.capacity,power.tdp,bandwidth_per_watt", "--format", "csv", "--sources"
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    beta = next(r for r in rows if r["id"] == "fake-beta")
    assert float(beta["memory.capacity (GB)"]) == 64 * 2**30 / 1e9  # full precision
    assert beta["memory.capacity written"] == "64 GiB"
    assert float(beta["bandwidth_per_watt (GB/s/W)"]) == 1000 / 350
    alpha = next(r for r in rows if r["id"] == "fake-alpha")
    assert alpha["power.tdp flags"] == "disputed"
    assert alpha["power.tdp alternatives"] == "550 W (fake-report): marked with an asterisk"
    assert alpha["power.tdp urls"] == "https://example.com/alpha.pdf"
    lite = next(r for r in rows if r["id"] == "fake-alpha-lite")
    assert all("*" not in v and "—" not in v for v in lite.values())


def test_csv_urls_keep_one_slot_per_source(tmp_path: Path) -> None:
    (tmp_path / "two.yaml").write_text(
        "name: Two\nvendor: TestCo\npower:\n  tdp: {value: 350 W, source: [report, blog]}\n"
        'sources:\n  report: {title: "A report"}\n  blog: {title: "A blog", url: "https://example.com/blog"}\n',
        encoding="utf-8",
    )
    args = ("compare", "--specs", str(tmp_path), "--no-bundled", "--columns", "power.tdp", "--sources")
    (row,) = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv")[1])))
    assert row["power.tdp source"] == "report;blog"
    assert row["power.tdp urls"] == ";https://example.com/blog"  # the report has none: its slot is empty


def test_long_csv_has_one_row_per_chip_and_column() -> None:
    code, out, _ = run("compare", *FAKES, "--columns", "memory.capacity,power.tdp", "--format", "csv-long")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 4 * 2
    assert rows[0]["column"] == "memory.capacity" and rows[0]["value"] == "80" and rows[0]["unit"] == "GB"


def test_json_round_trips_to_the_catalog() -> None:
    code, out, _ = run(
        "compare",
        *FAKES,
        "--columns",
        "memory.bandwidth,power.tdp",
        "--format",
        "json",
        "--sources",
        "--rank",
        "power.tdp",
    )
    assert code == 0
    records = json.loads(out)
    catalog = chipspec.load_catalog(CHIPS, bundled=False)
    for rec in records:
        chip = catalog.get(rec["id"])
        assert rec["power.tdp"]["value"] == chip.magnitude("power.tdp")
        assert rec["memory.bandwidth"]["value"] == chip.magnitude("memory.bandwidth")
    # lower power is better: beta 350 W, then lite and gamma at 400 W (a tie), then alpha 500 W
    assert [(r["id"], r["rank"]) for r in records] == [
        ("fake-beta", 1),
        ("fake-alpha-lite", 2),
        ("fake-gamma", 2),
        ("fake-alpha", 4),
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["compare", "--vendor", "Fakoc"], "unknown vendor 'Fakoc'; did you mean 'Fakeco'?"),
        (["compare", "--category", "FPGA"], "unknown category 'FPGA'"),
        (["compare", "--country", "XX"], "unknown country 'XX'"),
        (["compare", "--format", "markdown"], "unknown format 'markdown'; did you mean 'github'?"),
        (["compare", "--fields", "tdp"], "unknown metric or field 'tdp'; did you mean 'power.tdp'?"),
        (["compare", "--precision", "fp17"], "unknown precision 'fp17'; did you mean 'fp16'?"),
        (["compare", "--score", "memory.type=1"], "cannot score the text field 'memory.type'"),
        (["compare", "--pareto", "name"], "cannot put on a Pareto front the text field 'name'"),
        (["compare", "--score", "bandwidth_per_watt=x"], "--score: expected metric=weight"),
        (["compare", "--plot", ""], "--plot: expected a file name"),
        (["compare", "--lang", "fr"], "unknown language 'fr'"),
        (["compare", "--width", "5"], "--width: expected 20 to 1000 columns"),
        (["compare", "--width", "0"], "--width: expected 20 to 1000 columns"),
        (["compare", "--score", "power.tdp=1,memory.capacity=1,power.tdp=3"], "'power.tdp' is weighted twice"),
        (["compare", "--score", ""], "--score: expected column names, got an empty string"),
        (["compare", "--pareto", " "], "--pareto: expected column names, got an empty string"),
        (["compare", "--columns", ""], "--columns: expected column names"),
        (["compare", "--vendor", "fakecoo"], "unknown vendor 'fakecoo'; did you mean 'Fakeco'?"),
        (["export-control", "--as-of", ""], "--as-of: expected a date"),
        (["show", "fake-alpha", "--format", "csv-long"], "--format csv-long: one row per chip and column is for"),
        (["export-control", "--format", "tsv-long"], "--format tsv-long: one row per chip and column is for"),
        (["report", "-o", "r.html", "--as-of", ""], "--as-of: expected a date"),
        (["plot", "roofline", "-o", "x.png", "--columns", "power.tdp"], "a roofline chart takes no columns"),
        (
            ["plot", "bar", "-o", "x.png", "--columns", "power.tdp,memory.capacity"],
            "a bar chart takes exactly 1 column",
        ),
        (["plot", "bar", "-o", ""], "-o: expected a file name"),
        (["plot", "bar", "-o", "x.gif"], "unknown image format '.gif'"),
        (["export-control", "--as-of", "2024-13-01"], "--as-of: expected a date"),
    ],
)
def test_mistakes_get_one_line_errors_with_suggestions(argv: list[str], message: str) -> None:
    code, out, err = run(*argv, *FAKES)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err, err


def test_precision_is_case_insensitive() -> None:
    code, out, _ = run("compare", *FAKES, "--precision", "FP16", "--columns", "compute")
    assert code == 0 and "FP16" in out


def test_chip_names_may_follow_options(tmp_path: Path) -> None:
    code, _, err = run(
        "plot", "bar", "-o", str(tmp_path / "x.svg"), "--columns", "bandwidth_per_watt", "alpha", "beta 7", *FAKES
    )
    assert code == 0 and err == f"wrote {tmp_path / 'x.svg'}\n"
    code, out, _ = run("compare", "--columns", "power.tdp", "alpha", *FAKES, "beta 7")
    assert code == 0 and "Beta 7" in out and "Gamma" not in out


def test_repeated_chips_are_merged() -> None:
    _, out, _ = run("compare", "alpha", "fake-alpha", "Alpha 100", *FAKES, "--columns", "power.tdp")
    assert out.count("Fakeco Alpha 100 ") == 1


def test_usage_errors_exit_2() -> None:
    assert run("frobnicate")[0] == 2
    assert run("show")[0] == 2
    assert run("list", "--bogus")[0] == 2
    code, out, _ = run("--help")
    assert code == 0 and "exit status" in out


def test_every_command_has_examples() -> None:
    for name, sub in subcommands(build_parser()).items():
        assert "examples:" in sub.format_help(), name


def test_python_dash_m_works_and_starts_without_matplotlib() -> None:
    code = "import sys, chipspec.cli as c; c.main(['list']); print('matplotlib' in sys.modules, 'pint' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().endswith("False False")
    result = subprocess.run(
        [sys.executable, "-m", "chipspec", "show", "fake-alpha", *FAKES], capture_output=True, text=True
    )
    assert result.returncode == 0 and "fake-alpha" in result.stdout


def _examples() -> list[str]:
    """Every 'chipspec ...' example line of every command's --help (continuations joined)."""
    parser = build_parser()
    texts = [parser.epilog or ""] + [sub.epilog or "" for sub in subcommands(parser).values()]
    joined = "\n".join(texts).replace("\\\n", " ")
    return sorted({line.strip() for line in joined.splitlines() if line.strip().startswith("chipspec ")})


def _whole_catalog_render(example: str) -> bool:
    """A report, or a chart of every bundled chip (the examples name no chips there)."""
    argv = example.split()[1:]
    return argv[:1] == ["report"] or argv[:2] in (["plot", "bar"], ["compare", "--plot"])


@pytest.mark.parametrize(
    "example",
    # the whole-catalog site and report render 100+ pages or every chart, and a chart of the
    # whole catalog takes seconds: the slow campaign runs them
    [pytest.param(e, marks=pytest.mark.slow) if _whole_catalog_render(e) else e for e in _examples()],
)
def test_every_help_example_runs(example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shlex
    import shutil

    # the examples name a user folder and a user sheet by relative path
    shutil.copytree(CHIPS, tmp_path / "my-specs")
    shutil.copy(CHIPS / "fake-beta.yaml", tmp_path / "my-chip.yaml")
    (tmp_path / "my-model").mkdir()
    shutil.copy(MODELS / "config.json", tmp_path / "my-model")
    monkeypatch.chdir(tmp_path)
    argv = shlex.split(example)[1:]
    if ">" in argv:
        argv = argv[: argv.index(">")]
    code, out, err = run(*argv)
    assert code == 0, (example, err)
    assert out or err


def test_a_compare_where_every_sheet_failed_is_invalid_data_not_usage(tmp_path: Path) -> None:
    """Found by the fuzz test: it said 'no chips to show (check --vendor ...)', exit 2."""
    sheet = tmp_path / "x.yaml"
    sheet.write_text("name: X\nvendor: NVIDIA\ncategory: GPU\nmemory:\n  capacity: 5 parsecs\n", encoding="utf-8")
    code, out, err = run("compare", "--no-bundled", "--specs", str(sheet))
    assert code == 1 and out == ""
    assert f"{sheet}:5: memory.capacity: expected a memory size" in err
    assert "--vendor" not in err


def test_scoring_a_property_without_a_direction_is_a_usage_error() -> None:
    code, out, err = run("compare", "h20", "910b", "--score", "bandwidth_per_watt=2,ridge_point=1")
    assert code == 2 and out == ""
    assert err.strip() == (
        "chipspec: error: cannot score 'ridge_point': it has no better direction (a property: more is neither "
        "better nor worse); say which way you want it: 'ridge_point:lower' or 'ridge_point:higher', or a negative "
        "weight (ridge_point=-1 for lower)"
    )
    for stated in ("ridge_point=-1", "ridge_point:lower=1"):
        code, out, _ = run("compare", "h20", "910b", "--score", f"bandwidth_per_watt=2,{stated}", "--format", "json")
        assert code == 0
        assert json.loads(out)[0]["id"] == "nvidia-h20"  # the lower knee: 37 against 235
    code, _, err = run("compare", "h20", "910b", "--rank", "ridge_point")
    assert code == 2 and "'ridge_point:lower' or 'ridge_point:higher'" in err
    code, out, _ = run("compare", "h20", "910b", "--sort", "ridge_point", "--format", "json")
    assert code == 0 and [r["id"] for r in json.loads(out)] == ["huawei-ascend-910b", "nvidia-h20"]


def test_every_command_handler_is_short() -> None:
    """Issue 18: the CLI is parse -> view -> render -> print -> exit code; a handler that
    grows past 30 lines has taken work the library or the report layer should do."""
    import ast

    import chipspec.cli

    tree = ast.parse(Path(chipspec.cli.__file__).read_text(encoding="utf-8"))
    handlers = {n.name: (n.end_lineno or n.lineno) - n.lineno + 1 for n in tree.body if isinstance(n, ast.FunctionDef)}
    long = {name: lines for name, lines in handlers.items() if name.startswith("_cmd_") and lines > 30}
    assert len([n for n in handlers if n.startswith("_cmd_")]) >= 12 and long == {}
