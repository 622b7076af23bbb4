"""Axis helpers shared by the matplotlib charts of every work package.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> _ = ax.plot([2025.0, 2026.0, 2027.0], [3.0, 2.0, 1.0])  # default ticks: 2025.00, 2025.25, ...
>>> integer_year_axis(ax)
>>> fig.canvas.draw()
>>> [t.get_text() for t in ax.get_xticklabels() if 2025 <= t.get_position()[0] <= 2027]
['2025', '2026', '2027']
>>> plt.close(fig)
"""

from __future__ import annotations

from matplotlib.ticker import MaxNLocator, StrMethodFormatter


def integer_year_axis(ax, axis: str = "x") -> None:
    """Ticks of a year axis at whole years only, written without decimals or grouping.

    Without it a line chart over 2025–2045 reads ``2027.5``, and one over a float index ``2025.0``.
    """
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(MaxNLocator(integer=True))
    target.set_major_formatter(StrMethodFormatter("{x:.0f}"))
