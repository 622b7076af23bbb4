"""Road transport and the vehicle stock of one area.

* Road-transport sub-sectors from the RUS CO2 export (**CO2 only**, t CO2; never added to or
  compared with the CO2e series): cars, light lorries, heavy lorries, buses, and the rest of
  the transport sector (mopeds, shipping, aviation, rail, unallocated);
* the stock of cars and light lorries by fuel at 31 December (Trafikanalys), the share of
  battery-electric and of chargeable cars, and the chargeable share of new cars; the years
  without a Trafikanalys file (2023, 2024) are listed, not filled;
* chargeable vehicles per public charge point (Power Circle, both counts from Power Circle).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.strategy.emissions import change_pct

ROAD = ("personbilar", "latta_lastbilar", "tunga_lastbilar", "bussar")
CHARGEABLE = ("el", "laddhybrid")


def road_transport(rus_co2: pd.DataFrame, area: str) -> pd.DataFrame:
    """Table ``road_transport``: year, subsector (4 road classes, ``other_transport``), co2_t."""
    sub = rus_co2[(rus_co2["area_id_scb"] == area) & (rus_co2["sector"] == "transporter")]
    wide = sub.pivot(index="year", columns="subsector", values="co2_t")
    out = wide[list(ROAD)].copy()
    out["other_transport"] = wide["alla"] - out.sum(axis=1)
    out["transport_total"] = wide["alla"]
    long = out.reset_index().melt("year", var_name="subsector", value_name="co2_t")
    long["share_of_transport_frac"] = long["co2_t"] / long["year"].map(wide["alla"])
    long["source"] = sub["source"].iloc[0]
    return long.sort_values(["year", "subsector"], ignore_index=True)


def road_changes(road: pd.DataFrame, since: int = 2010) -> pd.DataFrame:
    """Change of each road-transport sub-sector since ``since`` to the latest year [%]."""
    wide = road.pivot(index="year", columns="subsector", values="co2_t")
    latest = int(wide.index.max())
    return pd.DataFrame([
        {"subsector": c, "from_year": since, "to_year": latest,
         "change_pct": change_pct(wide[c], since, latest)} for c in wide.columns
    ])  # fmt: skip


def vehicle_stock(vehicles: pd.DataFrame, area: str) -> pd.DataFrame:
    """Table ``vehicle_stock``: year, table, fuel, n_vehicles, share of the table's total."""
    sub = vehicles[vehicles["area_id_scb"] == area].copy()
    total = sub[sub["fuel"] == "totalt"].set_index(["year", "table"])["n_vehicles"]
    key = pd.MultiIndex.from_frame(sub[["year", "table"]])
    denominator = total.reindex(key).to_numpy(dtype=float)
    share = sub["n_vehicles"].to_numpy(dtype=float) / np.where(denominator > 0, denominator, np.nan)
    sub["share_of_total_frac"] = share  # NaN where the table's total is 0 (no such vehicles)
    cols = ["year", "table", "fuel", "n_vehicles", "share_of_total_frac", "source"]
    return sub[cols].sort_values(["table", "year", "fuel"], ignore_index=True)


def car_summary(stock: pd.DataFrame) -> pd.DataFrame:
    """Table ``cars_by_year``: cars in traffic, BEV and chargeable shares, new chargeable share."""
    cars = stock[stock["table"].isin(["personbilar_i_trafik", "personbilar_nyregistrerade"])]
    wide = cars.pivot_table(index="year", columns=["table", "fuel"], values="n_vehicles",
                            aggfunc="sum").astype(float)  # fmt: skip

    def col(table: str, fuel: str) -> pd.Series:
        key = (table, fuel)
        return wide[key] if key in wide.columns else pd.Series(0.0, index=wide.index)

    n = col("personbilar_i_trafik", "totalt")
    new = col("personbilar_nyregistrerade", "totalt")
    plug = sum(col("personbilar_i_trafik", f) for f in CHARGEABLE)
    new_plug = sum(col("personbilar_nyregistrerade", f) for f in CHARGEABLE)
    bev = col("personbilar_i_trafik", "el")
    return pd.DataFrame({
        "year": wide.index.astype(int), "n_cars": n.to_numpy(), "n_bev": bev.to_numpy(),
        "n_chargeable_cars": plug.to_numpy(),
        "bev_share_frac": (bev / n.where(n > 0)).to_numpy(),
        "chargeable_share_frac": (plug / n.where(n > 0)).to_numpy(),
        "n_new_cars": new.to_numpy(),
        "new_chargeable_share_frac": (new_plug / new.where(new > 0)).to_numpy(),
    })  # fmt: skip


def missing_years(stock: pd.DataFrame) -> list[int]:
    """Years between the first and last Trafikanalys year with no file (never interpolated)."""
    years = set(stock["year"])
    return [y for y in range(min(years), max(years) + 1) if y not in years] if years else []


def charging(charging_table: pd.DataFrame, area: str) -> dict:
    """Chargeable vehicles per public charge point (Power Circle counts on both sides)."""
    row = charging_table[charging_table["area_id_scb"] == area]
    if row.empty:
        return {"month": None, "chargeable_vehicles_per_charge_point": None}
    r = row.iloc[0]
    points = int(r["n_charge_points"])
    return {
        "month": r["month"], "n_chargeable_vehicles": int(r["n_chargeable_vehicles"]),
        "n_charge_points": points, "n_bev": int(r["n_bev"]), "n_phev": int(r["n_phev"]),
        "chargeable_vehicles_per_charge_point": (
            int(r["n_chargeable_vehicles"]) / points if points else None),
        "source": r["source"],
    }  # fmt: skip
