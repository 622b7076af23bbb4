"""Value of PV used for depot charging in SE1: avoided purchase against export revenue.

All prices come from :class:`workbench.config.match.MatchPrices` [SEK/kWh, excl. VAT unless
``vat_is_cost``]. Prices are flat annual values: the hourly shape of SE1 spot prices (lower in
sunny summer hours) is not modelled, which overstates both values by the same spot term.
Power (kW) charges of the grid tariff are not modelled either.

Example (hand calculation with the defaults): purchase price = spot 0.421 + margin 0
+ grid fee 0.088 + energy tax (0.360 − 0.096) = 0.773 SEK/kWh; export price = spot 0.421
+ grid benefit 0.05 − trader fee 0.025 = 0.446 SEK/kWh. 1000 kWh of PV used for charging avoid
773 SEK; exporting them instead would earn 446 SEK, so using them on site is worth 327 SEK more.

>>> from workbench.config.match import MatchPrices
>>> round(purchase_price_sek_per_kwh(MatchPrices()), 3), round(export_price_sek_per_kwh(MatchPrices()), 3)
(0.773, 0.446)
"""

from __future__ import annotations

from workbench.config.match import MatchPrices


def purchase_price_sek_per_kwh(prices: MatchPrices) -> float:
    """Marginal price of a kWh bought for depot charging in Norrbotten [SEK/kWh].

    spot + supplier margin + variable grid fee + (energy tax − northern reduction),
    times (1 + VAT) only when VAT is a cost to the buyer.
    """
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


def annual_value(totals: dict[str, float], prices: MatchPrices) -> dict[str, float]:
    """Annual value [SEK] of a matched year from its energy totals [kWh].

    Parameters
    ----------
    totals : dict
        Output of :func:`workbench.match.aggregate.annual`.
    prices : MatchPrices
        SE1 price assumptions.

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
    buy = purchase_price_sek_per_kwh(prices)
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
