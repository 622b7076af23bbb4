"""The synthetic-data banner (issue 12): every synthetic input once, as a list, so that the
typical-year clause is not repeated in the county report and no label's own parentheses run
into the sentence ("åtgärdsplan (strategi))" before)."""

from __future__ import annotations

from workbench.export.report import Report, render, synthetic_warning, warning_text

# the county's synthetic inputs in the demo of Luleå and Pajala (lan/manifest.json)
COUNTY_ROLES = [f"{role}_{slug}" for role in ("fleet_register", "match_buildings", "match_register",
                                              "solar_buildings", "strategy_actions",
                                              "weather_typical_year")
                for slug in ("lulea", "pajala")]  # fmt: skip

COUNTY_SV = """Obs! Underlaget bygger helt eller delvis på syntetiska demodata:
– byggnader med fotavtryck och byggnadstyp
– kommunens fordonsregister
– typiskt väderår, genererat timme för timme ur månadsvärden (för Luleå ur Luleås uppmätta typår TMYx, för övriga centralorter en uppskattning utifrån Luleås); ingen väderfil för kommunen
– åtgärdsplan (strategi)
Siffrorna visar metoden, inte de verkliga förhållandena."""


def test_county_banner_names_the_typical_year_once():
    """Luleå's sourced and Pajala's estimated typical year: one clause that covers both."""
    assert warning_text(synthetic_warning(COUNTY_ROLES, "sv")) == COUNTY_SV
    assert COUNTY_SV.count("typiskt väderår") == 1 and "))" not in COUNTY_SV


def test_kommun_banner_keeps_its_own_typical_year():
    text = warning_text(synthetic_warning(["weather_typical_year_lulea", "strategy_actions"], "sv"))
    assert text.splitlines()[1:3] == [
        "– typiskt väderår, genererat timme för timme ur månadsvärdena i Luleås uppmätta typår TMYx"
        " (Luleå flygplats, 2009–2023); ingen väderfil för kommunen",
        "– åtgärdsplan (strategi)",
    ]
    english = warning_text(synthetic_warning(["strategy_actions"], "en"))
    assert english == ("Note: this package is based wholly or partly on synthetic demo data:\n"
                       "– action plan (strategy)\n"
                       "The figures show the method, not the real situation on the ground.")  # fmt: skip
    assert synthetic_warning([], "sv") is None


def test_banner_in_the_page_and_the_footer():
    report = Report(lang="sv", title="T", subtitle="S", key_figures=[], sections=[], method=[],
                    provenance={"workbench_version": "0"},
                    synthetic_inputs=["strategy_actions_lulea"])  # fmt: skip
    html = render(report)
    banner = ('<div class="warning" id="synthetic-warning"><p>Obs! Underlaget bygger helt eller '
              "delvis på syntetiska demodata:</p><ul><li>åtgärdsplan (strategi)</li></ul>"
              "<p>Siffrorna visar metoden, inte de verkliga förhållandena.</p></div>")  # fmt: skip
    assert banner in html and banner.replace("synthetic-warning", "synthetic-note") in html
    report.synthetic_inputs = []
    html = render(report)
    assert "synthetic-warning" not in html
    assert "<p>Underlaget innehåller inga syntetiska demodata.</p>" in html
