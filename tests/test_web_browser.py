"""The web page in a real headless Chromium (Debian's chromium and chromium-driver, through Selenium).

Outside CI the tests skip, saying why, when Chromium or its driver is missing; in CI (CI=true) they fail,
since .ci/run installs both.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from dyad.api.app import create_app, running
from dyad.store import Store
from tests.web_samples import hostile_analysis, sample_analyses

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def _need_browser() -> None:
    missing = [name for name, path in (("chromium", CHROMIUM), ("chromedriver", CHROMEDRIVER)) if not path]
    if not missing:
        return
    reason = f"{' and '.join(missing)} not installed (apt-get install chromium chromium-driver)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("web") / "web.db"
    store = Store(path)
    for analysis in [*sample_analyses(), hostile_analysis()]:
        store.save(analysis)
    store.close()
    with running(create_app(path)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    _need_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-dev-shm-usage", "--window-size=1280,900"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


@pytest.fixture
def shots(tmp_path) -> Path:
    return tmp_path


def assert_not_blank(driver, folder: Path, name: str) -> None:
    """Take a screenshot and check it shows something: many colours, no single colour covering the page."""
    from PIL import Image

    png = driver.get_screenshot_as_png()
    (folder / f"{name}.png").write_bytes(png)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    commonest = max(count for count, _ in colours)
    assert len(colours) > 30, f"{name}: screenshot has only {len(colours)} colours"
    assert commonest / (image.width * image.height) < 0.95, f"{name}: screenshot is almost one colour"


def by_css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def all_css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def test_click_through_article_actor_quotes_timeline_graph(browser, site, shots):
    from selenium.webdriver.common.by import By

    browser.get(site + "/")
    assert_not_blank(browser, shots, "articles")
    browser.find_element(By.LINK_TEXT, "Talks in Vienna").click()
    assert by_css(browser, "h1").text == "Talks in Vienna"
    assert_not_blank(browser, shots, "article")

    by_css(browser, "#item-A1").click()
    evidence = by_css(browser, "#ev-A1")
    assert evidence.is_displayed() and "AUTGOV" in evidence.text
    evidence.find_element(By.PARTIAL_LINK_TEXT, "actor page").click()
    assert by_css(browser, "h1").text == "Anna Keller"
    assert "Foreign Minister" in by_css(browser, "main").text
    assert_not_blank(browser, shots, "actor")

    by_css(browser, "#actor-quotes").click()
    assert by_css(browser, "h1").text == "Quotes"
    assert "We will keep talking until the ceasefire holds" in by_css(browser, ".results").text
    by_css(browser, "#facet-month a.facet-value").click()
    assert "month=" in browser.current_url
    assert_not_blank(browser, shots, "quotes")

    by_css(browser, "#nav-timeline").click()
    by_css(browser, "a.pair").click()
    assert len(all_css(browser, "#timeline-chart polyline")) == 2
    assert_not_blank(browser, shots, "timeline")

    by_css(browser, "#nav-graph").click()
    assert len(all_css(browser, "#relations-graph circle.node")) >= 4
    assert_not_blank(browser, shots, "graph")
    all_css(browser, "#relations-graph a.node-link")[0].click()
    assert "/actor?code=" in browser.current_url


def test_clicking_a_highlighted_word_shows_its_evidence(browser, site):
    browser.get(site + f"/articles/{sample_analyses()[0].article.id}")
    by_css(browser, "#article-text .hl.event").click()
    evidence = by_css(browser, "#ev-E1")
    assert evidence.is_displayed()
    assert "CONSULT" in evidence.text and "Vienna" in evidence.text
    assert [el.text for el in all_css(browser, "#article-text .hl.focus")] == ["met"]


def test_a_link_to_a_quote_opens_the_article_with_it_selected(browser, site):
    browser.get(site + f"/articles/{sample_analyses()[0].article.id}#Q2")
    assert by_css(browser, "#ev-Q2").is_displayed()
    assert (
        "".join(el.text for el in all_css(browser, "#article-text .hl.focus")) == "China would send aid to the region"
    )


def test_the_map_draws_countries_and_event_places(browser, site, shots):
    browser.get(site + "/map")
    assert len(all_css(browser, "#event-map path.country")) > 150
    assert len(all_css(browser, "#event-map circle.place-dot")) == 2
    assert_not_blank(browser, shots, "map")


def test_script_and_html_in_an_article_show_as_text_and_never_run(browser, site, shots):
    browser.get(site + f"/articles/{hostile_analysis().article.id}")
    text = by_css(browser, "#article-text")
    assert "<script>document.title='pwned';window.pwned=1</script>" in text.text
    assert '<img src=x onerror="window.pwned=2' in text.text
    assert all_css(browser, "#article-text img, #article-text b, #article-text script") == []
    assert browser.title == "<script>window.pwned=3</script>Hostile title · dyad"  # the title, as text
    assert browser.execute_script("return typeof window.pwned") == "undefined"
    by_css(browser, "#article-text .hl.event").click()  # the evidence panel shows the payload as text too
    assert browser.execute_script("return typeof window.pwned") == "undefined"
    assert_not_blank(browser, shots, "hostile")


def test_every_page_answers_without_a_server_error(browser, site):
    for path in ("/", "/actors", "/actor?code=RURMIL", "/quotes", "/events", "/timeline", "/graph", "/map"):
        browser.get(site + path)
        assert by_css(browser, "h1").text, path
        assert "Internal Server Error" not in browser.page_source, path
