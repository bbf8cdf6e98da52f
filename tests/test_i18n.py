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


def _phrases_asked_for() -> list[tuple[str, int, str]]:
    """Every literal phrase the package asks the words module for: the first argument of
    ``phrase``, ``chart_phrase`` and the local ``say`` helpers (both branches of a
    conditional), with its file and line."""
    import ast

    package = pathlib.Path(i18n.__file__).parent
    found = []
    for path in sorted(package.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if path.name == "i18n.py" or ("phrase(" not in source and "say(" not in source):
            continue  # (the words module itself words keys it is given)
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            if name not in ("phrase", "chart_phrase", "say"):
                continue
            arg = node.args[0]
            options = [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]
            for a in options:
                if isinstance(a, ast.Constant) and isinstance(a.value, str):
                    found.append((str(path.relative_to(package)), a.lineno, a.value))
    return found


def test_every_phrase_the_package_asks_for_has_chinese_words() -> None:
    phrases = _phrases_asked_for()
    assert len(phrases) > 100  # the walk finds the calls (a sanity floor, not a count to keep)
    assert any(p == "bounds: every time is a lower bound, every throughput an upper bound" for _, _, p in phrases)
    missing = [
        f"{path}:{line}: {text!r}"
        for path, line, text in phrases
        if i18n.chart_phrase(text, "zh") == text and not CJK.search(text) and text.strip(" ;,.:") != ""
    ]
    assert missing == []


def test_every_data_check_is_described_in_chinese() -> None:
    """A check's description is its key in the words module: a changed description needs
    its Chinese words changed with it (``chipspec checks --lang zh``)."""
    from chipspec.checks import CHECKS

    missing = [name for name, c in CHECKS.items() if not CJK.search(i18n.phrase(c.description, "zh"))]
    assert missing == []


def test_every_model_part_has_chinese_words() -> None:
    """The weights line names a part when formats differ by part (``--part experts=mxfp4``)."""
    from chipspec.lenses.llm.serving import PARTS as MODEL_PARTS

    assert [p for p in MODEL_PARTS if not re.search(r"[\u3400-\u9fff]|MLP", i18n.phrase(f"part.{p}", "zh"))] == []
