"""Hourly SE1 prices: the derived table against the ENTSO-E files, DST alignment by hand,
missing hours, SEK conversion and the published annual means."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from workbench.core.paths import REPO_ROOT
from workbench.reference import sources
from workbench.reference.prices import available_years, missing_hours, se1_hourly

PRICES = REPO_ROOT / "data" / "prices"


def _derive_module():
    spec = importlib.util.spec_from_file_location("derive_se1", PRICES / "derive_se1_prices.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_every_year_is_a_gap_free_utc_index_of_the_local_calendar_year():
    assert available_years() == list(range(2016, 2025))
    for year in available_years():
        p = se1_hourly(year)
        hours = 8784 if year in (2016, 2020, 2024) else 8760
        assert len(p) == hours == p.attrs["n_hours"]
        assert str(p.index.tz) == "UTC"
        # local 1 January 00:00 CET = 23:00 UTC the day before; last hour 31 Dec 23:00 CET
        assert p.index[0] == pd.Timestamp(f"{year - 1}-12-31 23:00", tz="UTC")
        assert p.index[-1] == pd.Timestamp(f"{year}-12-31 22:00", tz="UTC")
        assert ((p.index[1:] - p.index[:-1]) == pd.Timedelta("1h")).all()


def test_dst_days_have_23_and_25_hours_counted_by_hand():
    """Hand count for 2024 (DST from 31 March 02:00 CET, back on 27 October 03:00 CEST).

    31 March local: 00:00 and 01:00 CET are 23:00 and 00:00 UTC; then 03:00–23:00 CEST are
    01:00–21:00 UTC: 2 + 21 = 23 hours. 27 October local: 00:00, 01:00, 02:00 CEST are 22:00,
    23:00 (26 Oct) and 00:00 UTC; the second 02:00 (CET) is 01:00 UTC; 03:00–23:00 CET are
    02:00–22:00 UTC: 3 + 1 + 21 = 25 hours.
    """
    p = se1_hourly(2024, unit="eur_per_mwh")
    local_day = p.index.tz_convert("Europe/Stockholm").date
    counts = pd.Series(local_day).value_counts()
    assert counts[pd.Timestamp("2024-03-31").date()] == 23
    assert counts[pd.Timestamp("2024-10-27").date()] == 25
    dst_days = [pd.Timestamp("2024-03-31").date(), pd.Timestamp("2024-10-27").date()]
    assert (counts.drop(dst_days) == 24).all()
    assert len(p["2024-03-30 23:00":"2024-03-31 21:00"]) == 23
    # the 02:00 CET hour does not exist: 01:00 UTC is 03:00 CEST
    after_jump = pd.Timestamp("2024-03-31 01:00", tz="UTC").tz_convert("Europe/Stockholm")
    assert after_jump.hour == 3 and pd.Timestamp("2024-03-31 01:00", tz="UTC") in p.index


def test_duplicate_autumn_hour_maps_first_row_to_cest_and_second_to_cet(shared):
    """The two '27.10.2024 02:00' rows of the ENTSO-E file are 00:00 and 01:00 UTC, in order.

    2020 is used: its autumn hours have prices (2024's are missing).
    """
    path = shared / "prices" / "SE1_2020_entsoe.csv"
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = raw[raw.iloc[:, 0].str.startswith("25.10.2020 02:00")].iloc[:, 1].astype(float)
    assert len(rows) == 2
    p = se1_hourly(2020, unit="eur_per_mwh")
    assert p[pd.Timestamp("2020-10-25 00:00", tz="UTC")] == rows.iloc[0]  # CEST, 7.28
    assert p[pd.Timestamp("2020-10-25 01:00", tz="UTC")] == rows.iloc[1]  # CET, 6.65


def test_missing_hours_are_kept_and_reported():
    p = se1_hourly(2024)
    runs = missing_hours(p)
    # SOURCES.md: 2,114 empty cells = 2,113 missing real hours + the non-existent 02:00 row
    assert p.isna().sum() == 2113 == p.attrs["n_missing"]
    assert len(runs) == 1 and runs.loc[0, "n_hours"] == 2113
    # local 5 October 00:00 CEST to 31 December 23:00 CET
    assert runs.loc[0, "start_utc"] == pd.Timestamp("2024-10-04 22:00", tz="UTC")
    assert runs.loc[0, "end_utc"] == pd.Timestamp("2024-12-31 22:00", tz="UTC")
    assert p.attrs["missing_runs"][0]["n_hours"] == 2113
    for year in range(2016, 2024):
        assert se1_hourly(year).attrs["n_missing"] == 0


def test_sek_conversion_by_hand_and_provenance():
    """First hour of 2024: 29.56 EUR/MWh (ENTSO-E) × 11.4325 SEK/EUR (ECB 2024 mean) / 1000."""
    sek = se1_hourly(2024)
    eur = se1_hourly(2024, unit="eur_per_mwh")
    assert eur.iloc[0] == 29.56
    assert sek.iloc[0] == pytest.approx(29.56 * 11.4325 / 1000, abs=5e-7)  # 0.337945
    assert sek.attrs["eur_sek"] == 11.4325 and "ECB" in sek.attrs["eur_sek_source"]
    assert sek.attrs["unit"] == "SEK/kWh" and eur.attrs["unit"] == "EUR/MWh"
    assert "ENTSO-E" in sek.attrs["source"] and "ENTSO-E" in sek.attrs["licence"]
    ratio = (sek / eur).dropna()
    assert np.allclose(ratio[eur.dropna().abs() > 1], 11.4325 / 1000, rtol=1e-4)


def test_annual_means_match_published_figures():
    """SOURCES.md (measured on the files): 2016 28.95 and 2023 39.97 EUR/MWh. elpriser24.se
    (domain-fleet.md §7): SE1 annual mean 2018–2023 0.454, 0.401, 0.150, 0.432, 0.634,
    0.457 kr/kWh; computed at ECB annual rates they agree within 1.1 %."""
    assert se1_hourly(2016, unit="eur_per_mwh").mean() == pytest.approx(28.95, abs=0.005)
    assert se1_hourly(2023, unit="eur_per_mwh").mean() == pytest.approx(39.97, abs=0.005)
    published = {2018: 0.454, 2019: 0.401, 2020: 0.150, 2021: 0.432, 2022: 0.634, 2023: 0.457}
    for year, kr in published.items():
        assert se1_hourly(year).mean() == pytest.approx(kr, rel=0.011), year


def test_unknown_year_and_unit_are_refused_with_the_choices():
    with pytest.raises(KeyError, match="2016–2024"):
        se1_hourly(2025)
    with pytest.raises(ValueError, match="eur_per_mwh"):
        se1_hourly(2023, unit="ore")


@pytest.mark.slow
def test_table_rederives_from_shared_exactly(shared, tmp_path):
    """Drift test: the committed table equals a fresh derivation from ../shared/data/prices."""
    derive = _derive_module()
    fresh = derive.derive(folder=shared / "prices")
    assert derive.to_csv_bytes(fresh) == (PRICES / "se1_day_ahead_hourly.csv.gz").read_bytes()


@pytest.mark.slow
def test_derivation_reports_every_bad_cell(shared, tmp_path):
    """A corrupted copy: a bad price, a wrong currency and a price in the non-existent hour."""
    derive = _derive_module()
    lines = (shared / "prices" / "SE1_2023_entsoe.csv").read_text(encoding="utf-8").splitlines()
    lines[10] = lines[10].replace('","', '","x', 1)  # row 11: price 'x...'
    lines[20] = lines[20].replace('"EUR"', '"SEK"')  # row 21: currency
    k = next(i for i, t in enumerate(lines) if t.startswith('"26.03.2023 02:00'))
    lines[k] = '"26.03.2023 02:00 - 26.03.2023 03:00","12.00","EUR"'
    bad = tmp_path / "SE1_2023_entsoe.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(derive.PriceFileError) as err:
        derive.read_year(bad, 2023)
    text = str(err.value)
    assert "row 11" in text and "Day-ahead Price" in text
    assert "row 21" in text and "Currency" in text and "'SEK'" in text
    assert f"row {k + 1}" in text and "does not exist" in text
    assert len(err.value.problems) == 3


def _ecb_history() -> Path | None:
    env = os.environ.get("ECB_EUROFXREF_HIST")
    if env and Path(env).exists():
        return Path(env)
    return None


def test_exchange_rates_rederive_from_the_ecb_history(tmp_path):
    """Drift test for eur_sek_annual.csv; needs the ECB eurofxref-hist.csv (set
    ECB_EUROFXREF_HIST), skipped otherwise."""
    path = _ecb_history()
    if path is None:
        pytest.skip("ECB eurofxref-hist.csv not available (set ECB_EUROFXREF_HIST)")
    spec = importlib.util.spec_from_file_location("derive_fx", PRICES / "derive_eur_sek_annual.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    means, _ = module.annual_means(path)
    table = pd.read_csv(PRICES / "eur_sek_annual.csv").set_index("year")
    for year, row in table.iterrows():
        assert means[year] == (row["eur_sek"], row["n_fixings"])


def test_tables_are_registered_with_source_and_licence():
    reg = sources.table().set_index("path")
    for path in ("data/prices/se1_day_ahead_hourly.csv.gz", "data/prices/eur_sek_annual.csv"):
        assert (REPO_ROOT / path).exists()
        assert "ECB" in reg.loc[path, "source"] and reg.loc[path, "licence"]
