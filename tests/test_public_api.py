"""The public names of the sub-packages a user imports, pinned: a rename is a decision."""

from __future__ import annotations

import importlib

import pytest

PUBLIC = {
    "chipspec.report": ["CHART_KINDS"],
    "chipspec.report.views": [
        "View", "catalog_view", "checks_view", "chip_view", "compare_view", "diff_view", "export_view",
        "metrics_view", "models_view", "render_view", "serving_view", "system_view", "systems_view",
    ],
    "chipspec.lenses.export_control": [
        "CONVENTIONS", "EXPORT_PREFIX", "Classification", "Clause", "Convention", "EarlyStart", "Event",
        "ExportFigures", "ExportReading", "ExportResult", "KINDS", "Margin", "NOTICE", "Part", "RULES", "RULE_FIGURES", "Reading", "ReadingFigures",
        "Rule", "Threshold", "classify_figures", "export_control", "rules_in_force", "strictness",
    ],
    "chipspec.i18n": [
        "FLAG_WORDS", "HINTS", "HUMAN", "Hint", "LANGUAGES", "MARK_WORDS", "SHORT", "SURFACES", "chart_phrase",
        "check_language",
        "chip_label", "flag_words", "hint", "human_label", "is_reason", "label", "mark_words", "model_note", "phrase",
        "short_label",
        "vendor_label",
    ],
}  # fmt: skip


@pytest.mark.parametrize("module", sorted(PUBLIC))
def test_public_names_are_pinned(module: str) -> None:
    m = importlib.import_module(module)
    assert sorted(m.__all__) == sorted(PUBLIC[module])
    for name in m.__all__:
        assert getattr(m, name) is not None, (module, name)


def test_report_is_a_package_and_the_page_writers_are_named() -> None:
    import chipspec
    from chipspec.report import html

    assert not callable(chipspec.report)
    assert chipspec.html_report is html.report and chipspec.html_site is html.site
