"""Monthly climatology table: completeness, units, and checks against independent figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench.reference import kommuner as km
from workbench.reference.climate import VALUE_COLUMNS, monthly_climatology

# domain-solar.md §2: annual clear-sky GHI bound at the seats [kWh m-2] (pvlib Ineichen + Linke).
CLEAR_SKY_BOUND = {
    "Luleå": 1238, "Piteå": 1238, "Boden": 1231, "Kalix": 1208, "Haparanda": 1212,
    "Älvsbyn": 1230, "Arvidsjaur": 1235, "Arjeplog": 1236, "Överkalix": 1205,
    "Övertorneå": 1193, "Jokkmokk": 1214, "Gällivare": 1208, "Pajala": 1177, "Kiruna": 1184,
}  # fmt: skip
COASTAL = {"Luleå", "Piteå", "Kalix", "Haparanda", "Boden"}


@pytest.mark.parametrize("kommun", [k.name for k in km.all_kommuner()])
def test_every_seat_has_twelve_complete_months_within_envelope(kommun):
    df = monthly_climatology(kommun)
    assert list(df.index) == list(range(1, 13))
    assert df[VALUE_COLUMNS].notna().all().all()
    assert (df[["ghi_kwh_m2", "snow_depth_cm", "snow_cover_days"]] >= 0).all().all()
    annual = df["ghi_kwh_m2"].sum()
    # domain-solar.md §1.4 envelope: coast 850-950, inland 800-900 kWh m-2 per year. A
    # consistency check, not an independent one: the inland factor of the estimates is the
    # ratio of this envelope's midpoints (docs/weather.md, climatology of the seats).
    low, high = (850, 950) if kommun in COASTAL else (800, 900)
    assert low <= annual <= high
    assert annual < 0.8 * CLEAR_SKY_BOUND[kommun]
    # SMHI "Norrbottens klimat": January -9 (coast) to -16 °C; July 13 to just over 15 °C.
    assert -16.5 <= df.loc[1, "temp_air_c"] <= -8.0
    assert 12.5 <= df.loc[7, "temp_air_c"] <= 17.0
    assert df["albedo"].between(0.05, 0.9).all()
    assert df.loc[7, "snow_depth_cm"] == 0 and df.loc[2, "snow_cover_days"] >= 27
    assert df.attrs["columns"]["ghi_kwh_m2"]["unit"].startswith("kWh m-2")
    assert "source" in df.attrs["columns"]["temp_air_c"] and df.attrs["method"]


def test_lulea_rows_equal_the_tmyx_monthly_values(shared):
    """Luleå rows are the TMYx monthly figures, recomputed here with pvlib's reader."""
    import pvlib

    path = shared / "weather" / "SWE_NB_Lulea.AP.021860_TMYx.2009-2023.epw"
    data, _ = pvlib.iotools.read_epw(path, coerce_year=1990)
    monthly = data.groupby(data.index.month)
    df = monthly_climatology("2580")
    np.testing.assert_allclose(df["ghi_kwh_m2"], monthly["ghi"].sum() / 1000, atol=0.01)
    np.testing.assert_allclose(df["temp_air_c"], monthly["temp_air"].mean(), atol=0.01)
    np.testing.assert_allclose(df["albedo"], monthly["albedo"].mean(), atol=0.001)
    assert round(df["ghi_kwh_m2"].sum()) == 944  # domain-solar.md §1.2
    assert (df["basis"] == "sourced (Luleå TMYx 2009–2023)").all()


def test_inland_seats_are_colder_in_winter_than_the_coast():
    jan = pd.Series(
        {k.name: monthly_climatology(k).loc[1, "temp_air_c"] for k in km.all_kommuner()}
    )
    assert jan["Pajala"] < jan["Kiruna"] < jan["Luleå"]
    assert jan[list(COASTAL)].mean() > jan.drop(list(COASTAL)).mean() + 2
