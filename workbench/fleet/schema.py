"""Labels of the fleet tables (the table declarations join them with the table registry)."""

from __future__ import annotations

# Written into summary.json and shown in the workbook when the register is the demo register.
SYNTHETIC_LABEL = "SYNTHETIC demo register (not real vehicles)"
