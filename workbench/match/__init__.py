"""Solar meets fleet: hourly matching of rooftop PV on municipal buildings to depot charging.

One module per concern:

* :mod:`~workbench.match.hourly`: checks of the hourly UTC time axis, typical year onto a year;
* :mod:`~workbench.match.balance`: hourly energy balance, optional stationary battery;
* :mod:`~workbench.match.aggregate`: monthly (Europe/Stockholm calendar) and annual sums, coverage;
* :mod:`~workbench.match.smart`: PV-following (smart) charging schedules (sessions and immediate
  charging: :mod:`workbench.fleet.schedule`);
* :mod:`~workbench.match.value`: value in SE1 (avoided purchase against export);
* :mod:`~workbench.match.selection`: choosing the municipality's own buildings;
* :mod:`~workbench.match.supply`: hourly PV of the selected buildings (rooftop + PV engines);
* :mod:`~workbench.match.tables`: matching of one PV year against several scenario years;
* :mod:`~workbench.match.depots`: depot-by-depot matching from a building -> depot map;
* :mod:`~workbench.match.result`: :class:`MatchResult` and its summary;
* :mod:`~workbench.match.run`: :func:`compute` for a municipality, ``run`` (compute, files,
  manifest: what ``workbench match`` calls) and the demo ``stage``;
* :mod:`~workbench.match.outputs`: output files; :mod:`~workbench.match.plots`: charts.

>>> from workbench.match import compute  # doctest: +SKIP
>>> result = compute("Luleå", years=[2030])  # doctest: +SKIP
>>> result.summary["coverage_pct"]  # doctest: +SKIP
"""

from workbench.match.aggregate import annual, monthly
from workbench.match.balance import BALANCE_COLUMNS, hourly_balance
from workbench.match.hourly import on_year
from workbench.match.result import MatchResult
from workbench.match.run import compute, with_battery
from workbench.match.selection import Selection, select_buildings
from workbench.match.smart import smart_schedule
from workbench.match.value import (
    annual_value,
    export_price_sek_per_kwh,
    hourly_value,
    purchase_price_sek_per_kwh,
    spot_on_year,
)

__all__ = [
    "BALANCE_COLUMNS",
    "MatchResult",
    "Selection",
    "annual",
    "annual_value",
    "compute",
    "export_price_sek_per_kwh",
    "hourly_balance",
    "hourly_value",
    "monthly",
    "on_year",
    "purchase_price_sek_per_kwh",
    "select_buildings",
    "smart_schedule",
    "spot_on_year",
    "with_battery",
]
