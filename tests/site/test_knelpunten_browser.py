"""The knelpunten report in Chromium: axe, CSP, and the print view as a PDF on A4.

The PDF is made with page.pdf() (print media, A4 from the stylesheet), read back with
poppler's pdftotext per page and rendered with pdftoppm to grey-scale images (Debian
poppler-utils, installed by scripts/ensure-chromium.sh with chromium).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.site import knelpunten_fixture
from tests.site.conftest import BuiltSite, build_site, serious_violations
from werkcafe.pagecost import serve

SITE = "https://werkcafe.example/"
SECTIONS_NL = ("De grootste knelpunten", "Thema's die stegen of daalden", "Per gemeente",
               "Zo tellen we")
A4_POINTS = (595, 842)  # 210 x 297 mm
DPI = 50
WORD = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*?)</word>')


@pytest.fixture(scope="module")
def wave2_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site built on the hand-made export with the wave-2 fields."""
    workdir = tmp_path_factory.mktemp("wave2-build")
    knelpunten_fixture.write(workdir / "export")
    return build_site(workdir, export=False)


@pytest.fixture(scope="module")
def wave2_url(wave2_site: BuiltSite) -> Iterator[str]:
    with serve(wave2_site.path) as url:
        yield url


def poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.fail(f"{tool} is missing: run `make test` (scripts/ensure-chromium.sh installs "
                    "Debian's poppler-utils)")
    return found


def print_pdf(page, url: str, target: Path) -> Path:
    page.goto(url)
    page.emulate_media(media="print")
    page.pdf(path=str(target), prefer_css_page_size=True, print_background=True)
    return target


def pdf_pages(pdf: Path) -> list[str]:
    info = subprocess.run([poppler("pdfinfo"), str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    count = int(next(line.split()[-1] for line in info.splitlines()
                     if line.startswith("Pages:")))
    size = next(line for line in info.splitlines() if line.startswith("Page size:"))
    width, height = (round(float(x)) for x in size.split()[2:5:2])
    assert (width, height) == A4_POINTS, size
    return [subprocess.run([poppler("pdftotext"), "-f", str(n), "-l", str(n), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
            for n in range(1, count + 1)]


def grey_pages(pdf: Path, directory: Path) -> list[tuple[int, int, bytes]]:
    """Each page as (width, height, 8-bit grey pixels), via pdftoppm's PGM output."""
    subprocess.run([poppler("pdftoppm"), "-gray", "-r", str(DPI), str(pdf),
                    str(directory / "page")], check=True)
    images = []
    for path in sorted(directory.glob("page-*.pgm")):
        data = path.read_bytes()
        header = data.split(maxsplit=4)  # P5, width, height, maxval, pixels
        assert header[0] == b"P5"
        width, height = int(header[1]), int(header[2])
        images.append((width, height, data[len(data) - width * height:]))
    return images


def mm(value: float) -> int:
    return round(value / 25.4 * DPI)


def placed_words(pdf: Path, pages: int) -> list[list[tuple[float, str]]]:
    """Per page: (top in points, word) for every word, from pdftotext -bbox."""
    result = []
    for number in range(1, pages + 1):
        out = subprocess.run([poppler("pdftotext"), "-bbox", "-f", str(number), "-l",
                              str(number), str(pdf), "-"], capture_output=True, text=True,
                             check=True).stdout
        result.append([(float(y), html.unescape(w)) for y, w in WORD.findall(out)])
    return result


def check_running_header(pdf: Path, pages: list[str], images: list[tuple[int, int, bytes]],
                         permanent: str, date: str, running: str) -> None:
    """Every page: the date and permanent URL as text, inked at the top, and a clear band
    between that line and the content (the header covers no text)."""
    assert len(images) == len(pages)
    words = placed_words(pdf, len(pages))
    for number, (text, (width, _, pixels)) in enumerate(zip(pages, images, strict=True), 1):
        assert permanent in text.replace("\n", ""), f"page {number}: no permanent URL"
        assert date in text, f"page {number}: no date"

        def dark(row: int) -> int:
            line = pixels[row * width:(row + 1) * width]
            return sum(1 for p in line if p < 128)

        # The running line's rule: the first row inked across most of the page width.
        rule = next((r for r in range(mm(10), mm(30)) if dark(r) > 0.7 * width), None)
        assert rule is not None, f"page {number}: no running line at the top"
        assert sum(dark(r) for r in range(mm(10), rule)) > 50, f"page {number}: no text"
        # Below it a clear band: the content starts lower on every page (continuation pages
        # included), so the line's white background hides nothing.
        gap = range(rule + 2, rule + mm(2))
        assert all(dark(r) == 0 for r in gap), f"page {number}: content under the running line"
        # No text hidden under the line's white background: every word placed above the
        # rule belongs to the running line itself.
        above = [w for y, w in words[number - 1] if y / 72 * DPI < rule]
        assert " ".join(above) == " ".join(running.split()), f"page {number}: {above}"


def body_lines(text: str, permanent: str) -> list[str]:
    """A page's text lines after the running line (which ends with the permanent URL)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for index in range(len(lines)):
        if permanent in "".join(lines[:index + 1]):
            return lines[index + 1:]
    raise AssertionError(f"no running line with {permanent} on the page")


def section_starts(pages: list[str], headings: tuple[str, ...], permanent: str) -> list[int]:
    """The page each section heading starts: the first line under the running line (the
    first section follows the title on page 1)."""
    starts = []
    for heading in headings:
        found = [n for n, text in enumerate(pages)
                 if (body := body_lines(text, permanent)) and body[0] == heading
                 or n == 0 and heading == headings[0] and heading in body]
        assert found, f"{heading!r} does not start a page"
        starts.append(found[0])
    return starts


def test_report_prints_on_a4_one_page_per_section(page_with_traffic, site_url, tmp_path):
    """Demo data, 2026 K2: every section is short, so exactly one page each."""
    page, _ = page_with_traffic()
    pdf = print_pdf(page, site_url + "/ervaringen/knelpunten/2026-k2/", tmp_path / "r.pdf")
    pages = pdf_pages(pdf)
    permanent = f"{SITE}ervaringen/knelpunten/2026-k2/"
    assert len(pages) == len(SECTIONS_NL)
    assert section_starts(pages, SECTIONS_NL, permanent) == [0, 1, 2, 3]
    assert body_lines(pages[0], permanent)[0] == "Knelpunten 2026 K2"
    running = page.locator(".wc-print-running").text_content()
    assert running.endswith(permanent) and "30 november 2026" in running
    check_running_header(pdf, pages, grey_pages(pdf, tmp_path), permanent, "30 november 2026",
                         running)


def test_full_report_prints_each_section_from_a_new_page(page_with_traffic, wave2_url,
                                                         tmp_path):
    """The hand-made export fills every section; a long section may take more pages, but
    each section starts on a new one, in order, and every page has the running line."""
    page, _ = page_with_traffic()
    pdf = print_pdf(page, wave2_url + "/en/ervaringen/knelpunten/2026-k3/", tmp_path / "r.pdf")
    pages = pdf_pages(pdf)
    permanent = f"{SITE}en/ervaringen/knelpunten/2026-k3/"
    headings = ("The biggest bottlenecks", "Themes that rose or fell", "By municipality",
                "How we count")
    starts = section_starts(pages, headings, permanent)
    assert starts[0] == 0 and starts == sorted(set(starts))
    assert len(pages) == starts[-1] + 1  # the method fits on the last page
    running = page.locator(".wc-print-running").text_content()
    check_running_header(pdf, pages, grey_pages(pdf, tmp_path), permanent, "November 30, 2026",
                         running)


@pytest.mark.parametrize("path", ["/ervaringen/knelpunten/2026-k3/", "/en/ervaringen/knelpunten/",
                                  "/ervaringen/open-data/"])
def test_axe_on_the_full_report(page_with_traffic, wave2_url, path):
    page, _ = page_with_traffic()
    page.goto(wave2_url + path)
    assert serious_violations(page) == []


def test_axe_on_the_demo_report_and_a_topic_with_recognition(page_with_traffic, site_url):
    page, _ = page_with_traffic()
    page.goto(site_url + "/ervaringen/knelpunten/")
    assert serious_violations(page) == []


def test_charts_have_a_table_beside_them_and_no_script(page_with_traffic, wave2_url):
    page, _ = page_with_traffic(javascript=False)
    page.goto(wave2_url + "/ervaringen/knelpunten/2026-k3/")
    charts = page.locator("figure.wc-report-chart svg[role=img]")
    assert charts.count() == 2
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.get_attribute("aria-labelledby")
        assert chart.locator("xpath=ancestor::section//table").count() >= 1
    # Hatched pattern for the earlier quarter, solid for the current one: not colour alone.
    assert page.locator("#chart-themas-hatch").count() == 1
    assert page.locator("script[src*='chart'], script:not([src]):not([type='application/json'])"
                        ).count() == 0


def test_topic_page_says_how_many_recognise_it(page_with_traffic, wave2_url):
    page, _ = page_with_traffic(javascript=False)
    page.goto(wave2_url + "/ervaringen/onderwerp/1036/")
    block = page.locator(".wc-herkenbaar")
    assert "10 mensen herkennen dit" in block.inner_text()
    assert block.locator("a").get_attribute("href") == "https://forum.werkcafe.nl/t/1036"
    page.goto(wave2_url + "/en/ervaringen/alle/")
    assert "10 people recognise this" in page.locator(".wc-topic-list").inner_text()
