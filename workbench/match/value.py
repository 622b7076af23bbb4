"""Value of PV used for depot charging in SE1: avoided purchase against export revenue.

All prices come from :class:`workbench.config.match.MatchPrices` [SEK/kWh, excl. VAT unless
``vat_is_cost``]. Prices are flat annual values: the hourly shape of SE1 spot prices (lower in
sunny summer hours) is not modelled, which overstates both values by the same spot term.
Power (kW) charges of the grid tariff are not modelled either.

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

from workbench.config.match import MatchPrices
from workbench.fleet.factors import energy_prices


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
