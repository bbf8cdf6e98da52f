"""The cache of the bundled catalog (chipspec.cache): used only when it is an exact copy,
ignored safely otherwise, never holding user sheets."""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from chipspec import bundled, cache, load
from chipspec.catalog import Catalog
from chipspec.cli import main
from chipspec.errors import CatalogError
from chipspec.version import __version__

SPECS = load.bundled_specs_dir()


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    return folder


# A few bundled sheets, an inheriting pair and a system among them: what the cache keys
# and stores does not depend on how many there are, and each test loads them uncached.
FEW = (
    "vendors.yaml",
    "nvidia/nvidia-h20.yaml",
    "nvidia/nvidia-a100-sxm.yaml",
    "nvidia/nvidia-a800.yaml",
    "huawei/huawei-ascend-910b2.yaml",
    "huawei/huawei-ascend-910b.yaml",
    "systems/nvidia/nvidia-hgx-h20.yaml",
)


@pytest.fixture(autouse=True)
def specs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of a few bundled sheets standing in for the bundled folder."""
    copy = tmp_path / "specs"
    for name in FEW:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SPECS / name, copy / name)
    monkeypatch.setattr(load, "bundled_specs_dir", lambda: copy)
    monkeypatch.setattr(bundled, "bundled_specs_dir", lambda: copy)
    load._bundled_vendors.cache_clear()
    yield copy
    load._bundled_vendors.cache_clear()


def copies(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("bundled-*.pickle"))


def loads_counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the loads of the bundled sheets that the cache lets through."""
    calls: list[int] = []
    real = load.load_catalog

    def counting(*args: object, **kwargs: object) -> Catalog:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(load, "load_catalog", counting)
    return calls


def same(a: Catalog, b: Catalog) -> bool:
    return list(a) == list(b) and dict(a.vendors) == dict(b.vendors) and a.ids == b.ids


def test_the_second_load_reads_the_copy_and_gives_the_same_catalog(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = loads_counted(monkeypatch)
    first = cache.cached_bundled_catalog()
    assert len(calls) == 1 and len(copies(cache_dir)) == 1
    second = cache.cached_bundled_catalog()
    assert len(calls) == 1  # not loaded again
    assert same(first, second) and same(second, load.load_catalog())
    h20 = second.get("h20")
    assert h20.memory.capacity is not None and h20.provenance("memory.capacity").line is not None
    assert second.get("Ascend 910B").id == "huawei-ascend-910b"  # name indexes rebuilt


def test_a_changed_sheet_is_a_new_key(cache_dir: Path, specs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = loads_counted(monkeypatch)
    before = cache.cached_bundled_catalog()
    sheet = next(
        p
        for p in sorted(specs.rglob("*.yaml"))
        if "power:" in p.read_text() and p.name != "vendors.yaml" and p.parent.name != "measured"
    )
    chip_id = sheet.stem
    text = sheet.read_text(encoding="utf-8")
    stat = sheet.stat()
    changed = re.sub(r"^name: ", "name: Cache Test ", text, count=1, flags=re.MULTILINE)
    sheet.write_text(changed, encoding="utf-8")
    os.utime(sheet, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same time: the content decides
    after = cache.cached_bundled_catalog()
    assert len(calls) == 2
    assert after.get(chip_id).name.startswith("Cache Test ")
    assert not before.get(chip_id).name.startswith("Cache Test ")
    assert len(copies(cache_dir)) == 2  # the other key's copy stays (another installation may use it)


def test_a_new_file_is_a_new_key(cache_dir: Path, specs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = loads_counted(monkeypatch)
    cache.cached_bundled_catalog()
    (specs / "notes.txt").write_text("not a sheet\n")
    cache.cached_bundled_catalog()
    assert len(calls) == 2


def test_another_version_is_never_read(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = loads_counted(monkeypatch)
    cache.cached_bundled_catalog()
    monkeypatch.setattr(cache, "__version__", "9.9.9")
    cache.cached_bundled_catalog()
    assert len(calls) == 2
    assert f"bundled-9.9.9-{cache.bundled_key()[:32]}.pickle" in copies(cache_dir)
    assert len(copies(cache_dir)) == 2


def test_changed_code_is_a_new_key(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = cache.bundled_key()
    module = Path(cache.__file__)
    info = module.stat()
    try:
        os.utime(module, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
        assert cache.bundled_key() != key
    finally:
        os.utime(module, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert cache.bundled_key() == key


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-40] + b"\x00" * 40,  # corrupt tail
        lambda data: b"",  # empty
        lambda data: data.replace(b"cache 1\n", b"cache 0\n", 1),  # another format
        lambda data: data.split(b"\n", 2)[0] + b"\n" + b"0" * 64 + b"\n" + data.split(b"\n", 2)[2],  # another key
    ],
)
def test_a_damaged_copy_is_ignored_and_replaced(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, damage: object
) -> None:
    calls = loads_counted(monkeypatch)
    expected = cache.cached_bundled_catalog()
    (path,) = cache_dir.glob("bundled-*.pickle")
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    again = cache.cached_bundled_catalog()
    assert len(calls) == 2 and same(again, expected)
    cache.cached_bundled_catalog()
    assert len(calls) == 2  # the copy was written again


def test_a_copy_someone_else_can_write_is_ignored(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(os, "geteuid"):
        pytest.skip("POSIX permissions only")
    calls = loads_counted(monkeypatch)
    cache.cached_bundled_catalog()
    (path,) = cache_dir.glob("bundled-*.pickle")
    path.chmod(0o666)
    cache.cached_bundled_catalog()
    assert len(calls) == 2


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    assert cache.cache_dir() is None
    calls = loads_counted(monkeypatch)
    cache.cached_bundled_catalog()
    cache.cached_bundled_catalog()
    assert len(calls) == 2


def test_an_unwritable_cache_folder_only_means_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder would be")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    expected = load.load_catalog()
    calls = loads_counted(monkeypatch)
    assert same(cache.cached_bundled_catalog(), expected)
    assert len(calls) == 1 and not (blocker / "cache").exists()


def test_user_sheets_and_preferred_sources_are_never_cached(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = tmp_path / "mine" / "x.yaml"
    sheet.parent.mkdir()
    sheet.write_text("name: X\nvendor: Y\npower:\n  tdp: 100 W\n", encoding="utf-8")
    cache.load_catalog(sheet.parent)
    cache.load_catalog(sheet.parent, bundled=False)
    first = next(iter(next(iter(cache.load_catalog())).sources))  # any source key of the first chip
    cache.load_catalog(prefer_source=first)
    assert copies(cache_dir) == [f"bundled-{__version__}-{cache.bundled_key()[:32]}.pickle"]  # the plain one


def test_a_catalog_with_problems_is_not_cached(cache_dir: Path, specs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (specs / "broken.yaml").write_text("name: [\n", encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        cache.cached_bundled_catalog()
    assert str(info.value).startswith("specs/broken.yaml:")
    assert copies(cache_dir) == []


def test_the_command_line_uses_the_cache(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", "h20"]) == 0
    shown = capsys.readouterr().out
    assert len(copies(cache_dir)) == 1
    calls = loads_counted(monkeypatch)
    assert main(["show", "h20"]) == 0
    assert capsys.readouterr().out == shown and calls == []


def test_the_default_folder_follows_the_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere/cache")
        assert cache.cache_dir() == Path("/somewhere/cache/chipspec")
        monkeypatch.setenv("XDG_CACHE_HOME", "relative")  # not absolute: ignored, as the spec says
        assert cache.cache_dir() == Path.home() / ".cache" / "chipspec"


def test_installations_sharing_the_folder_keep_their_copies(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = loads_counted(monkeypatch)
    cache.cached_bundled_catalog()
    monkeypatch.setattr(cache, "__version__", "9.9.9")  # another installation
    cache.cached_bundled_catalog()
    monkeypatch.setattr(cache, "__version__", __version__)
    cache.cached_bundled_catalog()  # this one's copy is still there
    assert len(calls) == 2


def test_only_the_most_recent_copies_are_kept(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache_dir.mkdir(parents=True)
    for i in range(cache.KEPT + 3):
        old = cache_dir / f"bundled-0.0.{i}-{'0' * 32}.pickle"
        old.write_bytes(b"old")
        os.utime(old, ns=(i * 10**9, i * 10**9))
    cache.cached_bundled_catalog()
    kept = copies(cache_dir)
    assert len(kept) == cache.KEPT
    assert f"bundled-{__version__}-{cache.bundled_key()[:32]}.pickle" in kept
    assert "bundled-0.0.0-" + "0" * 32 + ".pickle" not in kept  # the oldest went first
