"""Value of PV used for depot charging in SE1: avoided purchase against export revenue.

All prices come from :class:`workbench.config.match.MatchPrices` [SEK/kWh, excl. VAT unless
``vat_is_cost``]. With ``se1_price_year`` set (the default, 2023) the spot part of every price
is the hourly SE1 day-ahead price of that year (:func:`spot_on_year`, :func:`hourly_value`),
and the same figures with the year's mean spot in every hour are reported beside them, so the
effect of the hourly price shape is visible; ``se1_price_year = None`` gives flat annual prices
(:func:`annual_value`). Power (kW) charges of the grid tariff are not modelled.

By default the purchase price is the fleet work package's electricity price for its price year
(``workbench.fleet.factors.energy_prices``), so fleet costs and matching value a bought kWh alike.

Example (hand calculation, purchase price from components): spot 0.457 + margin 0 + grid fee
0.088 + energy tax (0.360 − 0.096) = 0.809 SEK/kWh; export price = spot 0.457 + grid benefit
0.05 − trader fee 0.025 = 0.482 SEK/kWh. 1000 kWh of PV used for charging avoid 809 SEK;
exporting them instead would earn 482 SEK, so using them on site is worth 327 SEK more.

>>> from workbench.config.match import MatchPrices
>>> p = MatchPrices(purchase_price_basis="components")
>>> round(purchase_price_sek_per_kwh(p), 3), round(export_price_sek_per_kwh(p), 3)
(0.809, 0.482)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.config.match import MatchPrices
from workbench.fleet.factors import energy_prices
from workbench.reference.prices import se1_hourly


def purchase_price_sek_per_kwh(prices: MatchPrices, price_year: int = 2026) -> float:
    """Marginal price of a kWh bought for depot charging in Norrbotten [SEK/kWh].

    Either the fleet's dated electricity price for ``price_year`` (excl. VAT), or
    spot + supplier margin + variable grid fee + (energy tax − northern reduction); in both
    cases times (1 + VAT) only when VAT is a cost to the buyer.
    """
    if prices.purchase_price_basis == "fleet_energy_prices":
        price = float(energy_prices(price_year)["electricity"])
    else:
        tax = max(prices.energy_tax_sek_per_kwh - prices.northern_tax_reduction_sek_per_kwh, 0.0)
        price = (
            prices.spot_sek_per_kwh
            + prices.supplier_margin_sek_per_kwh
            + prices.grid_fee_sek_per_kwh
            + tax
        )
    return price * (1 + prices.vat_pct / 100) if prices.vat_is_cost else price


def export_price_sek_per_kwh(prices: MatchPrices) -> float:
    """Revenue per exported kWh [SEK/kWh]: spot + grid-benefit compensation − trader fee."""
    return (
        prices.spot_sek_per_kwh
        + prices.export_grid_benefit_sek_per_kwh
        - prices.export_trader_fee_sek_per_kwh
    )


def annual_value(
    totals: dict[str, float], prices: MatchPrices, price_year: int = 2026
) -> dict[str, float]:
    """Annual value [SEK] of a matched year from its energy totals [kWh].

    Parameters
    ----------
    totals : dict
        Output of :func:`workbench.match.aggregate.annual`.
    prices : MatchPrices
        SE1 price assumptions.
    price_year : int
        Year of the fleet's energy price row (``scenario.fleet.price_year``).

    Returns
    -------
    dict
        ``avoided_purchase_sek`` (PV used for charging × (purchase price − tax on
        self-consumed PV)), ``export_revenue_sek`` (export × export price),
        ``pv_value_sek`` (their sum), ``self_consumption_premium_sek`` (avoided purchase minus
        what the PV kept on site, battery losses included, would have earned if exported),
        ``grid_purchase_sek`` (remaining grid import for charging × purchase price),
        ``charging_cost_without_pv_sek`` and the two unit prices used.
    """
    buy = purchase_price_sek_per_kwh(prices, price_year)
    sell = export_price_sek_per_kwh(prices)
    used = totals["pv_used_for_charging_kwh"]
    kept = totals["pv_to_charging_kwh"] + totals["pv_to_battery_kwh"]
    avoided = used * (buy - prices.self_consumed_pv_energy_tax_sek_per_kwh)
    export = totals["pv_export_kwh"] * sell
    return {
        "purchase_price_sek_per_kwh": buy,
        "export_price_sek_per_kwh": sell,
        "avoided_purchase_sek": avoided,
        "export_revenue_sek": export,
        "pv_value_sek": avoided + export,
        "self_consumption_premium_sek": avoided - kept * sell,
        "grid_purchase_sek": totals["grid_to_charging_kwh"] * buy,
        "charging_cost_without_pv_sek": totals["charging_kwh"] * buy,
    }


def spot_on_year(prices: MatchPrices, year: int) -> pd.Series:
    """Hourly SE1 spot of the scenario's price year on calendar ``year`` [SEK/kWh], UTC.

    The price year (``prices.se1_price_year``) is a scenario choice: its hourly day-ahead prices
    (ENTSO-E, converted with the ECB annual mean EUR/SEK rate of that year, see
    :func:`workbench.reference.prices.se1_hourly`) are moved onto the matched year by
    (month, day, hour) in UTC like the PV typical year (:func:`workbench.match.hourly.on_year`),
    so a sunny hour of the typical year meets the price of the same hour of the price year.
    A missing price stays NaN (never filled); 29 February of a leap scenario year takes
    28 February's prices, as the weather does. ``.attrs`` carries the price series' provenance
    and ``n_missing`` on the matched year.
    """
    spot = se1_hourly(prices.se1_price_year)
    index = spot.index
    key = pd.MultiIndex.from_arrays([index.month, index.day, index.hour])
    lookup = pd.Series(spot.to_numpy(dtype=float), index=key)
    target = pd.date_range(
        f"{year}-01-01", f"{year + 1}-01-01", freq="h", tz="UTC", inclusive="left"
    )
    day = np.where((target.month == 2) & (target.day == 29), 28, target.day)
    values = lookup.reindex(pd.MultiIndex.from_arrays([target.month, day, target.hour]))
    out = pd.Series(values.to_numpy(dtype=float), index=target, name="spot_sek_per_kwh")
    out.attrs = dict(spot.attrs) | {"n_missing_on_year": int(out.isna().sum())}
    return out


def hourly_value(
    hourly: pd.DataFrame, spot: pd.Series, prices: MatchPrices, price_year: int = 2026
) -> dict[str, float]:
    """Value [SEK] of one hourly balance with hourly SE1 spot prices and with their mean.

    Prices in hour h [SEK/kWh]: export ``spot_h + grid benefit − trader fee``; purchase
    ``P + (spot_h − mean spot)``, where P is :func:`purchase_price_sek_per_kwh` (the fleet's
    dated price or the components) and the mean is the time-weighted mean of the price
    year's spot over the priced hours: the non-spot parts of the purchase price (grid fee,
    tax, margin) stay flat, only its spot part follows the hour. The ``_annual_mean`` figures
    put the mean spot in every hour (purchase P, export mean + benefit − fee), so the
    difference between the two is the effect of the hourly price shape alone.

    Hours without a price (NaN in the table: 2,113 hours of 2024) are left out of both sets
    of figures and reported: ``price_missing_hours`` and the energy in them
    (``pv_kwh_without_price``, ``charging_kwh_without_price``), which is not valued.

    Parameters
    ----------
    hourly : pandas.DataFrame
        Hourly balance (:func:`workbench.match.balance.hourly_balance`) [kWh], UTC index.
    spot : pandas.Series
        SE1 spot on the same hours [SEK/kWh] (:func:`spot_on_year`), NaN where missing.
    prices : MatchPrices
        SE1 price assumptions.
    price_year : int
        Year of the fleet's energy price row (the purchase price P).

    Returns
    -------
    dict
        The keys of :func:`annual_value` with hourly prices (``avoided_purchase_sek``,
        ``export_revenue_sek``, ``pv_value_sek``, ``self_consumption_premium_sek``,
        ``grid_purchase_sek``, ``charging_cost_without_pv_sek``), each also as
        ``..._annual_mean_sek``; ``net_charging_cost_sek`` (+ ``_annual_mean``) = grid purchase
        − export revenue, what the depot pays for charging net of PV sales (smart charging's
        value is how much it lowers it); the unit prices at the mean
        (``purchase_price_sek_per_kwh``, ``export_price_sek_per_kwh``),
        ``spot_mean_sek_per_kwh``, ``se1_price_year`` and the missing-hour report.
    """
    spot = spot.reindex(hourly.index)
    priced = spot.notna().to_numpy()
    h = hourly[priced]
    s = spot[priced].to_numpy(dtype=float)
    mean = float(s.mean()) if len(s) else float("nan")
    flat_buy = purchase_price_sek_per_kwh(prices, price_year)
    adder = prices.export_grid_benefit_sek_per_kwh - prices.export_trader_fee_sek_per_kwh
    used = (h["pv_to_charging_kwh"] + h["battery_to_charging_kwh"]).to_numpy()
    kept = (h["pv_to_charging_kwh"] + h["pv_to_battery_kwh"]).to_numpy()
    tax = prices.self_consumed_pv_energy_tax_sek_per_kwh
    out: dict[str, float] = {
        "purchase_price_sek_per_kwh": flat_buy,
        "export_price_sek_per_kwh": mean + adder,
    }
    for suffix, spot_h in (("", s), ("_annual_mean", np.full(len(s), mean))):
        buy = flat_buy + (spot_h - mean)
        sell = spot_h + adder
        avoided = float((used * (buy - tax)).sum())
        export = float((h["pv_export_kwh"].to_numpy() * sell).sum())
        grid = float((h["grid_to_charging_kwh"].to_numpy() * buy).sum())
        out |= {
            f"avoided_purchase{suffix}_sek": avoided,
            f"export_revenue{suffix}_sek": export,
            f"pv_value{suffix}_sek": avoided + export,
            f"self_consumption_premium{suffix}_sek": avoided - float((kept * sell).sum()),
            f"grid_purchase{suffix}_sek": grid,
            f"charging_cost_without_pv{suffix}_sek": float(
                (h["charging_kwh"].to_numpy() * buy).sum()
            ),
            f"net_charging_cost{suffix}_sek": grid - export,
        }
    out |= {
        "se1_price_year": float(prices.se1_price_year),
        "spot_mean_sek_per_kwh": mean,
        "price_missing_hours": float((~priced).sum()),
        "pv_kwh_without_price": float(hourly.loc[~priced, "pv_kwh"].sum()),
        "charging_kwh_without_price": float(hourly.loc[~priced, "charging_kwh"].sum()),
    }
    return out


def flat_value(totals: dict[str, float], prices: MatchPrices, price_year: int = 2026) -> dict:
    """:func:`annual_value` in the layout of :func:`hourly_value` (``se1_price_year`` null).

    The ``_annual_mean`` figures equal the flat ones; no hour is missing.
    """
    v = annual_value(totals, prices, price_year)
    v["net_charging_cost_sek"] = v["grid_purchase_sek"] - v["export_revenue_sek"]
    for key in list(v):
        if key.endswith("_sek") and not key.endswith("_per_kwh"):
            v[key.removesuffix("_sek") + "_annual_mean_sek"] = v[key]
    return v | {
        "se1_price_year": float("nan"),
        "spot_mean_sek_per_kwh": prices.spot_sek_per_kwh,
        "price_missing_hours": 0.0,
        "pv_kwh_without_price": 0.0,
        "charging_kwh_without_price": 0.0,
    }
