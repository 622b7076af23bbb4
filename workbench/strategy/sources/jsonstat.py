"""JSON-stat 2.0 answers of PxWeb services (SCB, Energimyndigheten): the cube as labelled cells.

A PxWeb table answered with ``json-stat2`` is one object: ``id`` (dimension ids in order),
``size`` (categories per dimension), ``dimension`` (per id a ``label`` and a ``category`` with
``index`` and ``label``), ``value`` (the cells in row-major order, the last dimension fastest;
``null`` where a cell is missing, a list or a sparse ``{"position": value}``) and ``status``
(``{"position": ".."}``). Specification: https://json-stat.org/full/.

The strategy readers do not key on dimension *codes*, which differ between the services and
the web exports (``Forbrukningskategri`` at SCB, ``förbrukarkategori`` in a CSV download):
:func:`find_dimensions` finds each dimension by its code or label, accents and case ignored,
and names what it expected and what came when one is lacking.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from workbench.core.errors import InputError, Problem
from workbench.core.text import fold

KEYS = ("id", "size", "dimension", "value")


@dataclass(frozen=True)
class Dimension:
    """One dimension: its id, label and categories ``(code, label)`` in cube order."""

    id: str
    label: str
    categories: tuple[tuple[str, str], ...]

    def names(self) -> str:
        """``"Region (region)"``: how a message shows the dimension."""
        return f"{self.id} ({self.label})"


@dataclass(frozen=True)
class Cube:
    """A decoded JSON-stat 2.0 dataset: dimensions in order and the cells by position."""

    dimensions: tuple[Dimension, ...]
    values: tuple  # float | None per cell, row-major
    status: dict  # position -> status mark ('..', '-')
    label: str
    updated: str

    def cells(self):
        """``({dimension id: (code, label)}, value, status)`` of every cell, in cube order."""
        sizes = [len(d.categories) for d in self.dimensions]
        for pos, value in enumerate(self.values):
            where, rest = {}, pos
            for dim, size in zip(reversed(self.dimensions), reversed(sizes), strict=True):
                where[dim.id] = dim.categories[rest % size]
                rest //= size
            yield where, value, self.status.get(pos)


def load(path: str | Path) -> dict:
    """The JSON object of an answer; :class:`InputError` naming the file when it is not JSON."""
    src = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError([Problem(src, f"a JSON-stat 2.0 answer (JSON text; {exc})")]) from None
    return data


def _categories(dim_id: str, spec, src: str) -> tuple[Dimension | None, list[Problem]]:
    if not isinstance(spec, dict) or not isinstance(spec.get("category"), dict):
        return None, [Problem(src, "a 'category' object", column=f"dimension.{dim_id}")]
    cat = spec["category"]
    index = cat.get("index")
    if isinstance(index, list):
        codes = [str(c) for c in index]
    elif isinstance(index, dict):
        codes = [str(c) for c, _ in sorted(index.items(), key=lambda kv: kv[1])]
    elif isinstance(cat.get("label"), dict) and len(cat["label"]) == 1:
        codes = [str(next(iter(cat["label"])))]  # a single category may omit its index
    else:
        return None, [Problem(src, "'category.index' (a list or an object of positions)",
                              column=f"dimension.{dim_id}")]  # fmt: skip
    labels = cat.get("label") if isinstance(cat.get("label"), dict) else {}
    cats = tuple((c, str(labels.get(c, c))) for c in codes)
    return Dimension(dim_id, str(spec.get("label", dim_id)), cats), []


def _cells(data: dict, n: int, src: str) -> tuple[tuple, dict, list[Problem]]:
    raw = data["value"]
    if isinstance(raw, dict):
        values = [None] * n
        for k, v in raw.items():
            if str(k).isdigit() and int(k) < n:
                values[int(k)] = v
    elif isinstance(raw, list):
        values = list(raw)
    else:
        return (), {}, [Problem(src, "'value' as a list or an object", column="value")]
    if len(values) != n:
        return (), {}, [Problem(src, f"{n} values (the product of 'size')", column="value",
                                value=len(values))]  # fmt: skip
    bad = [i for i, v in enumerate(values)
           if v is not None and (isinstance(v, bool) or not isinstance(v, int | float))]  # fmt: skip
    if bad:
        return (), {}, [Problem(src, "numbers or null", column=f"value[{bad[0]}]",
                                value=values[bad[0]])]  # fmt: skip
    raw_status = data.get("status") or {}
    if isinstance(raw_status, list):
        status = {i: s for i, s in enumerate(raw_status) if s}
    elif isinstance(raw_status, str):
        status = dict.fromkeys(range(n), raw_status)
    else:
        status = {int(k): s for k, s in raw_status.items() if str(k).isdigit()}
    return tuple(values), status, []


def decode(data, src: str) -> Cube:
    """The :class:`Cube` of a JSON-stat 2.0 dataset; :class:`InputError` naming what is lacking
    (a key, a dimension's categories, the number of values) and what came instead."""
    if isinstance(data, dict) and data.get("class") == "collection" or not isinstance(data, dict):
        came = sorted(data) if isinstance(data, dict) else type(data).__name__
        raise InputError([Problem(src, f"a JSON-stat 2.0 dataset with keys {list(KEYS)}",
                                  value=came)], f"{src}: not a JSON-stat 2.0 dataset")  # fmt: skip
    lacking = [k for k in KEYS if k not in data]
    if lacking:
        raise InputError([Problem(src, f"a JSON-stat 2.0 dataset with keys {list(KEYS)} "
                                  f"(lacking {lacking})", value=sorted(data))],
                         f"{src}: not a JSON-stat 2.0 dataset")  # fmt: skip
    problems, dims = [], []
    ids, sizes = data["id"], data["size"]
    if not (isinstance(ids, list) and isinstance(sizes, list) and len(ids) == len(sizes)):
        problems.append(
            Problem(src, "'id' and 'size' lists of the same length", value=[ids, sizes])
        )
    for dim_id in ids if not problems else []:
        dim, bad = _categories(str(dim_id), data["dimension"].get(dim_id), src)
        problems += bad
        if dim is not None:
            dims.append(dim)
    for dim, size in zip(dims, sizes, strict=False) if not problems else []:
        if len(dim.categories) != size:
            problems.append(Problem(src, f"{size} categories", column=f"dimension.{dim.id}",
                                    value=len(dim.categories)))  # fmt: skip
    n = 1
    for size in sizes if not problems else []:
        n *= int(size)
    values, status, bad = _cells(data, n, src) if not problems else ((), {}, [])
    problems += bad
    if problems:
        raise InputError(problems, f"{src}: not a readable JSON-stat 2.0 dataset")
    return Cube(
        tuple(dims), values, status, str(data.get("label", "")), str(data.get("updated", ""))
    )


def read(path: str | Path) -> Cube:
    """:func:`decode` of the answer in ``path``."""
    return decode(load(path), str(path))


def _matches(dim: Dimension, names: tuple[str, ...]) -> bool:
    keys = (fold(dim.id), fold(dim.label))
    return any(k == n or k.startswith(n) for k in keys for n in names)


def pick(cube: Cube, names: tuple[str, ...]) -> list[Dimension]:
    """The dimensions whose code or label (folded) is or starts with one of ``names``."""
    return [d for d in cube.dimensions if _matches(d, names)]


def find_dimensions(cube: Cube, wanted: dict[str, tuple[str, ...]], src: str,
                    single: tuple[str, ...] = ()) -> dict[str, Dimension]:  # fmt: skip
    """Role -> dimension, each found by code or label (folded: ``"bransle"`` finds ``Bränsle``
    and ``bränsletyp``). ``single``: roles that must have exactly one category (the unit).

    Every other dimension must have one category (a fixed selection); else it is a new
    dimension the reader does not know. Raises :class:`InputError` naming the dimensions
    expected and the dimensions that came.
    """
    found, problems = {}, []
    came = [d.names() for d in cube.dimensions]
    for role, names in wanted.items():
        hits = pick(cube, names)
        if len(hits) != 1:
            problems.append(Problem(src, f"one dimension '{role}' (code or label starting with "
                                    f"{' or '.join(repr(n) for n in names)})", column="id",
                                    value=came))  # fmt: skip
        else:
            found[role] = hits[0]
    for role in single:
        if role in found and len(found[role].categories) != 1:
            problems.append(Problem(src, f"a single category of '{role}'",
                                    column=f"dimension.{found[role].id}",
                                    value=[lab for _, lab in found[role].categories]))  # fmt: skip
    used = {d.id for d in found.values()}
    for d in cube.dimensions:
        if d.id not in used and len(d.categories) > 1:
            problems.append(Problem(src, f"only the dimensions {list(wanted)} (a further one "
                                    "with several categories is a new format)", column="id",
                                    value=d.names()))  # fmt: skip
    if problems:
        raise InputError(problems, f"{src}: the table's dimensions are not as expected")
    return found


def cell_text(value, status: str | None) -> str:
    """A cell as PxWeb writes it in a CSV download: ``'..'`` (or the status) for a missing
    value, a whole number without decimals, else the number."""
    if value is None:
        return status or ".."
    return str(int(value)) if float(value).is_integer() else repr(float(value))
