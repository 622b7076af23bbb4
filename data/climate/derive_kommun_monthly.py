"""Derive ``data/climate/kommun_monthly.csv``: monthly climatology of the 14 municipality seats.

Run from the repository root with the reference data beside the checkout::

    .venv/bin/python data/climate/derive_kommun_monthly.py

Method (also in ``kommun_monthly.meta.yaml``):

* Luleå: monthly values of the Climate.OneBuilding.Org TMYx 2009–2023 for Luleå airport
  (``../shared/data/weather/SWE_NB_Lulea.AP.021860_TMYx.2009-2023.epw``), the only
  measured-data-based Norrbotten file available (domain-solar.md §1.2).
* GHI elsewhere: the seat's clear-sky monthly total (pvlib Ineichen with pvlib's Linke
  turbidity climatology, hourly at mid-hour) times Luleå's monthly clearness
  (TMYx GHI / Luleå clear-sky total) times a regional factor: 1.0 for coastal seats and
  0.944 for inland seats, the ratio of the midpoints of the domain-solar.md §1.4 envelope
  (inland 800–900 against coastal 850–950 kWh m-2 per year).
* Temperature elsewhere: Luleå's TMYx monthly curve shifted by a winter offset (seat January
  normal minus Luleå) and a summer offset (seat July normal minus Luleå), blended by the month's
  position between Luleå's January and July temperatures. The January/July seat normals are
  SMHI 1991–2020 values quoted from memory and consistent with SMHI "Norrbottens klimat"
  (coast about −9 °C, Muonio valley −16 °C in January; July just over 15 °C inland of the
  coast, 13 °C in the far north); not checked against SMHI's tables.
* Snow cover days elsewhere: a temperature rule, full cover at monthly mean temperature
  ≤ −3 °C; accumulation season (Aug–Jan) cover fraction clip((2 − T)/5, 0, 1); melt season
  (Feb–Jul) clip((8.5 − T)/5.5, 0, 1), calibrated so Luleå's April and May TMYx cover is
  reproduced. Snow depth = cover fraction × seasonal shape × peak depth (coast 50 cm, inland
  75 cm; not checked against SMHI snow-depth normals). Albedo = 0.09 + cover fraction × (0.48 − 0.09), the Luleå TMYx snow-free and
  snow-covered (Jan–Mar) means.
* Wind speed: Luleå TMYx monthly means for every seat (inland seats are usually calmer; the
  effect on PV cell temperature is small).

Basis per seat and column: a search of stored public pages (SMHI normals
1991–2020, Wikipedia climate boxes, PVGIS/STRÅNG) found no citable per-seat table for the 13
seats, so every value of those seats is an ESTIMATE (``basis: estimate``, ``verified: false``,
with its method). The script writes that per seat and column into the ``seats`` block of
``kommun_monthly.meta.yaml`` (below its marker line), with the published figures that were
found and compared but not used (``checks``: third-party pages without a stated period, and
SMHI's coldest January station normal as a bound).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib
import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from workbench.reference import kommuner as km  # noqa: E402

EPW = REPO.parent / "shared/data/weather/SWE_NB_Lulea.AP.021860_TMYx.2009-2023.epw"
OUT = REPO / "data/climate/kommun_monthly.csv"
META = REPO / "data/climate/kommun_monthly.meta.yaml"
SEATS_MARKER = (
    "# --- seats: written by data/climate/derive_kommun_monthly.py; do not edit below ---"
)

COASTAL = {"2580", "2581", "2514", "2583", "2582"}  # Luleå, Piteå, Kalix, Haparanda, Boden
INLAND_FACTOR = 850.0 / 900.0
# ESTIMATES: January / July mean temperature at the seat [°C], quoted from memory of SMHI normals
# 1991–2020 and not checked against SMHI's tables (no citable per-seat table was found).
JAN_JUL_C = {
    "2505": (-12.5, 14.5),  # Arvidsjaur
    "2506": (-12.5, 13.8),  # Arjeplog
    "2510": (-15.0, 14.6),  # Jokkmokk
    "2513": (-13.5, 15.5),  # Överkalix
    "2514": (-10.5, 15.8),  # Kalix
    "2518": (-13.0, 15.6),  # Övertorneå
    "2521": (-15.5, 15.0),  # Pajala
    "2523": (-13.5, 13.8),  # Gällivare
    "2560": (-11.5, 15.8),  # Älvsbyn
    "2581": (-8.5, 16.2),  # Piteå
    "2582": (-11.5, 16.0),  # Boden
    "2583": (-10.5, 16.0),  # Haparanda
    "2584": (-12.5, 13.0),  # Kiruna
}
SNOW_SHAPE = np.array([0.75, 0.9, 1.0, 0.85, 0.4, 0, 0, 0, 0, 0.1, 0.3, 0.55])
PEAK_DEPTH_CM = {"coast": 50.0, "inland": 75.0}
ALBEDO_BARE, ALBEDO_SNOW = 0.09, 0.48
MONTHS = np.arange(1, 13)
DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
TMYX = "Climate.OneBuilding.Org TMYx 2009–2023, Luleå airport WMO 021860"
ESTIMATE_METHOD = {
    "ghi_kwh_m2": "seat clear-sky monthly total (pvlib Ineichen, Linke climatology) × Luleå TMYx "
    "monthly clearness × regional factor ({factor}, {region}); the inland factor 850/900 is the "
    "ratio of the domain-solar.md §1.4 envelope midpoints, itself a synthesis, not a measurement",
    "temp_air_c": "Luleå TMYx monthly curve shifted to a seat January/July value ({jan} / {jul} "
    "°C) quoted from memory of SMHI normals 1991–2020, not checked against SMHI's tables",
    "wind_speed_m_s": "Luleå TMYx monthly mean wind speed",
    "snow_depth_cm": "cover fraction from monthly temperature × seasonal shape × peak depth "
    "({depth:.0f} cm, {region}); not checked against SMHI snow-depth normals",
    "snow_cover_days": "temperature rule calibrated on Luleå TMYx April/May cover",
    "albedo": "0.09 + cover fraction × (0.48 − 0.09), Luleå TMYx snow-free / snow-covered means",
}
# Published figures found by that search and compared with the estimates, not used:
# third-party pages state no period and no table, so they cannot replace the estimate.
CHECKS = {
    "2505": [{"what": "January / July mean temperature, rounded to whole °C", "value": "-13 / +13",
              "source": "http://www.arvidsjaurnaturochkultur.se/index.php?option=com_content&task"
              "=blogcategory&id=17&Itemid=175 (Arvidsjaur natur och kultur, 'Klimat'; no period)",
              "used": False}],
    "2583": [{"what": "January / July mean temperature", "value": "-9.9 / 16.6",
              "source": "https://www.climatestotravel.com/climate/sweden/haparanda "
              "(third-party travel site; no period, no station)", "used": False}],
    "2521": [{"what": "bound: coldest January normal 1991–2020 of any SMHI station", "value":
              "-15.1 (Randijaur)", "source": "https://www.smhi.se/bloggar/vaderleken-2-3336/"
              "nya-normaltemperaturer-lite-kuriosa-1.175537 (SMHI blog, 'Lägst normal "
              "månadsmedeltemperatur')", "used": False,
              "result": "the estimate -15.5 is colder than any SMHI station's 1991–2020 January "
              "normal, so it cannot be Pajala's normal; left as an estimate, to be replaced by "
              "SMHI's table"}],
}  # fmt: skip


def clear_sky_monthly(lat: float, lon: float) -> np.ndarray:
    """Monthly clear-sky GHI [kWh m-2], Ineichen + Linke climatology, hourly at mid-hour."""
    times = pd.date_range("1990-01-01 00:30", periods=8760, freq="h", tz="UTC")
    cs = pvlib.location.Location(lat, lon, tz="UTC").get_clearsky(times, model="ineichen")
    return (cs["ghi"].groupby(cs.index.month).sum() / 1000.0).to_numpy()


def cover_fraction(temp: np.ndarray) -> np.ndarray:
    """Fraction of days with snow cover from monthly mean temperature [°C] (see module doc)."""
    accumulation = np.clip((2.0 - temp) / 5.0, 0, 1)
    melt = np.clip((8.5 - temp) / 5.5, 0, 1)
    frac = np.where(np.isin(MONTHS, [8, 9, 10, 11, 12, 1]), accumulation, melt)
    return np.where(temp <= -3.0, 1.0, frac)


def seats_block() -> dict:
    """The ``seats`` block of the metadata: region, per column basis/verified/method, checks."""
    seats = {}
    for k in km.all_kommuner():
        code = k.kommun_id_scb
        if code == "2580":
            columns = {c: {"basis": "sourced", "verified": True,
                           "method": f"{TMYX}: monthly values of the file"}
                       for c in ESTIMATE_METHOD}  # fmt: skip
            region = "coast"
        else:
            region = "coast" if code in COASTAL else "inland"
            jan, jul = JAN_JUL_C[code]
            values = {"factor": f"{1.0 if region == 'coast' else INLAND_FACTOR:.3f}",
                      "region": region, "jan": jan, "jul": jul,
                      "depth": PEAK_DEPTH_CM[region]}  # fmt: skip
            columns = {c: {"basis": "estimate", "verified": False, "method": m.format(**values)}
                       for c, m in ESTIMATE_METHOD.items()}  # fmt: skip
        seats[code] = {"kommun": k.name, "region": region, "columns": columns,
                       "checks": CHECKS.get(code, [])}  # fmt: skip
    return seats


def write_seats(path: Path = META) -> None:
    """Replace the ``seats`` block (everything below :data:`SEATS_MARKER`) of the metadata."""
    text = path.read_text(encoding="utf-8")
    head = text.split(SEATS_MARKER)[0].rstrip("\n")
    block = yaml.safe_dump({"seats": seats_block()}, allow_unicode=True, sort_keys=False,
                           width=100)  # fmt: skip
    path.write_text(f"{head}\n{SEATS_MARKER}\n{block}", encoding="utf-8", newline="\n")


def main() -> None:
    data, _ = pvlib.iotools.read_epw(EPW, coerce_year=1990)
    by_month = data.groupby(data.index.month)
    lulea_ghi = (by_month["ghi"].sum() / 1000.0).to_numpy()
    lulea_temp = by_month["temp_air"].mean().to_numpy()
    lulea_wind = by_month["wind_speed"].mean().to_numpy()
    daily_depth = data["snow_depth"].resample("D").mean()
    lulea_cover = (daily_depth >= 1).groupby(daily_depth.index.month).sum().to_numpy()
    lulea = km.get("2580")
    clearness = lulea_ghi / clear_sky_monthly(lulea.seat_lat, lulea.seat_lon)
    w_winter = np.clip((lulea_temp[6] - lulea_temp) / (lulea_temp[6] - lulea_temp[0]), 0, 1)
    rows = []
    for k in km.all_kommuner():
        code = k.kommun_id_scb
        if code == "2580":
            ghi, temp = lulea_ghi, lulea_temp
            cover_days = lulea_cover.astype(float)
            depth = by_month["snow_depth"].mean().to_numpy()
            albedo = by_month["albedo"].mean().to_numpy()
            basis = "sourced (Luleå TMYx 2009–2023)"
        else:
            region = "coast" if code in COASTAL else "inland"
            factor = 1.0 if region == "coast" else INLAND_FACTOR
            ghi = clear_sky_monthly(k.seat_lat, k.seat_lon) * clearness * factor
            jan, jul = JAN_JUL_C[code]
            temp = lulea_temp + (jan - lulea_temp[0]) * w_winter
            temp = temp + (jul - lulea_temp[6]) * (1 - w_winter)
            frac = cover_fraction(temp)
            cover_days = frac * DAYS
            depth = frac * SNOW_SHAPE * PEAK_DEPTH_CM[region]
            albedo = ALBEDO_BARE + frac * (ALBEDO_SNOW - ALBEDO_BARE)
            basis = f"estimate ({region})"
        for m in MONTHS:
            i = m - 1
            rows.append(
                {
                    "kommun_id_scb": code,
                    "kommun": k.name,
                    "month": m,
                    "ghi_kwh_m2": round(float(ghi[i]), 2),
                    "temp_air_c": round(float(temp[i]), 2),
                    "wind_speed_m_s": round(float(lulea_wind[i]), 2),
                    "snow_depth_cm": round(float(depth[i]), 1),
                    "snow_cover_days": round(float(cover_days[i]), 1),
                    "albedo": round(float(albedo[i]), 3),
                    "basis": basis,
                }
            )
    pd.DataFrame(rows).to_csv(OUT, index=False, lineterminator="\n")
    write_seats()
    print(f"wrote {OUT} and the seats block of {META}")


if __name__ == "__main__":
    main()
