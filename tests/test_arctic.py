"""The Arctic Circle and the words for the dark months depend on the seat's latitude.

Independent references: pvlib's SPA (Reda & Andreas 2004, Meeus' obliquity polynomial) for the
obliquity, and pvlib's solar position for whether the sun's centre rises on the December solstice.
Hand calculation: 90° − 23.43596° (IAU 2006 at 2025.5: 84381.406″ − 46.836769″ × 0.255 =
84369.463″) = 66.56404° N.
"""

from __future__ import annotations

from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pvlib  # noqa: E402
import pytest  # noqa: E402

from workbench.reference import arctic  # noqa: E402
from workbench.reference import kommuner as km  # noqa: E402
from workbench.solar.plots import monthly_title  # noqa: E402


def test_circle_matches_hand_calculation_and_pvlib_spa():
    assert arctic.arctic_circle_lat(2025) == pytest.approx(66.56404, abs=1e-5)
    jd = pvlib.spa.julian_day(pd.Timestamp("2025-07-02 12:00", tz="UTC").timestamp())
    jme = pvlib.spa.julian_ephemeris_millennium(
        pvlib.spa.julian_ephemeris_century(pvlib.spa.julian_ephemeris_day(jd, 69.0))
    )
    spa_deg = pvlib.spa.mean_ecliptic_obliquity(jme) / 3600.0
    assert arctic.mean_obliquity_deg(2025) == pytest.approx(spa_deg, abs=1.0 / 3600)  # 1″
    # moves north about 0.47″ a year (15 m)
    assert arctic.arctic_circle_lat(2035) - arctic.arctic_circle_lat(2025) == pytest.approx(
        10 * 0.468 / 3600, rel=0.01
    )


@pytest.mark.parametrize("k", km.all_kommuner(), ids=lambda k: k.name)
def test_north_of_the_circle_iff_the_sun_does_not_rise_on_the_solstice(k):
    """Geometric elevation of the sun's centre (no refraction) over 21 December 2025."""
    times = pd.date_range("2025-12-21", periods=24 * 60, freq="min", tz="UTC")
    pos = pvlib.solarposition.get_solarposition(times, k.seat_lat, k.seat_lon)
    assert arctic.north_of_arctic_circle(k.seat_lat) == bool(pos["elevation"].max() < 0.0)


def test_which_seats_have_polar_night():
    north = {k.name for k in km.all_kommuner() if arctic.position(k).seat_is_north}
    assert north == {"Kiruna", "Gällivare", "Pajala", "Jokkmokk"}
    # seats south of the circle whose municipality reaches north of it (shares of the
    # simplified SCB polygon north of 66.564° N)
    shares = {n: arctic.position(n).area_north_pct for n in ("Arjeplog", "Övertorneå", "Luleå")}
    assert shares["Luleå"] == 0.0
    assert 20 < shares["Arjeplog"] < 40 and 40 < shares["Övertorneå"] < 60
    assert arctic.position("Kiruna").area_north_pct == pytest.approx(100.0)
    assert "no polar night at the seat" in arctic.position("Luleå").sentence()
    assert "0.98° south" in arctic.position("Luleå").sentence()  # 66.564 − 65.584


def test_monthly_chart_title_says_polar_night_only_north_of_the_circle():
    lulea = monthly_title(SimpleNamespace(kommun=km.get("Luleå")))
    kiruna = monthly_title(SimpleNamespace(kommun=km.get("Kiruna")))
    assert "polar night" not in lulea and "midnight sun" not in lulea and "Luleå" in lulea
    assert "polar night Dec–Jan" in kiruna
