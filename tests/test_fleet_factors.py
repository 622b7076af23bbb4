"""Swedish factors (domain-fleet.md §1–§3, worked examples T1, T2) and LCC arithmetic (T5)."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.fleet import costs
from workbench.fleet.factors import (
    electricity_factor,
    energy_prices,
    factor_tables,
    fuel_factors,
    petrol_blend,
    reduction_pct,
)


def test_every_factor_row_has_source_and_year():
    for name, table in factor_tables().items():
        cited = (table["source"].str.len() > 5) | (table["source_note"].str.len() > 5)
        assert cited.all(), name
        assert any(c in table.columns for c in ("year", "period_start")), name


def test_t1_commuting_bev_swedish_mix():
    """T1: 6.7 MJ/mil × 2.4 mil/day × 235 days = 3,778.8 MJ; at the Swedish mix 13 g/MJ -> 49 kg.

    Our Swedish mix is 47 g CO2e/kWh (Energimyndigheten 2013 mix, 13.1 g/MJ). By hand:
    47 / 3.6 MJ/kWh = 13.0556 g/MJ; 3,778.8 MJ × 13.0556 g/MJ = 49,334 g = 49.3 kg; per kWh at
    the socket 3,778.8 / 3.6 = 1,049.7 kWh × 47 g = 49.3 kg.
    """
    el = fuel_factors([2025], electricity="swedish_mix").loc[(2025, "electricity")]
    assert el["unit"] == "kWh" and el["lhv_mj_per_unit"] == pytest.approx(3.6)
    assert el["wtw_g_per_mj"] == pytest.approx(13.0556, abs=1e-4)
    assert el["wtw_g_per_unit"] == pytest.approx(47.0)
    assert el["ttw_fossil_g_per_mj"] == 0 and el["bio_energy_share"] == 1
    assert 3778.8 * el["wtw_g_per_mj"] / 1000 == pytest.approx(49.334, abs=1e-3)
    assert round(3778.8 * el["wtw_g_per_mj"] / 1000) == 49  # the published T1 figure
    _, label = electricity_factor("swedish_mix")
    assert "47 g CO2e/kWh" in label


def test_electricity_conventions_are_labelled():
    values = {c: electricity_factor(c)[0] for c in
              ("swedish_mix", "nordic_mix", "nordic_supplier_mix", "residual_mix",
               "renewable_labelled")}  # fmt: skip
    assert values == {"swedish_mix": 47, "nordic_mix": 90, "nordic_supplier_mix": 240,
                      "residual_mix": 468, "renewable_labelled": 0}  # fmt: skip


def test_t2_diesel_as_sold_2016_per_litre_and_per_km():
    """T2: average diesel car 157 g CO2e/km (Energimyndigheten).

    Drivmedel 2016: Diesel MK1 2,853 g CO2e/l (80.4 g/MJ, 35.5 MJ/l); 157/2853 = 0.0550 l/km.
    HVO 2016: 476 g/l (14 g/MJ × 34.0 MJ/l). The published 22 g/km for HVO100 on the same
    car: 157 / 80.4 = 1.9527 MJ/km, 22 / 1.9527 = 11.27 g/MJ, our 2017 row (the example is
    undated, 2017–2018). 2024 HVO100: −82 % vs the 94 g/MJ comparator (16.9 g/MJ).
    """
    f = fuel_factors([2016, 2024])
    d16 = f.loc[(2016, "diesel")]
    assert d16["wtw_g_per_mj"] == pytest.approx(80.4, abs=0.05)
    assert d16["lhv_mj_per_unit"] == pytest.approx(35.5, abs=0.05)
    assert d16["wtw_g_per_unit"] == pytest.approx(2853, rel=0.003)
    assert 0.055 * d16["wtw_g_per_unit"] == pytest.approx(157, abs=0.5)
    assert f.loc[(2016, "hvo100"), "wtw_g_per_unit"] == pytest.approx(476, abs=0.5)
    assert 1 - f.loc[(2024, "hvo100"), "wtw_g_per_mj"] / 94 == pytest.approx(0.82, abs=0.002)
    hvo17 = fuel_factors([2017, 2023]).loc[[(2017, "hvo100"), (2023, "hvo100")], "wtw_g_per_mj"]
    # 11.3 is rounded to 0.1 g/MJ: ±0.05 × 1.953 MJ/km ≈ ±0.1 g/km
    assert list(157 / 80.4 * hvo17) == pytest.approx([22, 22], abs=0.1)
    # petrol as sold 2016 (MK1) 91.3 g/MJ, 31.7 MJ/l
    p16 = f.loc[(2016, "petrol")]
    assert p16["wtw_g_per_mj"] == pytest.approx(91.3, abs=0.05)
    assert p16["lhv_mj_per_unit"] == pytest.approx(31.7, abs=0.1)


def test_reduktionsplikt_blend_matches_published_volume_hints():
    """6 % reduction ≈ 8 vol-% bio in diesel; 10 % ≈ 13–14 vol-% (Drivkraft Sverige, §1.3).

    By hand from data/fleet/fuel_components.csv (fossil diesel 35.9 MJ/l, 95.1 g CO2e/MJ WTW,
    74.1 g CO2/MJ TTW; HVO 34.0 MJ/l, 16.9 g/MJ from 2024): WTW gain of HVO
    1 − 16.9/95.1 = 0.822292. Energy share s = r / gain; LHV = 1 / ((1 − s)/35.9 + s/34.0);
    volume share = s · LHV / 34.0; WTW = 95.1 · (1 − r); fossil TTW = (1 − s) · 74.1.

    2024: r 0.06, s 0.072967, LHV 35.7542 MJ/l, 7.673 vol-%, WTW 89.394 g/MJ, TTW 2,456.1 g/l;
    2026: r 0.10, s 0.121611, LHV 35.6577 MJ/l, 12.754 vol-%, WTW 85.590 g/MJ, TTW 2,320.9 g/l.
    """
    f = fuel_factors([2024, 2026])
    hand = {2024: (0.072967, 35.7542, 7.673, 89.394, 2456.1),
            2026: (0.121611, 35.6577, 12.754, 85.590, 2320.9)}  # fmt: skip
    for year, (share, lhv, vol_pct, wtw, ttw_per_l) in hand.items():
        d = f.loc[(year, "diesel")]
        assert d["bio_energy_share"] == pytest.approx(share, abs=1e-6)
        assert d["lhv_mj_per_unit"] == pytest.approx(lhv, abs=1e-4)
        assert d["wtw_g_per_mj"] == pytest.approx(wtw, abs=1e-3)
        assert d["ttw_fossil_g_per_unit"] == pytest.approx(ttw_per_l, abs=0.05)
        # the volume share follows from the project's own energy share and energy contents
        vol = (
            d["bio_energy_share"]
            * d["lhv_mj_per_unit"]
            / f.loc[(year, "hvo100"), "lhv_mj_per_unit"]
        )
        assert vol * 100 == pytest.approx(vol_pct, abs=1e-3)
        # the published hints: about 8 vol-% at 6 %, 13-14 vol-% at 10 % (12.75 with HVO 34.0)
        lo, hi = {2024: (7.0, 8.5), 2026: (12.0, 14.0)}[year]
        assert lo <= vol * 100 <= hi
    for carrier in ("hvo100", "biogas", "electricity"):
        assert f.loc[(2026, carrier), "ttw_fossil_g_per_mj"] == 0


def test_petrol_2025_fossil_co2_per_litre_by_hand():
    """Petrol as sold 2025: reduktionsplikt 8 %, ethanol capped at 10 vol-% (EN 228, E10).

    Components (data/fleet/fuel_components.csv): fossil petrol 32.2 MJ/l, 93.3 g CO2e/MJ WTW,
    69.3 g CO2/MJ TTW; ethanol 21.2 MJ/l, 30.8 g/MJ; bio-naphtha 30.0 MJ/l, 16.9 g/MJ.
    WTW gains: ethanol 1 − 30.8/93.3 = 0.669882; naphtha 1 − 16.9/93.3 = 0.818864.
    Ethanol alone would need 0.08/0.669882 = 11.94 % of the energy = 17.2 vol-% > 10.
    So ethanol 10 vol-%: base = 0.9·32.2 + 0.1·21.2 = 31.10 MJ;
    naphtha v = (0.08·31.10 − 0.1·21.2·0.669882) / (30·0.818864 − 0.08·(30 − 32.2))
              = (2.48800 − 1.42015) / (24.56592 + 0.176) = 0.043159 l/l;
    fossil 1 − 0.1 − 0.043159 = 0.856841 l/l = 27.5903 MJ/l; LHV 27.5903 + 2.12 + 1.29477
    = 31.0051 MJ/l; fossil TTW 27.5903 × 69.3 = 1,912.0 g CO2/l (was 1,850.3 with ethanol
    only at 17 vol-%, LHV 30.32 MJ/l).
    """
    p = fuel_factors([2025]).loc[(2025, "petrol")]
    assert p["ttw_fossil_g_per_unit"] == pytest.approx(1912.0, abs=0.1)
    assert p["lhv_mj_per_unit"] == pytest.approx(31.0051, abs=1e-3)
    assert p["wtw_g_per_mj"] == pytest.approx(93.3 * 0.92)
    blend = petrol_blend(0.08, 2025)
    assert blend["ethanol"] == pytest.approx(0.10)
    assert blend["naphtha"] == pytest.approx(0.043159, abs=1e-6)
    # below the cap only ethanol: 2018 (2.6 %) gives 5.8 vol-%, the reported 2018 blend
    # was 6.3 vol-% (Drivmedel 2018, ER 2019:14)
    low = petrol_blend(0.026, 2018)
    assert low["naphtha"] == 0 and 0.055 < low["ethanol"] < 0.065
    # the cap is a scenario key: no ethanol -> all from naphtha (the larger saving per MJ),
    # same WTW, less bio energy, so more fossil TTW per litre
    none = fuel_factors([2025], ethanol_max_vol_pct=0).loc[(2025, "petrol")]
    assert none["wtw_g_per_mj"] == pytest.approx(p["wtw_g_per_mj"])
    assert none["ttw_fossil_g_per_unit"] > p["ttw_fossil_g_per_unit"]


def test_reduktionsplikt_paths():
    assert list(reduction_pct([2023, 2024, 2025, 2026, 2035], "diesel")) == [30.5, 6, 8, 10, 10]
    assert reduction_pct([2030], "diesel", "restored_2030_path")[0] == 66
    assert reduction_pct([2030], "petrol", "restored_2030_path")[0] == 28
    with pytest.raises(KeyError, match="known"):
        reduction_pct([2030], "diesel", "no_such")


def test_energy_prices_have_all_carriers_and_se1_electricity():
    p = energy_prices(2026)
    assert set(p.index) >= {"petrol", "diesel", "hvo100", "e85", "biogas", "electricity"}
    assert p["hvo100"] > p["diesel"]  # HVO100 premium +3 to +8 kr/l incl. VAT (§7)
    assert 3 / 1.25 <= p["hvo100"] - p["diesel"] <= 8


def test_t3_biogas_petrol_equivalent():
    """T3: biogas 24.50 kr/kg with equivalence factor 1.5 -> 16.33 kr/l petrol-equivalent."""
    assert round(24.50 / 1.5, 2) == 16.33
    # our energy contents give the factor: 1 kg biogas 48.4 MJ / 31.7 MJ per l petrol (MK1)
    f = fuel_factors([2016])
    ratio = f.loc[(2016, "biogas"), "lhv_mj_per_unit"] / f.loc[(2016, "petrol"), "lhv_mj_per_unit"]
    assert ratio == pytest.approx(1.5, abs=0.05)


def test_t5_lcc_cheapest_purchase_is_not_cheapest_lcc():
    """T5 (Upphandlingsmyndigheten LCC exercise): purchase + monetised energy/environment costs.

    Totals €43,080 / 42,640 / 45,270 / 49,360; the 2nd alternative wins though the 1st is cheapest.
    The exercise's operating costs are already lifetime totals: one period, no discounting.
    """
    purchase = [33140, 33950, 33720, 36630]
    running = [9940, 8690, 11550, 12730]
    totals = [costs.lcc(p, [r], rate_pct=0.0) for p, r in zip(purchase, running, strict=True)]
    assert totals == [43080, 42640, 45270, 49360]
    assert int(np.argmin(totals)) == 1 and int(np.argmin(purchase)) == 0


def test_lcc_discounting_and_equivalent_annual_cost():
    # hand calculation: 100 + 10/1.05 + 10/1.05^2 − 20/1.05^2
    assert costs.lcc(100, [10, 10], 5.0, residual_sek=20) == pytest.approx(
        100 + 10 / 1.05 + 10 / 1.05**2 - 20 / 1.05**2
    )
    eac = costs.equivalent_annual_cost(1000.0, 3.5, 8)
    pv = (eac * costs.discount_factor(3.5, np.arange(1, 9))).sum()
    assert pv == pytest.approx(1000.0)
    assert costs.equivalent_annual_cost(800.0, 0.0, 8) == pytest.approx(100.0)


def test_se1_electricity_price_carries_the_reduced_northern_energy_tax():
    """2026 row, excl. VAT: SE1 spot 0.457 + energy tax (0.360 − 0.096 northern reduction)
    + grid fee 0.21 + supplier margin 0.03 = 0.961 SEK/kWh; the tax is the one the matching
    prices document (workbench.config.match), so both work packages price a kWh alike."""
    from workbench.config.match import MatchPrices

    m = MatchPrices()
    tax = m.energy_tax_sek_per_kwh - m.northern_tax_reduction_sek_per_kwh
    assert tax == pytest.approx(0.264)
    assert energy_prices(2026)["electricity"] == pytest.approx(0.457 + tax + 0.21 + 0.03)
    # 2022: spot 0.634 + (0.360 − 0.096) + grid 0.25 + margin 0.03
    assert energy_prices(2022)["electricity"] == pytest.approx(0.634 + 0.264 + 0.25 + 0.03)


def test_price_year_cannot_precede_the_price_table():
    """Every carrier has a price row for 2022; an earlier price year would silently take it."""
    from pydantic import ValidationError

    from workbench.config.fleet import FleetConfig
    from workbench.fleet.factors import table

    first = table("energy_prices").groupby("carrier")["year"].min()
    assert (first == 2022).all()
    with pytest.raises(ValidationError, match="2022"):
        FleetConfig(price_year=2021)
