"""Year axes of the notebook charts read whole years (no 2025.0, no 2027.5)."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from fleet_fixtures import cars, run  # noqa: E402

from workbench.fleet import plots  # noqa: E402


@pytest.fixture(scope="module")
def results():
    """Two runs of three petrol cars, 2025–2045 (matplotlib would tick every 2.5 years)."""
    return {"a": run(cars(3), end_year=2045), "b": run(cars(3, model_year=2020), end_year=2045)}


@pytest.mark.parametrize(
    "draw", [plots.plot_emissions, plots.plot_costs, plots.plot_chargers, plots.plot_backlog]
)
@pytest.mark.slow
def test_fleet_year_axes_are_whole_years(results, draw):
    fig = draw(results)
    fig.canvas.draw()
    for ax in fig.axes:
        lo, hi = ax.get_xlim()
        labels = [t.get_text() for t in ax.get_xticklabels() if lo <= t.get_position()[0] <= hi]
        assert labels and all(re.fullmatch(r"20\d\d", s) for s in labels), labels
        ticks = [t for t in ax.get_xticks() if lo <= t <= hi]
        assert all(float(t).is_integer() for t in ticks)
    plt.close(fig)
