"""The public API and the bundled catalog as installed."""

from __future__ import annotations

from pathlib import Path

import pytest

import chipspec

BUNDLED = sorted(
    p for p in chipspec.bundled_specs_dir().rglob("*.yaml") if p.name != "vendors.yaml" and p.parent.name != "measured"
)


def test_public_names() -> None:
    assert sorted(chipspec.__all__) == sorted(
        [
            "FIELDS", "PRECISIONS", "Q_", "AmbiguousChipError", "Catalog", "CatalogError", "ChipNotLoadedError",
            "ChipspecError", "OutputError", "Problem", "Provenance", "Source", "Spec", "SpecError",
            "UnknownChipError", "UnknownNameError", "UsageError", "__version__", "bundled_specs_dir", "dump",
            "load_catalog", "load_spec", "ureg", "METRICS", "Comparison", "Metric", "compare", "metric", "register",
            "NOTICE", "RULES", "export_control", "plot", "save", "llm", "load_model", "report", "html_report", "html_site",
        ]
    )  # fmt: skip
    for name in chipspec.__all__:
        assert hasattr(chipspec, name), name


def test_importing_chipspec_loads_neither_pint_nor_matplotlib() -> None:
    import subprocess
    import sys

    code = (
        "import sys, chipspec; c = chipspec.compare(); c.rank('bandwidth_per_watt'); "
        "from chipspec.cli import build_parser; build_parser(); "
        "print(sorted(m for m in ('pint', 'matplotlib', 'tabulate') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_format_list_is_tabulate_s_own() -> None:
    """The CLI lists formats without importing tabulate; every listed one must exist there."""
    import tabulate

    from chipspec.report.text import TABULATE_FORMATS

    assert set(TABULATE_FORMATS) <= set(tabulate.tabulate_formats)


def test_no_import_cycles_lazy_imports_included() -> None:
    """A module imports only modules above it in the pipeline, lazily or not (ast check)."""
    import ast

    package = Path(chipspec.__file__).parent
    names = {
        ".".join(("chipspec", *f.relative_to(package).with_suffix("").parts)).removesuffix(".__init__"): f
        for f in package.rglob("*.py")
    }
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        base = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                parts = base.split(".")[: len(base.split(".")) - node.level + 1]
                target = ".".join(parts + ([node.module] if node.module else []))
                for alias in node.names:
                    full = f"{target}.{alias.name}"
                    deps.add(full if full in names else target)
        graph[name] = {d for d in deps if d in names and d not in (name, "chipspec")}

    def cycle_from(start: str) -> list[str] | None:
        stack = [(start, [start])]
        seen: set[str] = set()
        while stack:
            node, path = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == start:
                    return [*path, nxt]
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
        return None

    cycles = [c for n in graph if (c := cycle_from(n))]
    assert cycles == [], " -> ".join(cycles[0])


def test_bundled_catalog_is_found_from_any_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    catalog = chipspec.load_catalog()
    assert len(catalog) + len(catalog.systems) == len(BUNDLED) >= 5  # chip and system sheets


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_bundled_sheet_loads(path: Path, catalog: chipspec.Catalog) -> None:
    if path.parent.parent.name == "systems":  # specs/systems/<vendor>/<id>.yaml: a system sheet
        system = catalog.systems[path.stem]
        assert path.parent.name == system.id.split("-")[0]
        unsourced = [f for f, p in system.entries.items() if f not in ("name", "vendor", "chip") and not p.explicit]
        assert unsourced == [], f"{system.id}: values without a source of their own"
        return
    chip = catalog.get(path.stem)
    assert chip.id == path.stem
    assert path.parent.name == chip.id.split("-")[0]
    for field in chip:
        p = chip.provenance(field)
        assert p.sources, f"{chip.id} {field} has no source"


SEED = ["thead-ppu", "nvidia-a800", "nvidia-h20", "huawei-ascend-910b", "biren-br104p"]


@pytest.mark.parametrize("chip_id", SEED)
def test_seed_chips_cite_the_report(chip_id: str, catalog: chipspec.Catalog) -> None:
    chip = catalog.get(chip_id)
    assert "guojin-2026-03" in chip.sources
    for field in ("memory.capacity", "memory.type", "interconnect.bandwidth", "host.pcie", "power.tdp"):
        p = chip.provenance(field)
        cites = p.cites("guojin-2026-03") or any(s.key == "guojin-2026-03" for a in p.alternatives for s in a.sources)
        assert cites, f"{chip_id} {field} does not record the report's figure"


def test_installed_package_ships_the_catalog(tmp_path: Path) -> None:
    """Run from an empty folder, so the installed chipspec is imported, not the checkout."""
    import json
    import subprocess
    import sys

    code = (
        "import json, chipspec; c = chipspec.load_catalog(); "
        "print(json.dumps([chipspec.__file__, str(chipspec.bundled_specs_dir()), len(c) + len(c.systems)]))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    if result.returncode != 0 and "No module named 'chipspec'" in result.stderr:
        pytest.skip("chipspec is not installed in this environment")
    assert result.returncode == 0, result.stderr
    module, specs, count = json.loads(result.stdout)
    assert count == len(BUNDLED)
    package = Path(module).parent
    if (package.parent / "pyproject.toml").exists():
        pytest.skip("chipspec is installed in editable mode; CI installs the wheel")
    assert Path(specs) == package / "specs"
