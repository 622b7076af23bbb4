import pandas as pd
import pytest

from workbench.reference import kommuner as km
from workbench.reference.kommuner import UnknownKommunError


def test_table_has_the_14_norrbotten_municipalities():
    df = km.table()
    assert len(df) == 14
    assert df["kommun_id_scb"].tolist() == [
        "2505", "2506", "2510", "2513", "2514", "2518", "2521",
        "2523", "2560", "2580", "2581", "2582", "2583", "2584",
    ]  # fmt: skip
    assert df["kommun_id_scb"].is_unique and df["name"].is_unique and df["name_ascii"].is_unique
    assert set(df.attrs["columns"]) == set(df.columns)
    assert all(meta["source"] and meta["unit"] for meta in df.attrs["columns"].values())


@pytest.mark.parametrize(
    "key", ["2580", 2580, "Luleå", "lulea", "LULEÅ", " Lulea ", "Luleå kommun"]
)
def test_lookup_accepts_code_name_ascii_any_case(key):
    k = km.get(key)
    assert (k.kommun_id_scb, k.name, k.seat) == ("2580", "Luleå", "Luleå")


def test_lookup_with_diacritics_everywhere():
    assert km.get("overtornea").name == "Övertorneå"
    assert km.get("Älvsbyn").kommun_id_scb == "2560"
    assert km.get("gallivare").slug == "gallivare"


@pytest.mark.parametrize("bad", ["Umeå", "25", "", "2599", 99])
def test_unknown_lookup_lists_valid_names(bad):
    with pytest.raises(UnknownKommunError) as err:
        km.get(bad)
    message = str(err.value)
    assert repr(bad) in message or str(bad) in message
    for name in ("Arvidsjaur", "Luleå", "Kiruna", "2584"):
        assert name in message


def test_seats_are_towns_within_county_and_not_area_centroids(shared):
    """Seat coordinates lie in 65–68° N and differ from the SCB area centroids.

    Arjeplog's area centroid (66.385 N, 17.245 E) lies west of the town (66.051 N, 17.889 E).
    """
    df = km.table()
    assert df["seat_lat"].between(65.0, 68.5).all()
    assert df["seat_lon"].between(17.0, 24.5).all()
    derived = pd.read_csv(
        shared / "geo/derived/norrbotten_municipalities.csv", dtype={"kommunkod": str}
    )
    merged = df.merge(derived, left_on="kommun_id_scb", right_on="kommunkod", validate="one_to_one")
    distance_deg = (
        (merged.seat_lat - merged.centroid_lat) ** 2 + (merged.seat_lon - merged.centroid_lon) ** 2
    ) ** 0.5
    assert (distance_deg > 0.05).sum() >= 12


def test_population_and_area_agree_with_reference(shared):
    """Rows match the reference table; land areas sum to the county's 97,239 km² (lan.csv)."""
    df = km.table()
    derived = pd.read_csv(
        shared / "geo/derived/norrbotten_municipalities.csv", dtype={"kommunkod": str}
    )
    merged = df.merge(derived, left_on="kommun_id_scb", right_on="kommunkod", validate="one_to_one")
    assert (merged["population"] == merged["population_c2015"]).all()
    assert merged["land_area_km2"].to_numpy() == pytest.approx(merged["area_land_km2"].to_numpy())
    lan = pd.read_csv(shared / "geo/peterdalle__svensktext/lan.csv", dtype={"code": str})
    county = lan.set_index("code").loc["25"]
    assert df["land_area_km2"].sum() == pytest.approx(county["area"], abs=1.0)
    # population c. 2015 (250,570) vs 2018-03-31 (250,969): within 0.5 %
    assert df["population"].sum() == pytest.approx(county["population"], rel=0.005)
