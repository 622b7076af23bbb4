"""Interactive maps work offline: Leaflet inline from XStatic-Leaflet, nothing from a CDN.

The browser test opens the saved map in headless Debian Chromium with every http(s) request
aborted (as offline) and checks that Leaflet ran, that the buildings and the municipal outline
are drawn and that the no-tiles note shows. The screenshot is kept in ``tests/artifacts/``.
"""

from __future__ import annotations

import re

import pytest
from test_report_browser import ARTIFACTS, CHROMIUM_ARGS, _chromium

from workbench.reference import maps
from workbench.solar import plots
from workbench.solar.run import compute

EXTERNAL = re.compile(r"<(?:script|link)\b[^>]*(?:src|href)=\"https?://", re.I)


@pytest.fixture(scope="module")
def result():
    return compute("Arjeplog")  # SYNTHETIC demo buildings, 720 of them


@pytest.mark.slow
def test_map_html_loads_nothing_from_the_network(result):
    html = plots.interactive_map(result, top_n=5).get_root().render()
    assert not EXTERNAL.search(html)
    assert "Leaflet 1.9.3, a JS library for interactive maps" in html  # the XStatic build
    assert "Arjeplog (municipal boundary, SCB)" in html  # the outline layer
    seats = maps.seats_map("Kiruna").get_root().render()
    assert not EXTERNAL.search(seats) and '"name": "Kiruna"' in seats


def test_untrusted_notebook_gets_a_note_instead_of_folium_text(result):
    shown = plots.interactive_map(result, top_n=5)._repr_html_()
    assert maps.FOLIUM_TRUST_TEXT not in shown
    assert "Interactive map not shown: the notebook is not trusted" in shown
    assert "The static map above shows every building and the municipal outline." in shown


@pytest.mark.browser
@pytest.mark.slow
def test_map_draws_buildings_and_outline_offline_in_chromium(result, tmp_path):
    from playwright.sync_api import sync_playwright

    path = tmp_path / "map.html"
    plots.interactive_map(result, max_buildings=300, top_n=5).save(str(path))
    errors, blocked = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 700})
            page.on("pageerror", lambda e: errors.append(str(e)))

            def offline(route):
                if route.request.url.startswith("file:"):
                    return route.continue_()
                blocked.append(route.request.url)
                return route.abort("internetdisconnected")

            page.route("**/*", offline)
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_timeout(500)
            has_leaflet = page.evaluate("typeof L !== 'undefined' && L.version")
            n_paths = page.locator("path.leaflet-interactive").count()
            note = page.get_by_text(maps.TILES_NOTE).count()
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "map_offline_arjeplog.png"))
        finally:
            browser.close()
    assert errors == []
    assert has_leaflet == "1.9.3"
    assert all("tile.openstreetmap.org" in u for u in blocked) and blocked  # only tiles asked for
    assert n_paths >= 300 + 1  # every building shown and the outline (the seat is a circle path)
    assert note == 1
