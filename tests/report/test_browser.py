"""The HTML report in a real browser: opened from disk, sorted (by mouse and keyboard),
filtered, a value's source opened, no network request; the site's links followed.

Drives the system's headless Chromium with Selenium (see docs/report.md for why). Skips,
saying how to install one, where no browser is found; .ci/run installs Debian's
``chromium`` and ``chromium-driver``.
"""

from __future__ import annotations

import json
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


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
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
        "--window-size=1400,1000",
    ):
        options.add_argument(arg)
    options.binary_location = binary
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    # An explicit driver path: Selenium Manager never tries to download one.
    browser = webdriver.Chrome(service=Service(chromedriver), options=options)
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
