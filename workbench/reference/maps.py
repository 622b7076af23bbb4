"""Interactive maps (folium) that work offline and survive HTML export.

folium loads Leaflet, jQuery, Bootstrap and Font Awesome from CDNs, so its maps are blank
without a network. :class:`OfflineMap` loads nothing: Leaflet 1.9.3 (the version folium 0.20
pins) is written inline from the PyPI package XStatic-Leaflet (the upstream ``dist`` build,
BSD-2-Clause), and the maps here use only Leaflet (vector layers, tooltips and an HTML legend;
no awesome markers, no d3 colour bar). Background tiles still need the network: offline they
stay grey and a note says so, while the buildings, the municipal outline
(:mod:`workbench.reference.boundaries`) and the seat are drawn from the page itself.

A notebook opened with stored outputs that is not trusted shows no scripts at all; the map's
place then holds a note pointing to the static map instead of folium's bare "Make this
Notebook Trusted".
"""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path

import folium
import geopandas as gpd
from branca.element import Element, MacroElement
from jinja2 import Template
from xstatic.pkg import leaflet as xstatic_leaflet

from workbench.reference import boundaries
from workbench.reference import kommuner as km

LEAFLET_VERSION = "1.9.3"
FOLIUM_TRUST_TEXT = "Make this Notebook Trusted to load map: File -> Trust Notebook"
UNTRUSTED_NOTE = (
    "Interactive map not shown: the notebook is not trusted, so its scripts do not run "
    "(run the cell again, or File → Trust Notebook)."
)
TILES_NOTE = (
    "No network: background map tiles are not loaded; buildings, the municipal outline and "
    "the seat are drawn without them."
)
OUTLINE_STYLE = {"color": "#222222", "weight": 2.5, "fill": False, "dashArray": "6 4"}


@cache
def leaflet_assets() -> tuple[str, str]:
    """Leaflet's JavaScript and CSS from XStatic-Leaflet (``leaflet.js``, ``leaflet.css``)."""
    base = Path(xstatic_leaflet.BASE_DIR)
    if xstatic_leaflet.VERSION != LEAFLET_VERSION:
        raise RuntimeError(
            f"XStatic-Leaflet {xstatic_leaflet.VERSION} installed; expected {LEAFLET_VERSION}, "
            "the Leaflet version folium's templates are written for"
        )
    return (
        (base / "leaflet.js").read_text(encoding="utf-8"),
        (base / "leaflet.css").read_text(encoding="utf-8"),
    )


class _Raw(Element):
    """Text put into the page as it is (not parsed as a Jinja template)."""

    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


class _InlineLeaflet(MacroElement):
    """Leaflet's CSS and JavaScript inline in the page header, and the no-tiles note."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }}, shown = false;
            map.eachLayer(function (layer) {
                if (!(layer instanceof L.TileLayer)) { return; }
                layer.on("tileerror", function () {
                    if (shown) { return; }
                    shown = true;
                    var note = L.control({position: "bottomleft"});
                    note.onAdd = function () {
                        var div = L.DomUtil.create("div");
                        div.style.cssText = "background:#fff;padding:3px 6px;font:12px sans-serif;max-width:22em";
                        div.textContent = {{ this.tiles_note | tojson }};
                        return div;
                    };
                    note.addTo(map);
                });
            });
        })();
        {% endmacro %}"""
    )

    def __init__(self):
        super().__init__()
        self._name = "inline_leaflet"
        self.tiles_note = TILES_NOTE

    def render(self, **kwargs):
        figure = self.get_root()
        js, css = leaflet_assets()
        figure.header.add_child(_Raw(f"<style>{css}</style>"), name="leaflet_css")
        figure.header.add_child(_Raw(f"<script>{js}</script>"), name="leaflet_js")
        super().render(**kwargs)


class _Legend(MacroElement):
    """A colour bar in plain HTML and CSS (folium's branca colour bar needs d3 from a CDN)."""

    _template = Template(
        """{% macro html(this, kwargs) %}
        <div style="position:absolute;top:10px;right:10px;z-index:1000;background:#fff;
                    padding:6px 8px;font:12px sans-serif;border-radius:3px">
          <div>{{ this.caption }}</div>
          <div style="width:180px;height:10px;background:linear-gradient(to right,{{ this.colors|join(',') }})"></div>
          <div style="display:flex;justify-content:space-between"><span>{{ this.vmin }}</span><span>{{ this.vmax }}</span></div>
        </div>
        {% endmacro %}"""
    )

    def __init__(self, colors, vmin: str, vmax: str, caption: str):
        super().__init__()
        self.colors, self.vmin, self.vmax, self.caption = list(colors), vmin, vmax, escape(caption)


class OfflineMap(folium.Map):
    """A folium map that loads no script or style sheet from the network.

    ``fallback`` is the sentence shown in place of the map where scripts do not run (an
    untrusted notebook), e.g. where the same content is shown statically.
    """

    default_js: list = []
    default_css: list = []

    def __init__(self, *args, fallback: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fallback = fallback
        _InlineLeaflet().add_to(self)

    def _repr_html_(self, **kwargs) -> str:
        html = super()._repr_html_(**kwargs)
        note = escape(f"{UNTRUSTED_NOTE} {self.fallback}".strip())
        return html.replace(FOLIUM_TRUST_TEXT, note)

    def add_legend(self, colors, vmin: str, vmax: str, caption: str) -> OfflineMap:
        """A colour bar from ``vmin`` to ``vmax`` (texts) over ``colors`` (CSS colours)."""
        _Legend(colors, vmin, vmax, caption).add_to(self)
        return self


def add_outline(fmap: folium.Map, kommun: str | int | km.Kommun) -> folium.Map:
    """The municipality's boundary (SCB, simplified) as a dashed outline and its seat."""
    k = km.get(kommun)
    outline = gpd.GeoSeries([boundaries.boundary(k.name)], crs=boundaries.CRS).to_crs(4326)
    folium.GeoJson(
        outline.to_json(),
        name=f"{k.name} municipal boundary",
        style_function=lambda _: OUTLINE_STYLE,
        tooltip=f"{k.kommun_id_scb} {k.name} (municipal boundary, SCB)",
    ).add_to(fmap)
    folium.CircleMarker(
        location=[k.seat_lat, k.seat_lon],
        radius=7,
        color="#ffffff",
        weight=2,
        fill=True,
        fill_color="#c0392b",
        fill_opacity=1.0,
        tooltip=f"{k.name} (seat)",
    ).add_to(fmap)
    return fmap


def seats_map(highlight: str | int | None = None) -> OfflineMap:
    """A map of the 14 municipality seats and outlines; ``highlight`` (code or name) in red."""
    chosen = km.get(highlight).kommun_id_scb if highlight is not None else None
    fmap = OfflineMap(
        location=[66.5, 21.0],
        zoom_start=6,
        tiles="OpenStreetMap",
        fallback="The table above lists the same seats.",
    )
    folium.GeoJson(
        boundaries.boundaries().to_crs(4326)[["kommun_id_scb", "name", "geometry"]].to_json(),
        name="municipal boundaries",
        style_function=lambda f: {
            "color": "#c0392b" if f["properties"]["kommun_id_scb"] == chosen else "#555555",
            "weight": 2.5 if f["properties"]["kommun_id_scb"] == chosen else 1,
            "fill": False,
        },
    ).add_to(fmap)
    for k in km.all_kommuner():
        folium.CircleMarker(
            location=[k.seat_lat, k.seat_lon],
            radius=4 + (k.population / 80_000) ** 0.5 * 12,
            color="#c0392b" if k.kommun_id_scb == chosen else "#2c3e50",
            fill=True,
            tooltip=f"{k.kommun_id_scb} {k.name}: {k.population:,} inhabitants ({k.population_year})",
        ).add_to(fmap)
    return fmap
