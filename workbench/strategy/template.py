"""Action-plan templates with Swedish headers: Excel (``.xlsx``) and YAML.

The Excel template has the sheets ``Åtgärder`` (one row per action, the headers of
:data:`~workbench.strategy.actions.TEMPLATE_HEADERS_SV`), ``Indikatorvärden`` (Åtgärd, År,
Värde) and ``Anvisningar`` (allowed sectors and statuses). Both read back with
:func:`~workbench.strategy.actions.read_action_plan`.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from workbench.core.outputs import atomic_path, write_text
from workbench.strategy.actions import TEMPLATE_HEADERS_SV
from workbench.strategy.sources.klimatkollen import SECTORS

STATUSES_SV = ("planerad", "pågående", "genomförd", "inställd")
EXAMPLE_ROW = ["A1", "Exempel: byt oljepanna i Kulturhuset", "Egen uppvärmning av bostäder och "
               "lokaler", "Fastighetsförvaltningen", 2026, 2027, "planerad", 450000, None, 12.0,
               45.0, "Eldningsolja i kommunala lokaler (m³/år)"]  # fmt: skip
YAML_TEMPLATE = """\
# Åtgärdsplan (mall). Fyll i en post per åtgärd; läs in med `workbench strategy --actions FIL`.
# sector: en av RUS huvudsektorer ({sectors})
# status: planerad | pågående | genomförd | inställd
# Ange förväntad effekt i t CO2e/år och/eller MWh/år. Belopp i kronor.
is_example: false
actions:
  - id: A1
    name: "Byt oljepanna i Kulturhuset"
    sector: egen_uppvarmning
    responsible: Fastighetsförvaltningen
    start_year: 2026
    end_year: 2027
    status: planerad
    budget_sek: 450000
    spent_sek:
    effect_co2e_t_per_year: 12
    effect_mwh_per_year: 45
    indicator: Eldningsolja i kommunala lokaler (m³/år)
    indicator_values: {{}}
"""


def _excel(path: Path) -> Path:
    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp))
        head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True})
        ws = wb.add_worksheet("Åtgärder")
        ws.write_row(0, 0, TEMPLATE_HEADERS_SV, head)
        ws.write_row(1, 0, EXAMPLE_ROW)
        ws.set_column(0, len(TEMPLATE_HEADERS_SV) - 1, 22)
        ws.data_validation(1, 2, 500, 2, {"validate": "list", "source": list(SECTORS)})
        ws.data_validation(1, 6, 500, 6, {"validate": "list", "source": list(STATUSES_SV)})
        values = wb.add_worksheet("Indikatorvärden")
        values.write_row(0, 0, ["Åtgärd", "År", "Värde"], head)
        notes = wb.add_worksheet("Anvisningar")
        notes.write(0, 0, "Sektor (RUS huvudsektor)", head)
        notes.write_column(1, 0, list(SECTORS))
        notes.write(0, 1, "Status", head)
        notes.write_column(1, 1, list(STATUSES_SV))
        notes.set_column(0, 1, 45)
        wb.close()
    return path


def write_template(path: str | Path) -> Path:
    """Write an empty action-plan template (``.xlsx`` or ``.yaml``) with one sample row."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return _excel(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        return write_text(path, YAML_TEMPLATE.format(sectors=", ".join(SECTORS.values())))
    raise ValueError(f"{path}: a template is written as .xlsx or .yaml")
