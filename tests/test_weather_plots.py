import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from workbench.weather.plots import (  # noqa: E402
    best_orientation,
    monthly_irradiation_figure,
    yield_heatmap_figure,
)


def _heat():
    """3 tilts × 4 azimuths; the maximum 812 kWh/kWp sits at tilt 40°, azimuth 180°."""
    values = np.array([[700, 710, 705, 690], [650, 812, 760, 600], [500, 640, 620, 480]], float)
    return pd.DataFrame(values, index=[10.0, 40.0, 90.0], columns=[90.0, 180.0, 225.0, 270.0])


def test_best_orientation_is_the_table_maximum():
    best = best_orientation(_heat())
    assert (best["surface_tilt"], best["surface_azimuth"], best["annual_kwh_per_kwp"]) == (
        40.0,
        180.0,
        812.0,
    )


def test_heatmap_draws_the_table_values():
    heat = _heat()
    fig = yield_heatmap_figure(heat, "test")
    mesh = fig.axes[0].collections[0]
    np.testing.assert_array_equal(np.asarray(mesh.get_array()).reshape(heat.shape), heat.to_numpy())
    assert fig.axes[0].get_xlabel().startswith("surface_azimuth")


def test_monthly_figure_has_bars_for_ghi_dhi_and_temperature_line():
    monthly = pd.DataFrame(
        {
            "ghi_kwh_m2": np.arange(12.0),
            "dhi_kwh_m2": np.arange(12.0) / 2,
            "temp_air_c": np.linspace(-9, 16, 12),
        },
        index=range(1, 13),
    )
    fig = monthly_irradiation_figure(monthly, "Luleå")
    bars, line_axis = fig.axes[0], fig.axes[1]
    assert len(bars.patches) == 24
    np.testing.assert_allclose(line_axis.lines[0].get_ydata(), monthly["temp_air_c"])
