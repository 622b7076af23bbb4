"""Interactive maps (folium) that survive HTML export."""

from __future__ import annotations

import folium

from workbench.reference import kommuner as km


def seats_map(highlight: str | int | None = None) -> folium.Map:
    """A map of the 14 municipality seats; ``highlight`` (code or name) is drawn in red."""
    chosen = km.get(highlight).kommun_id_scb if highlight is not None else None
    fmap = folium.Map(location=[66.5, 21.0], zoom_start=6, tiles="OpenStreetMap")
    for k in km.all_kommuner():
        folium.CircleMarker(
            location=[k.seat_lat, k.seat_lon],
            radius=4 + (k.population / 80_000) ** 0.5 * 12,
            color="#c0392b" if k.kommun_id_scb == chosen else "#2c3e50",
            fill=True,
            tooltip=f"{k.kommun_id_scb} {k.name}: {k.population:,} inhabitants ({k.population_year})",
        ).add_to(fmap)
    return fmap
