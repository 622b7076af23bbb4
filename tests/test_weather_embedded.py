"""Embedded typical year: determinism, consistency with the table, clear-sky bound, and
validation against the Luleå TMYx (measured-data based, ../shared/data)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pvlib
import pytest

from workbench.config import PVSystem
from workbench.pv import specific_yield
from workbench.reference import kommuner as km
from workbench.reference.climate import monthly_climatology
from workbench.weather import read, typical_year
from workbench.weather.embedded import generate
from workbench.weather.frame import OFFSET_ATTR

LULEA = "weather/SWE_NB_Lulea.AP.021860_TMYx.2009-2023.epw"
PLANES = {"south_40": (40, 180), "east_27": (27, 90), "west_27": (27, 270), "flat_10": (10, 180)}
# Tolerance on the clear-sky bound: floating-point only; the generator caps at clear sky.
CLEAR_SKY_TOLERANCE_W_M2 = 1e-6


@pytest.mark.slow
def test_generator_is_deterministic_and_differs_between_municipalities():
    a, b = generate("Luleå"), generate("2580")
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["ghi"], generate("Piteå")["ghi"])


# The coast (Luleå) and the mountains (Kiruna) in the fast selection, the other 12 seats slow.
FAST_SEATS = ("Luleå", "Kiruna")


@pytest.mark.parametrize(
    "kommun",
    [
        pytest.param(k.name, marks=() if k.name in FAST_SEATS else pytest.mark.slow)
        for k in km.all_kommuner()
    ],
)
def test_embedded_year_matches_table_and_stays_below_clear_sky(kommun):
    data = typical_year(kommun)
    clim = monthly_climatology(kommun)
    assert len(data) == 8760 and str(data.index.tz) == "UTC"
    assert {"ghi", "dni", "dhi", "temp_air", "wind_speed", "albedo", "snow_depth"} <= set(
        data.columns
    )
    assert np.isfinite(data.to_numpy()).all() and (data[["ghi", "dni", "dhi"]] >= 0).all().all()
    for key in ("source", "latitude", "longitude", "altitude", "period"):
        assert key in data.attrs
    assert data.attrs[OFFSET_ATTR] == 30.0
    month = data.index.tz_convert("Europe/Stockholm").month
    monthly_ghi = data["ghi"].groupby(month).sum() / 1000
    np.testing.assert_allclose(monthly_ghi, clim["ghi_kwh_m2"], atol=0.02)
    np.testing.assert_allclose(
        data["temp_air"].groupby(month).mean(), clim["temp_air_c"], atol=1e-9
    )
    # independent clear-sky bound: pvlib Ineichen + Linke climatology at mid-hour
    k = km.get(kommun)
    loc = pvlib.location.Location(k.seat_lat, k.seat_lon, altitude=data.attrs["altitude"], tz="UTC")
    mid = data.index + pd.Timedelta(minutes=30)
    clear = loc.get_clearsky(mid, model="ineichen")
    assert (data["ghi"] <= clear["ghi"].to_numpy() + CLEAR_SKY_TOLERANCE_W_M2).all()
    assert (data["dni"] <= clear["dni"].to_numpy() + CLEAR_SKY_TOLERANCE_W_M2).all()
    # components close: GHI = DHI + DNI cos(zenith)
    zenith = loc.get_solarposition(mid)["apparent_zenith"].to_numpy()
    beam = data["dni"].to_numpy() * np.clip(np.cos(np.radians(zenith)), 0, None)
    np.testing.assert_allclose(data["dhi"] + beam, data["ghi"], atol=1e-6)


@pytest.fixture(scope="module")
def lulea_pair(shared):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        tmyx = read(shared / LULEA, time_offset="detect")
    return typical_year("Luleå"), tmyx


@pytest.mark.slow
def test_embedded_lulea_annual_ghi_within_3_percent_of_tmyx(lulea_pair):
    embedded, tmyx = lulea_pair
    ratio = embedded["ghi"].sum() / tmyx["ghi"].sum()
    assert abs(ratio - 1) <= 0.03


@pytest.mark.slow
def test_embedded_lulea_specific_yield_within_tolerance_of_tmyx(lulea_pair):
    """±5 % annual for S40, E27, W27 and flat 10°; ±15 % per month from March to September."""
    embedded, tmyx = lulea_pair
    tilt = [p[0] for p in PLANES.values()]
    azim = [p[1] for p in PLANES.values()]
    system = PVSystem(snow_model="none")
    a = specific_yield(embedded, tilt, azim, system, method="exact")
    b = specific_yield(tmyx, tilt, azim, system, method="exact")
    annual = a["annual_kwh_per_kwp"] / b["annual_kwh_per_kwp"] - 1
    assert annual.abs().max() <= 0.05, annual
    months = [f"kwh_per_kwp_m{m:02d}" for m in range(3, 10)]
    monthly = a[months] / b[months] - 1
    assert monthly.abs().max().max() <= 0.15, monthly
