"""Read a municipal vehicle register (CSV or Excel, Swedish or English) into a validated table.

Accepted input: comma-, semicolon- or tab-separated text in UTF-8 or Windows-1252
with decimal comma or point, or an Excel sheet (``.xlsx``/``.xlsm``); the header may
sit below a few title rows. Headers and values are matched case- and
accent-insensitively against Swedish and English names (``Regnr``,
``Fordonsslag``, ``Drivmedel``, ``Årsmodell``, ``Körsträcka/år``, ``Förvaltning``,
``Leasingslut`` ...). A mileage column in *mil* (Swedish mile = 10 km) is converted.

Every problem (row number as the user sees it, column, value, what is expected)
is collected and raised together as one :class:`workbench.core.errors.InputError`;
duplicated ``vehicle_id`` values are reported with all their rows. No row is
dropped: a register either reads completely or not at all.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import struct
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from workbench.core.boundary import reading
from workbench.core.errors import InputError, Problem, source_name
from workbench.core.text import fold
from workbench.fleet import plausibility
from workbench.fleet.factors import duty_profiles, vehicle_types

log = logging.getLogger(__name__)

COLUMNS = [
    "vehicle_id",
    "vehicle_class",
    "fuel",
    "model_year",
    "annual_km",
    "department",
    "ownership",
    "contract_end",
    "duty",
    "parking",
    "depot",
]
REQUIRED = ("vehicle_id", "vehicle_class", "fuel", "model_year", "annual_km")
CLASSES = ("car", "van", "truck", "bus", "machine")
FUELS = ("petrol", "diesel", "hvo100", "e85", "biogas", "bev", "phev", "hev", "fcev")
PARKING = ("heated_garage", "engine_heater", "outdoors")
OWNERSHIP = ("owned", "leased")
DEFAULT_DUTY = {"car": "other", "van": "service", "truck": "heavy", "bus": "route",
                "machine": "machine"}  # fmt: skip
DEFAULTS = {"department": "unspecified", "ownership": "owned", "parking": "engine_heater"}

HEADER_ALIASES = {
    "vehicle_id": ["regnr", "reg nr", "registreringsnummer", "reg.nr", "vehicle_id", "vehicle id",
                   "registration", "registration number", "fordons-id", "fordonsid", "id"],
    "vehicle_class": ["fordonsslag", "fordonstyp", "fordonskategori", "vehicle_class",
                      "vehicle class", "class", "category", "kategori", "typ"],
    "fuel": ["drivmedel", "bransle", "drivlina", "fuel", "powertrain", "drivmedel 1"],
    "model_year": ["arsmodell", "modellar", "model_year", "model year", "arsmodell/modellar"],
    "annual_km": ["korstracka/ar", "korstracka per ar", "korstracka", "km/ar", "arlig korstracka",
                  "annual_km", "annual km", "km per year", "annual mileage", "mil/ar",
                  "korstracka (mil/ar)", "korstracka mil/ar", "korstracka (km/ar)"],
    "department": ["forvaltning", "avdelning", "verksamhet", "enhet", "department", "unit"],
    "ownership": ["agande", "agandeform", "agd/leasad", "ownership", "owned/leased",
                  "finansiering"],
    "contract_end": ["leasingslut", "leasing slut", "avtalsslut", "kontraktsslut", "slutdatum",
                     "contract_end", "contract end", "lease end", "lease_end"],
    "duty": ["anvandning", "anvandningsomrade", "uppdrag", "verksamhetstyp", "duty", "use"],
    "parking": ["parkering", "uppstallning", "nattparkering", "parking"],
    "depot": ["depa", "uppstallningsplats", "station", "depot", "hemmabas"],
    # optional, for a follow-up register: the vehicle (registration number) a vehicle replaced
    "replaces_vehicle_id": ["ersatter", "ersatter regnr", "ersatt fordon", "ersatt regnr",
                            "ersatter fordon", "replaces", "replaces_vehicle_id",
                            "replaced vehicle", "replaces vehicle id"],
}  # fmt: skip

VALUE_ALIASES = {
    "vehicle_class": {
        "car": ["personbil", "pb", "m1", "car", "bil", "passenger car"],
        "van": ["latt lastbil", "lattlastbil", "llb", "lbl", "n1", "van", "transportbil",
                "light lorry", "light truck", "skapbil"],
        "truck": ["tung lastbil", "lastbil", "tlb", "n2", "n3", "truck", "heavy lorry", "lorry",
                  "sopbil", "renhallningsfordon"],
        "bus": ["buss", "m2", "m3", "bus", "minibuss", "skolbuss"],
        "machine": ["arbetsmaskin", "maskin", "traktor", "hjullastare", "machine", "tractor",
                    "working machine", "redskapsbarare"],
    },
    "fuel": {
        "petrol": ["bensin", "petrol", "gasoline", "b95", "95"],
        "diesel": ["diesel", "dsl"],
        "hvo100": ["hvo", "hvo100", "hvo 100"],
        "e85": ["e85", "etanol", "ethanol", "flexifuel"],
        "biogas": ["biogas", "gas", "fordonsgas", "cng", "cbg", "lbg", "gas/bensin"],
        "bev": ["el", "elbil", "bev", "electric", "electricity", "elfordon", "battery electric"],
        "phev": ["laddhybrid", "phev", "plug-in hybrid", "plugin hybrid", "laddbar hybrid"],
        "hev": ["elhybrid", "hybrid", "hev", "el/bensin", "elhybrid bensin"],
        "fcev": ["vatgas", "bransleceller", "bransleceller vatgas", "fcev", "hydrogen"],
    },
    "ownership": {
        "owned": ["agd", "agt", "egen", "kopt", "owned", "own", "agd/kopt", "kop", "purchase"],
        "leased": ["leasad", "leasing", "leased", "lease", "hyrd", "operationell leasing"],
    },
    "duty": {
        "home_care": ["hemtjanst", "hemsjukvard", "home care", "home_care", "omsorg"],
        "service": ["service", "teknisk service", "drift", "fastighet", "underhall", "gata"],
        "pool": ["bilpool", "pool", "poolbil", "tjanstebil"],
        "heavy": ["tung", "renhallning", "heavy", "tunga transporter", "avfall"],
        "route": ["skolskjuts", "linje", "route", "fardtjanst", "persontransport"],
        "machine": ["maskin", "machine", "snorojning", "arbetsmaskin"],
        "other": ["ovrigt", "other", "annat"],
    },
    "parking": {
        "heated_garage": ["varmgarage", "garage", "heated garage", "heated_garage", "inomhus"],
        "engine_heater": ["motorvarmare", "motorvarmare ute", "engine heater", "engine_heater",
                          "ute med motorvarmare", "stolpe", "eluttag"],
        "outdoors": ["ute", "utomhus", "outdoors", "outside", "ute utan motorvarmare"],
    },
}  # fmt: skip


_HEADER_INDEX = {fold(a): col for col, names in HEADER_ALIASES.items() for a in names}
_VALUE_INDEX = {
    col: {fold(a): v for v, names in m.items() for a in [v, *names]}
    for col, m in VALUE_ALIASES.items()
}


def _decode(raw: bytes, src: str) -> str:
    """Text of a register: UTF-16 with a byte-order mark (Excel's "Unicode text") or without one
    (NUL bytes every other byte), else UTF-8, Windows-1252, Latin-1."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16")
    head = raw[:4000]
    if len(head) >= 4 and head.count(b"\x00") * 3 >= len(head):
        even_nul = head[0::2].count(b"\x00") > head[1::2].count(b"\x00")
        return raw.decode("utf-16-be" if even_nul else "utf-16-le", errors="replace")
    if b"\x00" in head:
        raise InputError([Problem(src, "a text file (CSV or tab-separated) or an "
                                  "Excel workbook", value="binary data (NUL bytes)")])  # fmt: skip
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _read_text(path: Path) -> tuple[pd.DataFrame, int, bool]:
    text = _decode(path.read_bytes(), str(path))
    lines = [ln for ln in text.splitlines() if ln.strip()][:20]
    # the delimiter of most lines: the median count ignores a few title lines above the header
    counts = {d: int(np.median([ln.count(d) for ln in lines] or [0])) for d in (";", "\t", ",")}
    sep = max(counts, key=counts.get) if any(counts.values()) else ","
    with reading(path, "a register as text separated by comma, semicolon or tab"):
        rows = list(csv.reader(io.StringIO(text.replace("\x00", "")), delimiter=sep))
    return _frame(rows), sep, sep != ","


ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx/.xlsm workbook is a zip archive
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an Excel 97-2003 .xls (OLE2 compound file)


def _read_excel(path: Path, sheet: str | None = None) -> tuple[pd.DataFrame, str]:
    """The register sheet of a workbook and the source name for errors (``<file>, sheet 'X'``).

    With ``sheet=None`` the sheet is the one whose first rows hold a register header; vehicles
    on several sheets (another sheet with a header, or with rows of four or more cells) are
    refused, naming the sheets, unless ``sheet`` names the one to read.
    """
    with open(path, "rb") as f:
        head = f.read(8)
    if head == OLE_MAGIC:
        raise InputError([Problem(str(path), "an Excel workbook in the format .xlsx or .xlsm (open "
                                  "it in Excel and save it as .xlsx)", value="an Excel 97-2003 "
                                  "workbook (.xls)")], summary=f"{path}: old Excel format")  # fmt: skip
    if head[:4] != ZIP_MAGIC:
        text = _is_text(path)
        what = "a text file (CSV?) renamed to " + path.suffix if text else "not a workbook"
        hint = "; save it as a workbook in Excel or give it the suffix .csv" if text else ""
        raise InputError([Problem(str(path), f"an Excel workbook (.xlsx/.xlsm){hint}",
                                  value=what)], summary=f"{path}: not an Excel file")  # fmt: skip
    with reading(path, "an Excel workbook (.xlsx/.xlsm) that opens in Excel"):
        rows = _workbook_rows(path)
    if sheet is not None:
        if sheet not in rows:
            raise InputError([Problem(str(path), f"sheet naming one of {list(rows)}",
                                      value=sheet)])  # fmt: skip
        return _frame(rows[sheet]), f"{path}, sheet '{sheet}'"
    with_header = [name for name, r in rows.items() if _header_row(r) is not None]
    if not with_header:
        return _frame(next(iter(rows.values()), [])), f"{path}, sheet '{next(iter(rows), '')}'"
    chosen = with_header[0]
    others = [n for n in rows if n != chosen and (n in with_header or _has_rows(rows[n]))]
    if others:
        listed = ", ".join(f"'{n}'" for n in [chosen, *others])
        raise InputError([Problem(str(path), "every vehicle on one sheet below one header "
                                  "(or name the sheet to read)", value=f"vehicle rows on sheets "
                                  f"{listed}")], summary=f"{path}: data split across sheets")  # fmt: skip
    return _frame(rows[chosen]), f"{path}, sheet '{chosen}'"


def _workbook_rows(path: Path) -> dict[str, list[list]]:
    """Every sheet's cell values, row by row (openpyxl read-only, cached formula results).

    As ``pandas.read_excel(header=None)`` gave them, at two thirds of its time (100,000
    vehicles: 5.2 s instead of 6.8 s): an empty cell is ``""``, a whole number ``int``, trailing
    empty cells and rows are cut and the rows padded to the sheet's width. Unlike pandas, text
    such as ``NA``, ``null`` or ``#N/A`` stays text (as in a CSV register), so it is reported
    where it does not belong instead of being read as an empty cell.
    """
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        return {sheet.title: _sheet_rows(sheet) for sheet in book.worksheets}
    finally:
        book.close()


def _sheet_rows(sheet) -> list[list]:
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()  # a writer's stated dimensions may cut rows or columns
    rows, last = [], -1
    for i, values in enumerate(sheet.iter_rows(values_only=True)):
        row = [_cell(v) for v in values]
        while row and row[-1] == "":
            row.pop()
        if row:
            last = i
        rows.append(row)
    rows = rows[: last + 1]
    width = max(map(len, rows), default=0)
    return [r + [""] * (width - len(r)) if len(r) < width else r for r in rows]


def _cell(value):
    """A cell value as pandas' openpyxl reader gives it: ``""`` if empty, integral numbers
    as ``int``."""
    if value is None:
        return ""
    if type(value) is float and value.is_integer():
        return int(value)
    return value


def _has_rows(rows: list[list]) -> bool:
    """Whether a sheet holds rows of data (four or more filled cells), not just notes."""
    return any(sum(str(v).strip() != "" for v in r) >= 4 for r in rows)


def _header_row(rows: list[list]) -> int | None:
    """Index of the header row among the first ten rows (two or more known headers)."""
    for i, row in enumerate(rows[:10]):
        if sum(fold(v) in _HEADER_INDEX for v in row if str(v).strip()) >= 2:
            return i
    return None


def _is_text(path: Path) -> bool:
    """Whether a file's first bytes decode as text (a CSV renamed to .xlsx)."""
    with open(path, "rb") as f:
        head = f.read(2000)
    try:
        head.decode("utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in head or head[:2] in (b"\xff\xfe", b"\xfe\xff")


def _frame(rows: list[list]) -> pd.DataFrame:
    """Rows as read -> DataFrame with the header row found; index = 1-based file row.

    A header given twice (same name, case and accents aside) is kept as ``name (column n)`` and
    listed in ``attrs["duplicate_headers"]`` ({name: [column numbers]}).
    """
    header_at = _header_row(rows) or 0
    header = [str(v).strip() for v in rows[header_at]] if rows else []
    body = rows[header_at + 1 :]
    width = len(header)
    data = {}
    positions: dict[str, list[int]] = {}
    for j, name in enumerate(header):
        if name:
            positions.setdefault(fold(name), []).append(j + 1)
        key = name or f"column_{j + 1}"
        if key in data or (name and len(positions[fold(name)]) > 1):
            key = f"{name} (column {j + 1})"
        data[key] = [r[j] if j < len(r) else "" for r in body]
    df = pd.DataFrame(data, dtype=object)
    df.index = np.arange(header_at + 2, header_at + 2 + len(body))
    blank = [all(str(v).strip() == "" for v in r[:width]) for r in body] if width else []
    out = df[~np.asarray(blank, dtype=bool)] if len(df) else df
    out.attrs["header_row"] = header_at + 1
    out.attrs["duplicate_headers"] = {
        header[cols[0] - 1]: cols for cols in positions.values() if len(cols) > 1
    }
    # cells beyond the header's width (e.g. an unquoted separator inside a value): reported
    out.attrs["overlong_rows"] = {
        header_at + 2 + i: [v for v in r[width:] if str(v).strip()]
        for i, r in enumerate(body)
        if any(str(v).strip() for v in r[width:])
    }
    return out


def _number(value, decimal_comma: bool) -> float | None:
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if decimal_comma and re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d*)?", text):
        text = text.replace(".", "")  # points grouping thousands: 15.000 or 15.000,5
    if decimal_comma or re.fullmatch(r"-?\d+,\d+", text):
        text = text.replace(",", ".")  # a remaining point (12345.6) stays a decimal point
    try:
        return float(text)
    except ValueError:
        return None


DATE_RANGE = (1970, 2200)  # contract end years a register may hold (within datetime64[ns])


def _date(value) -> pd.Timestamp | None:
    """A contract end date, or ``None`` when unreadable or outside :data:`DATE_RANGE`."""
    try:
        date = _parse_date(value)
    except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
        return None
    if date is None or not DATE_RANGE[0] <= date.year <= DATE_RANGE[1]:
        return None
    return date


def _parse_date(value) -> pd.Timestamp | None:
    if isinstance(value, pd.Timestamp):
        return value.normalize()
    if hasattr(value, "year") and hasattr(value, "month"):
        return pd.Timestamp(value).normalize()
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text):
        return pd.Timestamp(int(text), 12, 31)
    if re.fullmatch(r"\d{4}-\d{1,2}", text):
        return pd.Timestamp(text + "-01") + pd.offsets.MonthEnd(0)
    for fmt in ("%Y-%m-%d", "%Y%m%d", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d"):
        try:
            return pd.Timestamp(pd.to_datetime(text, format=fmt))
        except (ValueError, TypeError):
            continue
    return None


def _schema(classes_fuels: set[tuple[str, str]], max_model_year: int) -> pa.DataFrameSchema:
    """Checks after parsing (ranges, combinations, uniqueness); nulls were reported earlier."""

    def combo_ok(df: pd.DataFrame) -> pd.Series:
        ok = [(c, f) in classes_fuels for c, f in zip(df["vehicle_class"], df["fuel"], strict=True)]
        return pd.Series(ok, index=df.index) | df["vehicle_class"].isna() | df["fuel"].isna()

    def lease_has_end(df: pd.DataFrame) -> pd.Series:
        return ~((df["ownership"] == "leased") & df["contract_end"].isna())

    return pa.DataFrameSchema(
        {
            "vehicle_id": pa.Column(object, pa.Check.str_length(1, 40), nullable=True),
            "model_year": pa.Column(float, pa.Check.in_range(1970, max_model_year), nullable=True),
            "annual_km": pa.Column(float, pa.Check.in_range(0, 400_000), nullable=True),
        },
        checks=[
            pa.Check(combo_ok, error="a fuel offered for this vehicle class"),
            pa.Check(lease_has_end, error="a contract end date for a leased vehicle"),
        ],
    )


OUTPUT_SCHEMA = pa.DataFrameSchema(
    {
        "vehicle_id": pa.Column(str, unique=True),
        "vehicle_class": pa.Column(str, pa.Check.isin(CLASSES)),
        "fuel": pa.Column(str, pa.Check.isin(FUELS)),
        "model_year": pa.Column(int, pa.Check.in_range(1970, 2100)),
        "annual_km": pa.Column(float, pa.Check.ge(0)),
        "department": pa.Column(str),
        "ownership": pa.Column(str, pa.Check.isin(OWNERSHIP)),
        "contract_end": pa.Column("datetime64[ns]", nullable=True),
        "duty": pa.Column(str),
        "parking": pa.Column(str, pa.Check.isin(PARKING)),
        "depot": pa.Column(str),
    },
    strict=True,
    coerce=False,
)


def _schema_problems(exc: pa.errors.SchemaErrors, src: str, expected_for: dict) -> list[Problem]:
    """pandera failure cases -> one Problem per (row, column, check); frame checks once per row."""
    problems, seen = [], set()
    for case in exc.failure_cases.itertuples(index=False):
        row = None if pd.isna(case.index) else int(case.index)
        check = str(case.check)
        if case.schema_context == "DataFrameSchema":
            if (row, check) in seen:
                continue
            seen.add((row, check))
            problems.append(Problem(src, check, row, None, None))
            continue
        column = case.column if isinstance(case.column, str) else None
        expected = expected_for.get(column, check) if column else check
        problems.append(Problem(src, expected, row, column, case.failure_case))
    return problems


CATEGORIES = ("vehicle_class", "fuel", "ownership", "duty", "parking")
OPTIONAL_TEXT = ("department", "depot")


def normalise(raw: pd.DataFrame, src: str, decimal_comma: bool = False,
              max_model_year: int = 2100) -> pd.DataFrame:  # fmt: skip
    """Map headers and values of a raw register (index = file row) to the output schema.

    Raises :class:`InputError` with every problem found.
    """
    problems = _overlong_problems(raw, src) + _duplicate_header_problems(raw, src)
    if problems and raw.attrs.get("duplicate_headers"):
        raise InputError(problems, summary=f"{src}: a column header is given twice")
    mapping, in_mil = _header_mapping(raw.columns)
    missing = [c for c in REQUIRED if c not in mapping.values()]
    if missing:
        problems += [_missing_column(src, col) for col in missing]
        raise InputError(problems, summary=f"{src}: missing required column(s) {missing}")
    df = raw[list(mapping)].rename(columns=mapping)
    text = pd.DataFrame({col: _map_cells(df[col], _text) for col in df.columns}, index=df.index)
    out = pd.DataFrame(index=df.index)
    steps = (
        _parse_ids(text, src),
        *(_parse_category(text, col, src) for col in CATEGORIES),
        *(_parse_number(df, col, src, decimal_comma) for col in ("model_year", "annual_km")),
        _parse_contract_end(df, text, src),
    )
    for columns, found in steps:
        for col, values in columns.items():
            out[col] = values
        problems += found
    if in_mil:
        out["annual_km"] = out["annual_km"] * 10.0
    for col in OPTIONAL_TEXT:
        out[col] = text[col].where(text[col] != "", None) if col in text else None
    problems += _check_problems(out, src, max_model_year)
    problems += _duplicate_id_problems(out, src)
    if problems:
        problems.sort(key=lambda p: (p.row or 0, p.column or ""))
        raise InputError(problems, summary=f"{src}: {len(problems)} problem(s) in the register")
    table = _with_defaults(out)
    attrs, table.attrs = table.attrs, {}  # pandas deep-copies attrs at every step: set them last
    register = validate_register(table)
    register.attrs = attrs
    if "replaces_vehicle_id" in text:
        register.attrs["replaces"] = _links(register, text["replaces_vehicle_id"])
    return register


def _text(value) -> str:
    """A cell as text, without surrounding white space (``""`` for none)."""
    return "" if value is None else str(value).strip()


def _links(register: pd.DataFrame, replaced: pd.Series) -> dict[str, str]:
    """Vehicle id -> id of the vehicle it replaced (follow-up registers), ids normalised as
    :func:`_parse_ids` does; rows without one are left out."""
    ids = replaced.map(normalise_id).to_numpy()
    return {vid: old for vid, old in zip(register["vehicle_id"], ids, strict=True) if old}


def _duplicate_header_problems(raw: pd.DataFrame, src: str) -> list[Problem]:
    """A header given twice: which column would be read is a guess, so it is refused."""
    row = raw.attrs.get("header_row")
    return [
        Problem(src, "each column header once (rename or delete one of the columns)", row, name,
                f"in columns {', '.join(map(str, cols))}")
        for name, cols in raw.attrs.get("duplicate_headers", {}).items()
    ]  # fmt: skip


def _overlong_problems(raw: pd.DataFrame, src: str) -> list[Problem]:
    """Rows with cells beyond the header's width (e.g. an unquoted separator inside a value)."""
    return [
        Problem(src, f"at most {raw.shape[1]} fields, as in the header row", row, None, extra)
        for row, extra in raw.attrs.get("overlong_rows", {}).items()
    ]


def _header_mapping(names) -> tuple[dict[str, str], bool]:
    """File header -> output column (first match wins), and whether the distance is in *mil*."""
    mapping: dict[str, str] = {}
    in_mil = False
    for name in names:
        key = _HEADER_INDEX.get(fold(name))
        if key is None or key in mapping.values():
            continue
        mapping[name] = key
        if key == "annual_km":
            in_mil = "mil" in fold(name) and "km" not in fold(name)
    return mapping, in_mil


def _missing_column(src: str, col: str) -> Problem:
    names = ", ".join(HEADER_ALIASES[col][:6])
    return Problem(src, f"a column for {col} (e.g. {names})", column=col)


def normalise_id(value: str) -> str:
    """A vehicle id as the registers are matched on: without spaces, upper case ("abc 123" ->
    "ABC123")."""
    return re.sub(r"\s+", "", str(value)).upper()


def _parse_ids(text: pd.DataFrame, src: str) -> tuple[dict, list[Problem]]:
    """Registration numbers without spaces, upper case; an empty id is a problem."""
    ids = text["vehicle_id"].map(lambda v: normalise_id(v) or None)
    problems = [
        Problem(src, "a vehicle id (registration number)", row, "vehicle_id", "")
        for row in ids.index[ids.isna()]
    ]
    return {"vehicle_id": ids}, problems


def _map_cells(cells: pd.Series, func) -> pd.Series:
    """``cells.map(func)``, calling ``func`` once per distinct value.

    A register repeats its values (classes, fuels, dates, distances), so parsing each distinct
    value once is the same result at a fraction of the calls (100,000 rows: about 2,000 dates).
    All-text columns are factorised; cells of other types (Excel numbers, dates, booleans) share
    a result only with cells of the same type and value (:func:`_cell_key`), so that 1, 1.0
    and True, or 0.0 and -0.0, never share one.
    """
    if pd.api.types.infer_dtype(cells, skipna=False) == "string":
        codes, uniques = pd.factorize(cells)
        results = np.empty(len(uniques), dtype=object)
        results[:] = [func(u) for u in uniques]
        return pd.Series(results[codes], index=cells.index, dtype=object)
    cache: dict = {}
    results = np.empty(len(cells), dtype=object)
    for i, value in enumerate(cells.to_numpy(dtype=object)):
        key = _cell_key(value)
        if key is None:
            results[i] = func(value)
        elif key in cache:
            results[i] = cache[key]
        else:
            results[i] = cache[key] = func(value)
    return pd.Series(results, index=cells.index, dtype=object)


_DATETIME_TYPES = (dt.datetime, pd.Timestamp)


def _cell_key(value) -> tuple | None:
    """A key equal only for cells that any parser treats alike: same type and same value
    (a float by its bits: 0.0 and -0.0, NaNs apart); ``None`` (parse the cell on its own) for
    time-zone aware dates and types not listed."""
    kind = type(value)
    if kind is float:
        return (kind, struct.pack("<d", value))
    if kind in (str, int, bool, dt.date):
        return (kind, value)
    if kind in _DATETIME_TYPES and value.tzinfo is None:
        return (kind, value, value.fold)
    return None


def _parse_category(text: pd.DataFrame, col: str, src: str) -> tuple[dict, list[Problem]]:
    """A categorical column through its value aliases; unknown values (and empty required
    ones) are problems; an absent optional column is all None (a default later)."""
    if col not in text:
        return {col: None}, []
    index, allowed = _VALUE_INDEX[col], ", ".join(VALUE_ALIASES[col])
    values = _map_cells(text[col], lambda v: index.get(fold(v)) if v else None)
    problems = [
        Problem(src, f"one of {allowed}", row, col, text.at[row, col])
        for row in values.index[values.isna() & (text[col] != "")]
    ]
    if col in REQUIRED:
        problems += [
            Problem(src, f"a value, one of {allowed}", row, col, "")
            for row in values.index[text[col] == ""]
        ]
    return {col: values}, problems


_COMMA_GROUPS = re.compile(r"-?\d{1,3}(,\d{3})+")  # 12,500: thousands or decimals?
_POINT_GROUPS = re.compile(r"-?\d{1,3}(\.\d{3})+")  # 12.500 in a decimal-point file


def _ambiguous(value, decimal_comma: bool) -> bool:
    """Text whose separator may group thousands or mark decimals (``12,500``; ``12.500`` in a
    file with decimal points, where a point is a decimal mark)."""
    if not isinstance(value, str):
        return False
    text = value.strip().replace("\u00a0", "").replace(" ", "")
    return bool(_COMMA_GROUPS.fullmatch(text) or
                (not decimal_comma and _POINT_GROUPS.fullmatch(text)))  # fmt: skip


def _parse_number(df: pd.DataFrame, col: str, src: str, decimal_comma: bool):
    """A numeric column (decimal comma or point); empty, unreadable and ambiguous cells
    (``12,500``) are problems, and so is a model year that is not a whole number."""
    ambiguous = _map_cells(df[col], lambda v: _ambiguous(v, decimal_comma)).astype(bool)
    values = _map_cells(df[col], lambda v: _number(v, decimal_comma) if str(v).strip() else None)
    values = values.where(~ambiguous, None)
    problems = [
        Problem(src, "an unambiguous number: 12500 or 12500,0 (the separator may group "
                "thousands or mark decimals)", row, col, df.at[row, col])
        if ambiguous[row] else Problem(src, "a number", row, col, df.at[row, col])
        for row in values.index[values.isna()]
    ]  # fmt: skip
    numbers = values.astype(float)
    if col == "model_year":
        fractional = numbers.notna() & np.isfinite(numbers) & (numbers % 1 != 0)
        problems += [Problem(src, "a whole model year (e.g. 2019)", row, col, df.at[row, col])
                     for row in numbers.index[fractional]]  # fmt: skip
    return {col: numbers}, problems


def _parse_contract_end(df: pd.DataFrame, text: pd.DataFrame, src: str):
    """Contract end dates (NaT where none given); an unreadable date is a problem."""
    if "contract_end" not in df:
        return {"contract_end": pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")}, []
    ends = _map_cells(df["contract_end"], lambda v: _date(v) if str(v).strip() else None)
    bad = ends.isna() & (text["contract_end"] != "")
    problems = [
        Problem(
            src,
            f"a date (YYYY-MM-DD, YYYY-MM or YYYY) in the years {DATE_RANGE[0]}–{DATE_RANGE[1]}",
            row,
            "contract_end",
            df.at[row, "contract_end"],
        )  # fmt: skip
        for row in ends.index[bad]
    ]
    dates = pd.to_datetime(ends.astype(object), errors="coerce").astype("datetime64[ns]")
    return {"contract_end": dates}, problems


def _check_problems(out: pd.DataFrame, src: str, max_model_year: int) -> list[Problem]:
    """Ranges and combinations (:func:`_schema`); a frame-level failure is put on its column."""
    expected_for = {
        "model_year": f"a model year between 1970 and {max_model_year}",
        "annual_km": "an annual distance between 0 and 400,000 km",
        "vehicle_id": "a vehicle id of 1–40 characters",
    }
    schema = _schema(set(vehicle_types().index), max_model_year)
    try:
        schema.validate(out.astype({"vehicle_id": object}), lazy=True)
    except pa.errors.SchemaErrors as exc:
        return [_on_column(p, out, src) for p in _schema_problems(exc, src, expected_for)]
    return []


def _on_column(p: Problem, out: pd.DataFrame, src: str) -> Problem:
    """A row-level check (class/fuel combination, leased without end) named by its column."""
    if p.column is not None or p.row is None:
        return p
    if "fuel" in p.expected:
        return Problem(src, p.expected, p.row, "fuel",
                       f"{out.at[p.row, 'vehicle_class']}/{out.at[p.row, 'fuel']}")  # fmt: skip
    return Problem(src, p.expected, p.row, "contract_end", "")


def _duplicate_id_problems(out: pd.DataFrame, src: str) -> list[Problem]:
    """One problem per row of a duplicated vehicle id, listing all its rows."""
    ids = out["vehicle_id"].dropna()
    ids = ids[ids.duplicated(keep=False)]  # grouping only these: 100,000 groups cost 0.8 s
    problems = []
    for vid, rows in ids.groupby(ids).groups.items():
        if len(rows) > 1:
            listed = ", ".join(str(r) for r in rows)
            problems += [
                Problem(
                    src, f"a unique vehicle id (also in rows {listed})", int(row), "vehicle_id", vid
                )  # fmt: skip
                for row in rows
            ]
    return problems


def _with_defaults(out: pd.DataFrame) -> pd.DataFrame:
    """Defaults for optional columns (counted in ``attrs["defaults_applied"]``), the output
    columns as text, and the file rows in ``attrs["source_rows"]``."""
    applied: dict[str, int] = {}  # column -> number of rows that took the default
    for col, default in DEFAULTS.items():
        if out[col].isna().any():
            applied[col] = int(out[col].isna().sum())
        out[col] = out[col].fillna(default)
    if out["duty"].isna().any():
        applied["duty"] = int(out["duty"].isna().sum())
        out["duty"] = out["duty"].fillna(out["vehicle_class"].map(DEFAULT_DUTY))
    out["depot"] = out["depot"].fillna(out["department"])
    out["model_year"] = out["model_year"].astype(int)
    result = out[COLUMNS].copy()
    for col in COLUMNS:
        if col not in ("model_year", "annual_km", "contract_end"):
            result[col] = result[col].astype(object).astype(str)
    result.index = pd.RangeIndex(len(result))
    result.attrs["source_rows"] = [int(r) for r in out.index]
    result.attrs["defaults_applied"] = applied
    return result


def validate_register(register: pd.DataFrame) -> pd.DataFrame:
    """Validate a register table against the output schema (pandera, all errors at once).

    Numeric and date columns of an in-memory table are converted first (``annual_km`` to
    float, ``model_year`` to int, ``contract_end`` to datetime64[ns]) when that is lossless.
    """
    register = register.copy()
    if pd.api.types.is_numeric_dtype(register["annual_km"]):
        register["annual_km"] = register["annual_km"].astype(float)
    my = register["model_year"]
    if pd.api.types.is_numeric_dtype(my) and np.all(np.mod(my.to_numpy(dtype=float), 1) == 0):
        register["model_year"] = my.astype(int)
    register["contract_end"] = pd.to_datetime(register["contract_end"]).astype("datetime64[ns]")
    unknown = set(register["duty"]) - set(duty_profiles().index)
    if unknown:
        raise InputError(
            [
                Problem(
                    "<register>",
                    f"a duty in {sorted(duty_profiles().index)}",
                    column="duty",
                    value=sorted(unknown),
                )
            ]  # fmt: skip
        )
    try:
        return OUTPUT_SCHEMA.validate(register, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise InputError(_schema_problems(exc, "<register>", {})) from None


def read_register(
    path: str | Path,
    max_model_year: int = 2100,
    sheet: str | None = None,
    base_year: int | None = None,
) -> pd.DataFrame:
    """Read and validate a vehicle register.

    Parameters
    ----------
    path
        CSV/TXT (comma, semicolon or tab; UTF-8 or Windows-1252; decimal comma or
        point) or Excel (``.xlsx``, ``.xlsm``: the sheet holding the header).
    max_model_year
        Latest acceptable model year.
    sheet
        The workbook sheet to read; by default the one holding the header (vehicles on several
        sheets are refused, naming them).
    base_year
        The plan's first year: model years and contract ends are checked for plausibility
        against it (:mod:`workbench.fleet.plausibility`); ``None``: annual distances only.

    Returns
    -------
    pandas.DataFrame
        One row per vehicle, columns :data:`COLUMNS`: ``vehicle_id``,
        ``vehicle_class`` (car M1, van N1, truck N2/N3, bus M2/M3, machine),
        ``fuel``, ``model_year``, ``annual_km`` [km/year], ``department``,
        ``ownership`` (owned, leased), ``contract_end`` (date or NaT), ``duty``,
        ``parking`` (heated_garage, engine_heater, outdoors), ``depot`` (defaults
        to the department). ``attrs["source_rows"]`` holds each vehicle's file row,
        ``attrs["defaults_applied"]`` the optional columns that were filled with a
        default and in how many rows (``{column: n_rows}``). A follow-up register may name
        the vehicle each one replaced (``Ersätter``, ``replaces_vehicle_id``):
        ``attrs["replaces"]`` maps vehicle id to replaced id, normalised like the ids.

    Raises
    ------
    InputError
        Listing every problem: file row, column, value and what is expected.
    """
    path = Path(path)
    src = source_name(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: vehicle register not found")
    if path.suffix.lower() in {".xlsx", ".xlsm", ".xls"}:
        (raw, src), decimal_comma = _read_excel(path, sheet), False
    else:
        raw, _sep, decimal_comma = _read_text(path)
    if raw.empty:
        raise InputError([Problem(src, "at least one vehicle row below the header")])
    register = normalise(raw, src, decimal_comma=decimal_comma, max_model_year=max_model_year)
    register.attrs["plausibility_warnings"] = plausibility.warnings(register, src, base_year)
    for warning in register.attrs["plausibility_warnings"]:
        log.warning("%s", warning)
    return register
