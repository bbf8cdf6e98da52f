"""The HTML report in a real browser: opened from disk, sorted (by mouse and keyboard),
filtered, a value's source opened, no network request; the site's links followed.

Drives the system's headless Chromium with Selenium (see docs/report.md for why). Skips,
saying how to install one, where no browser is found; .ci/run installs Debian's
``chromium`` and ``chromium-driver``.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chipspec.report.html import report, site

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL = (
    "no headless browser: install Chromium and its driver from your distribution "
    "(Debian: apt-get install chromium chromium-driver) and selenium (pip install '.[test]')"
)
pytestmark = pytest.mark.slow  # a real browser: CI runs it (CHIPSPEC_FULL_TESTS=1)
SEED = ["thead-ppu", "nvidia-a800", "nvidia-h20", "huawei-ascend-910b", "biren-br104p", "nvidia-h100-sxm"]


def _browser(width: int, height: int, phone: bool = False) -> Any:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip(INSTALL)
    binary = next((b for b in map(shutil.which, BROWSERS) if b), None)
    chromedriver = shutil.which("chromedriver")
    if binary is None or chromedriver is None:
        pytest.skip(INSTALL)
    options = webdriver.ChromeOptions()
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--window-size={width},{height}",
    ):
        options.add_argument(arg)
    if phone:  # a phone's viewport, touch and device-width layout, as Chromium's device mode gives
        metrics = {"width": width, "height": height, "pixelRatio": 1}
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
    options.binary_location = binary
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    # An explicit driver path: Selenium Manager never tries to download one.
    return webdriver.Chrome(service=Service(chromedriver), options=options)


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    browser = _browser(1400, 1000)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def phone() -> Iterator[Any]:
    """A 390 px wide phone screen (an iPhone 12-15's CSS width)."""
    browser = _browser(390, 844, phone=True)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    report(SEED, llm="llama-3.1-70b", llm_options={"group_size": 2}, path=path)
    return path


def _requests(driver: Any) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _column(driver: Any, table: str = "comparison-table") -> int:
    from selenium.webdriver.common.by import By

    heads = driver.find_elements(By.CSS_SELECTOR, f"#{table} thead th")
    return next(i for i, th in enumerate(heads) if th.text.startswith("MemBW"))


def _values(driver: Any, col: int) -> list[float | None]:
    from selenium.webdriver.common.by import By

    rows = driver.find_elements(By.CSS_SELECTOR, "#comparison-table tbody tr")
    out: list[float | None] = []
    for row in rows:
        if not row.is_displayed():
            continue
        cell = row.find_elements(By.CSS_SELECTOR, "th, td")[col]
        key = cell.get_attribute("data-sort")
        out.append(float(key) if key else None)
    return out


def test_the_report_sorts_filters_and_opens_sources_offline(driver: Any, page: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    driver.get(page.as_uri())
    assert driver.find_element(By.TAG_NAME, "h1").text.startswith("chipspec")
    col = _column(driver)
    head = driver.find_elements(By.CSS_SELECTOR, "#comparison-table thead th")[col]
    head.find_element(By.TAG_NAME, "button").click()  # bandwidth: higher is better, best first
    assert head.get_attribute("aria-sort") == "descending"
    known = [v for v in _values(driver, col) if v is not None]
    assert known == sorted(known, reverse=True) and len(known) >= 4
    assert _values(driver, col)[-1] is None  # the PPU publishes no bandwidth: last
    head.find_element(By.TAG_NAME, "button").send_keys(Keys.ENTER)  # the keyboard sorts too
    assert head.get_attribute("aria-sort") == "ascending"
    known = [v for v in _values(driver, col) if v is not None]
    assert known == sorted(known)
    assert _values(driver, col)[-1] is None  # unknown stays last either way

    Select(driver.find_element(By.CSS_SELECTOR, "form.filters select[name=vendor]")).select_by_value("NVIDIA")
    shown = [r for r in driver.find_elements(By.CSS_SELECTOR, "#comparison-table tbody tr") if r.is_displayed()]
    assert {r.get_attribute("data-vendor") for r in shown} == {"NVIDIA"} and len(shown) == 3
    assert driver.find_element(By.CSS_SELECTOR, "form.filters .count").text == "3 / 6"

    cell = next(
        r.find_elements(By.CSS_SELECTOR, "td")[col - 1]
        for r in shown
        if r.find_element(By.CSS_SELECTOR, "th").text.startswith("NVIDIA H20")
    )
    summary = cell.find_element(By.TAG_NAME, "summary")
    summary.click()
    details = cell.find_element(By.TAG_NAME, "details")
    assert details.get_attribute("open") is not None
    box = details.find_element(By.TAG_NAME, "div")
    assert box.is_displayed() and "Sources" in box.text
    link = box.find_element(By.TAG_NAME, "a")
    assert link.get_attribute("href").startswith("https://")
    summary.send_keys(Keys.ESCAPE)
    assert details.get_attribute("open") is None

    assert driver.find_element(By.ID, "serving-table").is_displayed()
    assert driver.find_elements(By.CSS_SELECTOR, "figure svg")
    requests = _requests(driver)
    assert requests and all(u.startswith(("file:", "data:", "about:")) for u in requests), requests


def test_the_site_links_work_from_disk(driver: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    site(tmp_path / "site")
    driver.get((tmp_path / "site" / "index.html").as_uri())
    driver.find_element(By.CSS_SELECTOR, 'a[href="chips/nvidia-h20.html"]').click()
    assert driver.find_element(By.TAG_NAME, "h1").text == "NVIDIA H20"
    assert "nvidia-h20.html" in driver.current_url
    driver.find_element(By.LINK_TEXT, "Back to the catalog").click()
    assert driver.current_url.endswith("/index.html")
    requests = _requests(driver)
    assert all(u.startswith(("file:", "data:", "about:")) for u in requests), requests


@pytest.fixture(scope="module")
def nvidia_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import chipspec

    folder = tmp_path_factory.mktemp("site") / "site"
    site(folder, chipspec.load_catalog().filter(vendor=["NVIDIA"]))
    return folder


def test_on_a_phone_the_chip_column_stays_while_the_numbers_scroll(phone: Any, page: Path) -> None:
    from selenium.webdriver.common.by import By

    phone.get(page.as_uri())
    assert phone.execute_script("return window.innerWidth") == 390
    # the page itself never scrolls sideways: the table and the charts do, in their frames
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 390
    frame = phone.find_element(By.CSS_SELECTOR, "#comparison .scroll")
    assert phone.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth + 200", frame)
    row = phone.find_elements(By.CSS_SELECTOR, "#comparison-table tbody tr")[2]
    chip, last = row.find_element(By.TAG_NAME, "th"), row.find_elements(By.TAG_NAME, "td")[-1]
    before = (chip.rect["x"], last.rect["x"])
    phone.execute_script("arguments[0].scrollLeft = 10000", frame)
    moved = phone.execute_script("return arguments[0].scrollLeft", frame)
    assert moved > 200
    assert chip.rect["x"] == pytest.approx(before[0], abs=1), "the chip column stays put"
    assert last.rect["x"] == pytest.approx(before[1] - moved, abs=1), "the numbers move"
    # and the chip's name is on top, readable, not under the scrolled cells
    x, y = chip.rect["x"] + 10, chip.rect["y"] + chip.rect["height"] / 2
    on_top = phone.execute_script("return document.elementFromPoint(arguments[0], arguments[1])", x, y)
    assert on_top == chip or chip.find_elements(By.XPATH, ".//*").count(on_top) == 1
    assert chip.text.strip() and chip.rect["width"] <= 150


def test_on_a_phone_charts_keep_their_size_and_scroll(phone: Any, page: Path) -> None:
    from selenium.webdriver.common.by import By

    phone.get(page.as_uri())
    figures = phone.find_elements(By.CSS_SELECTOR, "figure")
    assert len(figures) >= 4
    for figure in figures:
        svg = figure.find_element(By.TAG_NAME, "svg")
        drawn = phone.execute_script("return arguments[0].viewBox.baseVal.width", svg) * 4 / 3  # pt -> CSS px
        assert svg.rect["width"] == pytest.approx(drawn, rel=0.01), "full size: text as drawn, never 3 px"
        assert phone.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", figure)
        hint = figure.find_element(By.CSS_SELECTOR, ".phone-hint")
        assert hint.is_displayed() and "Scroll sideways" in hint.text


def test_on_a_desktop_charts_fit_and_say_nothing_of_scrolling(driver: Any, page: Path) -> None:
    from selenium.webdriver.common.by import By

    driver.get(page.as_uri())
    for figure in driver.find_elements(By.CSS_SELECTOR, "figure"):
        assert not driver.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", figure)
        assert not figure.find_element(By.CSS_SELECTOR, ".phone-hint").is_displayed()


@pytest.mark.parametrize("screen", ["driver", "phone"])
def test_a_chip_page_shows_its_figures_on_the_first_screen(
    screen: str, request: pytest.FixtureRequest, nvidia_site: Path
) -> None:
    from selenium.webdriver.common.by import By

    browser = request.getfixturevalue(screen)
    browser.get((nvidia_site / "chips" / "nvidia-h20.html").as_uri())
    height, width = browser.execute_script("return [window.innerHeight, window.innerWidth]")
    cards = browser.find_elements(By.CSS_SELECTOR, "#figures dl.figures > div")
    assert len(cards) >= 6
    first = cards[0]
    assert first.rect["y"] + first.rect["height"] < height, "a figure on the first screen"
    assert re.match(r"Dense compute \(16bit\)\n148", first.text), first.text
    bandwidth = next(c for c in cards if c.text.startswith("Memory bandwidth"))
    summary = bandwidth.find_element(By.TAG_NAME, "summary")
    summary.click()
    box = bandwidth.find_element(By.CSS_SELECTOR, "details > div")
    assert box.is_displayed() and "Sources" in box.text
    assert box.rect["x"] >= 0 and box.rect["x"] + box.rect["width"] <= width + 1, "the sources open on screen"
    assert box.find_element(By.TAG_NAME, "a").get_attribute("href").startswith("https://")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width
    browser.find_element(By.TAG_NAME, "h1").click()  # a tap elsewhere closes it (a phone has no Escape)
    assert bandwidth.find_element(By.TAG_NAME, "details").get_attribute("open") is None


@pytest.mark.parametrize("screen", ["driver", "phone"])
def test_a_chip_page_gives_its_serving_headline_on_any_screen(
    screen: str, request: pytest.FixtureRequest, nvidia_site: Path
) -> None:
    from selenium.webdriver.common.by import By

    browser = request.getfixturevalue(screen)
    browser.get((nvidia_site / "chips" / "nvidia-h100-sxm.html").as_uri())
    width = browser.execute_script("return window.innerWidth")
    cards = browser.find_elements(By.CSS_SELECTOR, "#serving dl.figures > div")
    assert [c.text.split("\n")[:2] for c in cards] == [
        ["Decode throughput per chip (bound)", "1388 tokens/s"],
        ["Decode throughput per chip (calibrated estimate)", "1388 tokens/s"],
    ]
    for card in cards:
        assert card.is_displayed() and card.rect["x"] >= 0 and card.rect["x"] + card.rect["width"] <= width + 1
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width
    command = browser.find_element(By.CSS_SELECTOR, "#serving code")
    assert command.text == "chipspec llm llama-3.1-8b nvidia-h100-sxm --batch 8 --context 4096"
