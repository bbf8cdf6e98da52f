"""Tables as text: each format renders its footnotes in its own form, the terminal table
fits its width and aligns wide (CJK) characters, and machine formats carry no marks."""

from __future__ import annotations

import csv
import html.parser
import io
import json
import re

import pytest

import chipspec
from chipspec.comparison import compare
from chipspec.report.tables import comparison_table
from chipspec.report.text import (
    FORMATS,
    Cell,
    Footnote,
    Head,
    Table,
    display_width,
    format_number,
    render,
    transpose,
    wrap_cell,
)


@pytest.fixture(scope="module")
def table(fakes: chipspec.Catalog) -> Table:
    return comparison_table(compare(fakes, ["memory.capacity", "power.tdp", "bandwidth_per_watt"], "bf16"))


def test_github_footnotes_are_a_markdown_list_with_escaped_marks(table: Table) -> None:
    text = render(table, "github")
    lines = text.splitlines()
    assert lines[0].startswith("| chip ") and "power.tdp (W) |" in lines[0]
    notes = [line for line in lines if line.startswith("- ")]
    assert notes[0] == "- \\* sources disagree · \\~ estimated"
    assert (
        "- \\* Fakeco Alpha 100, power.tdp: 500 W; also published: 550 W \\(fake\\-report\\) \\(BW/W rest on it\\)"
        in notes
    )
    assert "500\\*" in text  # the mark, escaped: it renders as 500*


def test_latex_escapes_text_and_marks(table: Table) -> None:
    text = render(table, "latex")
    assert "\\begin{tabular}" in text
    assert "power.tdp (W)" in text
    assert "500$^{*}$" in text
    assert (
        "\\begin{itemize}" in text
        and "\\item $^{*}$ Fakeco Alpha 100, power.tdp: 500 W; also published: 550 W (fake-report)" in text
    )
    assert "48$^{\\sim}$" in text  # the estimate mark, escaped for LaTeX


def test_html_footnotes_are_markup(table: Table) -> None:
    text = render(table, "html")
    assert text.startswith("<table>")
    assert '<ul class="footnotes">' in text and "<li>* Fakeco Alpha 100, power.tdp: 500 W" in text
    parser = html.parser.HTMLParser()
    parser.feed(text)  # well-formed enough to parse


@pytest.mark.parametrize(
    "fmt",
    [f for f in FORMATS if f not in ("csv", "tsv", "csv-long", "tsv-long", "json", "github", "pipe", "latex", "html")],
)
def test_every_text_format_keeps_its_footnotes(table: Table, fmt: str) -> None:
    text = render(table, fmt)
    assert "power.tdp" in text
    assert "also published: 550 W (fake-report)" in text


def test_csv_carries_flags_as_data_not_marks(table: Table) -> None:
    rows = list(csv.reader(io.StringIO(render(table, "csv"))))
    assert rows[0] == [
        "chip",
        "memory.capacity (GB)",
        "memory.capacity flags",
        "power.tdp (W)",
        "power.tdp flags",
        "bandwidth_per_watt (GB/s/W)",
        "bandwidth_per_watt flags",
    ]
    alpha = rows[1]
    assert alpha[3:5] == ["500", "disputed"]
    assert all("*" not in cell and "—" not in cell for row in rows for cell in row)


def test_json_of_a_table(table: Table) -> None:
    data = json.loads(render(table, "json"))
    # JSON is data: numbers as numbers, flags as a list, unknown as null
    assert data[0]["power.tdp (W)"] == 500 and data[0]["power.tdp flags"] == ["disputed"]
    assert all(not isinstance(v, str) or "—" not in v for row in data for v in row.values())


def test_cjk_is_measured_as_two_columns() -> None:
    assert display_width("昇腾 910B") == 9
    assert display_width("a\u0301") == 1  # combining accent
    table = Table(
        [Head("chip", "芯片", numeric=False), Head("p", "功耗", "功耗", "W")],
        [[Cell("昇腾 910B"), Cell("350", 350)], [Cell("NVIDIA H20"), Cell("400", 400)]],
        lang="zh",
    )
    lines = render(table, "terminal").splitlines()
    assert len({display_width(line) for line in lines[3:5]}) == 1  # both rows end in the same column
    simple = render(table, "simple").splitlines()
    assert len({display_width(line) for line in simple[2:4]}) == 1  # tabulate, measuring with wcwidth


def test_transpose_keeps_footnotes(table: Table) -> None:
    t = transpose(table, "parameter")
    assert [h.label for h in t.heads][:2] == ["parameter", "Fakeco Alpha 100"]
    assert t.footnotes == table.footnotes


def test_terminal_pages_columns_that_do_not_fit_and_drops_none() -> None:
    heads = [Head("chip", "chip", numeric=False)] + [Head(f"c{i}", f"column.{i}", f"C{i}", "GB/s") for i in range(20)]
    heads[19] = Head("c18", "column.18", "C18", "GB/s", keep=True)  # asked for: on the first page
    rows = [[Cell("chip a")] + [Cell(str(1000 + i), 1000.0 + i) for i in range(20)]]
    text = render(Table(heads, rows), "terminal", width=60)
    assert max(display_width(line) for line in text.splitlines()) <= 60
    assert "more column(s) not shown" not in text
    pages = text.split("part ")[1:]
    assert [p.split("\n")[0] for p in pages] == [f"{k} of 3 (the first column repeats)" for k in (1, 2, 3)]
    assert all("chip a" in p for p in pages)  # the first column repeats on every page
    assert "1018" in pages[0]  # the kept column leads
    for i in range(20):
        assert str(1000 + i) in text


def test_terminal_wraps_long_text_instead_of_dropping_the_column() -> None:
    note = "a long note " * 12
    heads = [Head("field", "field", numeric=False), Head("value", "value", numeric=False)]
    rows = [[Cell("process"), Cell("TSMC N7")], [Cell("extra.note"), Cell(note.strip())]]
    text = render(Table(heads, rows), "terminal", width=60)
    lines = text.splitlines()
    assert max(display_width(line) for line in lines) <= 60
    assert "TSMC N7" in text and "part 1" not in text
    # every word of the note is there, in order, over several lines of the value column
    assert " ".join(" ".join(line.split()) for line in lines[3:]).replace("extra.note ", "") == note.strip()


def test_wrap_cell_breaks_a_word_longer_than_the_column() -> None:
    assert wrap_cell("abcdefghij kl", 4) == ["abcd", "efgh", "ij", "kl"]
    assert wrap_cell("昇腾910B", 4) == ["昇腾", "910B"]
    assert wrap_cell("short", 10) == ["short"]


def test_chinese_wraps_between_characters_without_adding_spaces() -> None:
    from chipspec.report.text import wrap_text

    text = "Llama-3.1-70B: 批量 1，上下文 4,096 词元（提示 4,096）；界：所有时间均为下界，所有吞吐均为上界；权重 bf16"
    lines = wrap_text(text, 24)
    assert [line.strip() for line in lines] == [
        "Llama-3.1-70B: 批量 1，",
        "上下文 4,096 词元",
        "（提示 4,096）；界：",
        "所有时间均为下界，所",
        "有吞吐均为上界；权重",
        "bf16",
    ]
    assert all(display_width(line) <= 24 for line in lines)
    assert all(line.strip()[0] not in "，；：）" for line in lines)  # a closing mark never begins a line
    assert all(line.rstrip()[-1] != "（" for line in lines)  # an opening mark never ends one
    assert "".join(line.strip() for line in lines).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize(("value", "text"), [(153.0161, "153"), (0.0270270, "0.02703"), (14000.0, "14000"), (4.0, "4")])
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text


def test_unknown_format_suggests() -> None:
    with pytest.raises(chipspec.UnknownNameError, match="did you mean 'github'"):
        render(Table([Head("a", "a")], []), "markdown")


def test_markdown_cells_escape_the_cell_separator() -> None:
    table = Table(
        [Head("chip", "chip", numeric=False), Head("p", "power", "TDP", "W")],
        [[Cell("Ev|l <b>x</b> *a*"), Cell("400", 400, "*")], [Cell("Plain"), Cell("350", 350)]],
    )
    for fmt in ("github", "pipe"):
        lines = render(table, fmt).splitlines()
        body = [line for line in lines if line.startswith("|")][2:]
        # a row has as many unescaped separators as the header: the name did not add a cell
        assert all(len(re.findall(r"(?<!\\)\|", line)) == 3 for line in body), body
        assert "Ev\\|l \\<b\\>x\\</b\\> \\*a\\*" in body[0] and "400\\*" in body[0]


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_spreadsheet_formulas_in_text_are_neutralised_and_numbers_kept(fmt: str) -> None:
    heads = [Head("chip", "chip", numeric=False), Head("p", "power", "TDP", "W"), Head("r", "ratio", "r")]
    names = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx", "a=b"]
    rows = [[Cell(n, raw=n), Cell("-5", -5.0), Cell("1e-05", 1e-05)] for n in names]
    text = render(Table(heads, rows), fmt)
    read = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t" if fmt == "tsv" else ","))
    assert [r[0] for r in read[1:]] == [
        "'=HYPERLINK(\"http://x\",\"y\")", "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx", "a=b"
    ]  # fmt: skip
    assert {(r[1], r[2]) for r in read[1:]} == {("-5", "1e-05")}  # numbers unchanged, lossless


def test_a_comparison_csv_neutralises_a_sheet_name() -> None:
    from chipspec.report.views import compare_view, render_view
    from tests.strategies import make_chip

    chip = make_chip("evil", vendor="@cmd", name="=1+1", power__tdp="400 W")
    for view in (compare_view(compare([chip], ["power.tdp"])),):
        text = render_view(view, "csv")
        assert text.splitlines()[1] == "evil,'=1+1,'@cmd,400,", text


def test_mediawiki_and_rst_cells_show_markup_literally() -> None:
    table = Table(
        [Head("chip", "chip", numeric=False), Head("p", "power", "TDP", "W")],
        [[Cell("A|b [[Link]] {{tpl}} ''x'' <b>"), Cell("400", 400, "*")], [Cell("Plain"), Cell("350", 350)]],
        [Footnote("*", "A|b [[Link]]: *x*")],
    )
    wiki = render(table, "mediawiki")
    assert "<nowiki>A|b [[Link]] {{tpl}} ''x'' &lt;b&gt;</nowiki>" in wiki
    assert "| Plain " in wiki  # plain text stays plain
    assert "<nowiki>* A|b [[Link]]: *x*</nowiki>" in wiki
    rst = render(table, "rst")
    assert "A\\|b \\[\\[Link\\]\\] {{tpl}} ''x'' \\<b\\>" in rst and "400\\*" in rst
    assert "\\* A\\|b \\[\\[Link\\]\\]: \\*x\\*" in rst
