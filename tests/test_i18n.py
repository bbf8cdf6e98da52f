"""Words: every name a user can see has a label in every language, and the words module is
the only place that holds them."""

from __future__ import annotations

import pathlib
import re

import pytest

from chipspec import i18n
from chipspec.format import FIELDS, PARTS
from chipspec.lenses.export_control import RULE_FIGURES as EXPORT_FIGURES
from chipspec.lenses.llm.serving import FIGURES as LLM_FIGURES
from chipspec.metrics import METRICS

NAMES = sorted({*FIELDS, *PARTS, *METRICS, *LLM_FIGURES, *EXPORT_FIGURES})
CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.mark.parametrize("name", NAMES)
def test_every_name_has_a_chinese_label(name: str) -> None:
    assert CJK.search(i18n.label(name, "zh")) or name in ("host.pcie",), f"{name}: no Chinese label"


@pytest.mark.parametrize("name", sorted({*METRICS, *LLM_FIGURES, *EXPORT_FIGURES}))
def test_every_drawn_figure_has_words_for_a_chart(name: str) -> None:
    assert i18n.human_label(name, "en") != name, f"{name}: no English chart label"
    assert CJK.search(i18n.human_label(name, "zh")), f"{name}: no Chinese chart label"


@pytest.mark.parametrize("code", sorted(i18n.HINTS))
def test_every_hint_has_every_language_on_every_surface(code: str) -> None:
    for surface in i18n.SURFACES:
        for lang in i18n.LANGUAGES:
            assert i18n.hint(code, lang, surface)
    python = i18n.hint(code, "en", "python")
    assert not re.search(r"--[a-z]", python), f"{code}: the Python surface names a command-line flag"


def test_flag_and_mark_words_are_complete() -> None:
    for table in (i18n.FLAG_WORDS, i18n.MARK_WORDS):
        assert set(table) == set(i18n.LANGUAGES)
        assert len({frozenset(words) for words in table.values()}) == 1  # the same keys in each language


def test_no_other_module_keeps_a_chinese_word_table() -> None:
    package = pathlib.Path(i18n.__file__).parent
    tables = re.compile(r"^_?[A-Z_]*ZH[A-Z_]*\s*[:=]", re.M)
    offenders = [
        str(p.relative_to(package))
        for p in package.rglob("*.py")
        if p.name != "i18n.py" and tables.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
