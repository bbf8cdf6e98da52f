"""Views: one per command, shared by the CLI and Python; render_view is the one JSON path."""

from __future__ import annotations

import json

import pytest

import chipspec
from chipspec.cli import main
from chipspec.report.views import catalog_view, chip_view, compare_view, export_view, render_view
from tests.conftest import CHIPS

FAKES = ["--no-bundled", "--specs", str(CHIPS)]


def cli(*argv: str) -> str:
    import io

    out, err = io.StringIO(), io.StringIO()
    assert main(list(argv), out, err) == 0, err.getvalue()
    return out.getvalue()


def test_the_cli_prints_what_the_view_renders(fakes: chipspec.Catalog) -> None:
    comparison = chipspec.compare(fakes, ["bandwidth_per_watt"])
    view = compare_view(comparison, rank="bandwidth_per_watt")
    for fmt in ("github", "json", "csv", "csv-long"):
        shown = cli(
            "compare", *FAKES, "--columns", "bandwidth_per_watt", "--rank", "bandwidth_per_watt", "--format", fmt
        )
        assert shown.rstrip("\n") == render_view(view, fmt).rstrip("\n"), fmt


def test_json_is_the_views_data(fakes: chipspec.Catalog) -> None:
    view = catalog_view(fakes)
    assert json.loads(render_view(view, "json")) == view.data()
    assert [r["id"] for r in view.data()] == list(fakes.ids)
    chip = fakes.get("fake-alpha")
    assert json.loads(render_view(chip_view(chip), "json"))["id"] == "fake-alpha"


def test_a_view_title_only_in_the_plain_formats(fakes: chipspec.Catalog) -> None:
    view = chip_view(fakes.get("fake-alpha"))
    assert render_view(view, "terminal").startswith(view.title)
    assert not render_view(view, "github").startswith(view.title)


def test_only_a_comparison_has_a_long_form(fakes: chipspec.Catalog) -> None:
    with pytest.raises(chipspec.UsageError, match="one row per chip and column is for a comparison"):
        render_view(export_view(chipspec.export_control(list(fakes))), "csv-long")


def test_one_ordering_at_a_time(fakes: chipspec.Catalog) -> None:
    comparison = chipspec.compare(fakes, ["bandwidth_per_watt"])
    with pytest.raises(chipspec.UsageError, match="order by one of sort, rank, score or pareto, got sort, rank"):
        compare_view(comparison, sort="bandwidth_per_watt", rank="bandwidth_per_watt")


def test_export_control_speaks_the_asked_language(fakes: chipspec.Catalog) -> None:
    en = cli("export-control", *FAKES)
    zh = cli("export-control", *FAKES, "--lang", "zh")
    assert en != zh


def test_every_command_with_lang_checks_it() -> None:
    import io

    for command in (["list"], ["metrics"], ["checks"], ["export-control"], ["llm", "--list"], ["compare"]):
        err = io.StringIO()
        assert main([*command, "--lang", "fr"], io.StringIO(), err) == 2, command
        assert "unknown language 'fr'" in err.getvalue(), (command, err.getvalue())
