"""Compare two demo output trees file by file, applying the crosswalk's renames to the old one.

Usage (from the repository root)::

    SOURCE_DATE_EPOCH=1700000000 .venv/bin/workbench demo --out /tmp/demo_new
    .venv/bin/python tests/tools/compare_outputs.py /work/baseline/demo /tmp/demo_new

The old tree's names are renamed with ``tests/tools/crosswalk.yaml`` (column, summary-key and
label renames of issue 10), then every file is compared with its new twin:

* Parquet: identical bytes, or equal after renames (names, Arrow types, pandas dtypes, every value);
* CSV: identical bytes, or identical text after renaming the header;
* JSON: identical bytes, or identical canonical text after renaming keys (manifests: equal but for
  the git commit, the command and the hashes of files that differ, which are checked against the
  new files);
* xlsx: equal cell values and number formats, sheet by sheet (git commit, command and renamed
  labels masked);
* HTML: identical text (git commit, command and renamed labels masked) and identical figures;
  differing figures are named by their caption;
* GeoPackage: the same layers, CRS, metadata, field types, geometries and values after renames.

GDAL side files (``*.aux.xml``) are listed apart: GDAL writes them when a GeoPackage is opened
without ``GDAL_PAM_ENABLED=NO``, they are no demo output. Prints a summary per file type and
every difference; exits 1 when a file differs or is missing.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

os.environ["GDAL_PAM_ENABLED"] = "NO"  # reading a GeoPackage must not write beside it

import openpyxl  # noqa: E402
import pandas as pd  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
import pyogrio  # noqa: E402
import yaml  # noqa: E402

HERE = Path(__file__).resolve().parent
PARTS = ("solar", "fleet", "match")
SIDE_FILES = (".aux.xml",)
IMAGE = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')
CAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.S)


class Crosswalk:
    """Renames by scope (``solar``, ``fleet.summary``, ``lan``, ...) and dropped duplicate keys."""

    def __init__(self, path: Path):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        self.renames: dict[str, dict[str, str]] = defaultdict(dict)
        self.labels: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for entry in data.get("renames") or []:
            for scope in _scopes(entry["where"]):
                self.renames[scope][entry["old"]] = entry["new"]
            for lang, (old, new) in (entry.get("labels") or {}).items():
                self.labels[lang].append((old, new))
        self.figures = {e["caption"]: e["why"] for e in data.get("figures") or []}
        self.expected: Counter = Counter()
        self.drops: dict[str, dict[str, str]] = defaultdict(dict)
        for entry in data.get("drops") or []:
            for scope in _scopes(entry["where"]):
                self.drops[scope][entry["old"]] = entry["same_as"]

    def names(self, scope: str) -> dict[str, str]:
        return self.renames.get(scope, {})

    def text(self, value: str, lang: str = "sv") -> str:
        """Old labels replaced by the new ones where a label stands: a whole cell, or the start of
        a header (``label (unit)``, ``label, qualifier``) or of an HTML element's text."""
        for old, new in sorted(self.labels.get(lang, []), key=lambda p: -len(p[0])):
            value = re.sub(rf"(^|(?<=>)){re.escape(old)}(?=$|[ ,(<])", new, value)
        return value

    def keys(self, obj: dict, scope: str, problems: list[str], where: str) -> dict:
        """``obj`` with renamed keys. A dropped duplicate is removed after checking that it equals
        its twin; where the twin is absent (a stage summary with only the old key) it becomes it."""
        out = {}
        for key, value in obj.items():
            twin = self.drops.get(scope, {}).get(key)
            if twin is not None and twin in obj:
                if obj[twin] != value:
                    problems.append(f"{where}: dropped {key!r} = {value!r} differed from {twin!r}")
                continue
            out[twin or self.names(scope).get(key, key)] = value
        return out


def _scopes(where) -> list[str]:
    return [where] if isinstance(where, str) else list(where)


class Masks:
    """Strings that differ between two runs by construction: the git commit and the command."""

    COMMIT = re.compile(r"\b[0-9a-f]{40}(-dirty)?\b")

    def __init__(self, old: Path, new: Path):
        self.commands = []
        for tree in (old, new):
            manifest = json.loads((tree / "manifest.json").read_text(encoding="utf-8"))
            if manifest.get("command"):
                self.commands.append(str(manifest["command"]))
        self.commands.sort(key=len, reverse=True)

    def __call__(self, value):
        if not isinstance(value, str):
            return value
        for command in self.commands:
            value = value.replace(command, "<command>")
        return self.COMMIT.sub("<commit>", value)


def part_of(rel: Path) -> str | None:
    """``solar`` for ``lulea/solar/...``; ``lan`` for ``lan/...``; else ``None``."""
    parts = rel.parts
    if parts[0] == "lan":
        return "lan"
    if len(parts) > 2 and parts[1] in PARTS:
        return parts[1]
    return None


def compare_parquet(old: Path, new: Path, cw: Crosswalk, rel: Path) -> list[str]:
    names = cw.names(part_of(rel) or "")
    a, b = pq.read_table(old), pq.read_table(new)
    meta_a = json.loads(a.schema.metadata[b"pandas"]) if a.schema.metadata else {}
    meta_b = json.loads(b.schema.metadata[b"pandas"]) if b.schema.metadata else {}
    a = a.rename_columns([names.get(c, c) for c in a.column_names])
    problems = []
    if a.schema.names != b.schema.names:
        return [f"columns {a.schema.names} != {b.schema.names}"]
    if not a.schema.equals(b.schema, check_metadata=False):
        problems.append(f"Arrow types differ: {a.schema} != {b.schema}")
    for col in meta_a.get("columns", []):
        col["name"] = names.get(col["name"], col["name"])
        col["field_name"] = names.get(col["field_name"], col["field_name"])
    dtypes_a = [(c["name"], c["pandas_type"], c["numpy_type"]) for c in meta_a.get("columns", [])]
    dtypes_b = [(c["name"], c["pandas_type"], c["numpy_type"]) for c in meta_b.get("columns", [])]
    if dtypes_a != dtypes_b:
        problems.append(f"pandas dtypes differ: {dtypes_a} != {dtypes_b}")
    if not a.equals(b):
        differing = [c for c in b.column_names if not a[c].equals(b[c])]
        problems.append(f"values differ in columns {differing}")
    return problems


def compare_csv(old: Path, new: Path, cw: Crosswalk, rel: Path) -> list[str]:
    names = cw.names(part_of(rel) or "")
    head, _, body = old.read_text(encoding="utf-8").partition("\n")
    head = ",".join(names.get(c, c) for c in head.split(","))
    new_head, _, new_body = new.read_text(encoding="utf-8").partition("\n")
    problems = []
    if head != new_head:
        problems.append(f"header {head!r} != {new_head!r}")
    if body != new_body:
        lines = [(i, x, y) for i, (x, y) in enumerate(zip(body.split("\n"), new_body.split("\n"), strict=False))
                 if x != y]  # fmt: skip
        problems.append(f"rows differ (first: {lines[:1]}, row count {body.count(chr(10))} vs "
                        f"{new_body.count(chr(10))})")  # fmt: skip
    return problems


def canonical(data) -> str:
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def rename_json(data: dict, rel: Path, cw: Crosswalk, problems: list[str]) -> dict:
    """Apply the summary-key renames wherever summary keys appear in a demo JSON file."""
    where = str(rel)
    if rel.name == "summary.json" and len(rel.parts) == 1:  # the demo's own summary
        stages = data.get("stages", {})
        for part in PARTS:
            for code, summary in (stages.get(part) or {}).items():
                stages[part][code] = cw.keys(summary, f"{part}.summary", problems, where)
        return data
    if rel.name == "summary.json" and part_of(rel) in PARTS:
        part = part_of(rel)
        out = cw.keys(data, f"{part}.summary", problems, where)
        for year, variants in (out.get("years") or {}).items():
            for name, figures in variants.items():
                out["years"][year][name] = cw.keys(figures, f"{part}.summary", problems, where)
        return out
    if rel.name == "kommun_summary.json":
        out = cw.keys(data, "kommun", problems, where)
        for part, summary in (out.get("parts") or {}).items():
            out["parts"][part] = cw.keys(summary, f"{part}.summary", problems, where)
        return out
    return data


def compare_json(old: Path, new: Path, cw: Crosswalk, rel: Path, masks: Masks) -> list[str]:
    a = json.loads(old.read_text(encoding="utf-8"))
    b_text = new.read_text(encoding="utf-8")
    problems: list[str] = []
    if rel.name == "manifest.json":
        return compare_manifest(a, json.loads(b_text), new.parent, masks)
    a = rename_json(a, rel, cw, problems)
    if canonical(a) != b_text:
        b = json.loads(b_text)
        keys = sorted(set(_flat(a)) ^ set(_flat(b)))
        values = [k for k, v in _flat(a).items() if k in _flat(b) and _flat(b)[k] != v]
        problems.append(f"differs: keys only on one side {keys[:10]}, values differ {values[:10]}")
    return problems


def _flat(data, prefix="") -> dict:
    if isinstance(data, dict):
        out = {}
        for k, v in data.items():
            out.update(_flat(v, f"{prefix}{k}."))
        return out
    return {prefix.rstrip("."): data}


def compare_manifest(a: dict, b: dict, folder: Path, masks: Masks) -> list[str]:
    problems = []
    for key in sorted(set(a) | set(b)):
        if key in ("git_commit", "command"):
            continue
        if key == "outputs":
            if set(a[key]) != set(b[key]):
                problems.append(f"output files {sorted(set(a[key]) ^ set(b[key]))}")
            for name, digest in b[key].items():
                actual = hashlib.sha256((folder / name).read_bytes()).hexdigest()
                if actual != digest:
                    problems.append(f"sha256 of {name} does not match the file")
            continue
        if masks(json.dumps(a.get(key), sort_keys=True)) != masks(
            json.dumps(b.get(key), sort_keys=True)
        ):
            problems.append(f"field {key!r}: {a.get(key)!r} != {b.get(key)!r}")
    return problems


def compare_xlsx(old: Path, new: Path, cw: Crosswalk, masks: Masks, lang: str) -> list[str]:
    a = openpyxl.load_workbook(old, read_only=True)
    b = openpyxl.load_workbook(new, read_only=True)
    if a.sheetnames != b.sheetnames:
        return [f"sheets {a.sheetnames} != {b.sheetnames}"]
    problems = []
    for name in a.sheetnames:
        rows_a = list(a[name].iter_rows())
        rows_b = list(b[name].iter_rows())
        if len(rows_a) != len(rows_b):
            problems.append(f"sheet {name!r}: {len(rows_a)} rows != {len(rows_b)}")
            continue
        cells = 0
        first = None
        for ra, rb in zip(rows_a, rows_b, strict=True):
            for ca, cb in zip(ra, rb, strict=False):
                va = cw.text(masks(ca.value), lang) if isinstance(ca.value, str) else ca.value
                vb = masks(cb.value)
                if va != vb or ca.number_format != cb.number_format or len(ra) != len(rb):
                    cells += 1
                    first = first or (ca.coordinate, ca.value, cb.value, ca.number_format,
                                      cb.number_format)  # fmt: skip
        if cells:
            problems.append(f"sheet {name!r}: {cells} cells differ (first: {first})")
    return problems


def _figures(html: str) -> tuple[str, list[str], list[str]]:
    images = IMAGE.findall(html)
    captions = CAPTION.findall(html)
    return IMAGE.sub('src="data:image/png;base64,<image>"', html), images, captions


def compare_html(old: Path, new: Path, cw: Crosswalk, masks: Masks) -> list[str]:
    lang = "en" if 'lang="en"' in new.read_text(encoding="utf-8")[:500] else "sv"
    text_a, images_a, captions = _figures(old.read_text(encoding="utf-8"))
    text_b, images_b, _ = _figures(new.read_text(encoding="utf-8"))
    problems = []
    if cw.text(masks(text_a), lang) != masks(text_b):
        la, lb = cw.text(masks(text_a), lang).splitlines(), masks(text_b).splitlines()
        diff = [
            (i, x[:120], y[:120]) for i, (x, y) in enumerate(zip(la, lb, strict=False)) if x != y
        ]
        problems.append(f"text differs ({len(diff)} lines; first: {diff[:1]})")
    if len(images_a) != len(images_b):
        problems.append(f"{len(images_a)} figures != {len(images_b)}")
    for i, (x, y) in enumerate(zip(images_a, images_b, strict=False)):
        if base64.b64decode(x) != base64.b64decode(y):
            caption = (captions[i] if i < len(captions) else f"figure {i + 1}").strip()
            if caption in cw.figures:  # a figure whose label the crosswalk renames
                cw.expected[f"figure {caption!r}: {cw.figures[caption]}"] += 1
            else:
                problems.append(f"figure differs: {caption[:80]!r}")
    return problems


def layer_scope(rel: Path, layer: str) -> list[str]:
    if layer == "kommun_summary":
        return [*(f"{p}.summary" for p in PARTS), "kommun"]
    return ["solar"] if layer in ("buildings", "excluded") else []


def compare_gpkg(old: Path, new: Path, cw: Crosswalk, rel: Path, masks: Masks) -> list[str]:
    layers_a = pyogrio.list_layers(old).tolist()
    layers_b = pyogrio.list_layers(new).tolist()
    if layers_a != layers_b:
        return [f"layers {layers_a} != {layers_b}"]
    problems = []
    for layer, _ in layers_b:
        names: dict[str, str] = {}
        for scope in layer_scope(rel, layer):
            names.update(cw.names(scope))
            part = scope.split(".")[0]
            names.update({f"{part}_{k}": f"{part}_{v}" for k, v in cw.names(scope).items()})
        drops = {k for scope in layer_scope(rel, layer) for k in cw.drops.get(scope, {})}
        info_a, info_b = pyogrio.read_info(old, layer=layer), pyogrio.read_info(new, layer=layer)
        fields_a = [(names.get(f, f), t) for f, t in zip(info_a["fields"], info_a["dtypes"],
                                                          strict=True) if f not in drops]  # fmt: skip
        fields_b = list(zip(info_b["fields"], info_b["dtypes"], strict=True))
        if fields_a != fields_b:
            problems.append(f"layer {layer}: fields {fields_a} != {fields_b}")
            continue
        for key in ("crs", "geometry_type", "features", "layer_metadata", "dataset_metadata"):
            if masks(json.dumps(info_a.get(key), sort_keys=True, default=str)) != masks(
                json.dumps(info_b.get(key), sort_keys=True, default=str)
            ):
                problems.append(f"layer {layer}: {key} {info_a.get(key)!r} != {info_b.get(key)!r}")
        a = pyogrio.read_dataframe(old, layer=layer).drop(columns=sorted(drops), errors="ignore")
        b = pyogrio.read_dataframe(new, layer=layer)
        a = a.rename(columns=names)
        geom_a = a.geometry.to_wkb() if hasattr(a, "geometry") else None
        geom_b = b.geometry.to_wkb() if hasattr(b, "geometry") else None
        if geom_a is not None and not (geom_a == geom_b).all():
            problems.append(f"layer {layer}: geometries differ")
        try:
            pd.testing.assert_frame_equal(pd.DataFrame(a.drop(columns="geometry", errors="ignore")),
                                          pd.DataFrame(b.drop(columns="geometry", errors="ignore")),
                                          check_exact=True)  # fmt: skip
        except AssertionError as exc:
            problems.append(f"layer {layer}: values differ: {str(exc).splitlines()[:3]}")
    return problems


def _files(root: Path, only: tuple[str, ...]) -> set[Path]:
    files = {p.relative_to(root) for p in root.rglob("*") if p.is_file()}
    return {p for p in files if not only or p.parts[0] in only}


def compare_file(old: Path, new: Path, rel: Path, cw: Crosswalk, masks: Masks) -> list[str]:
    """Differences of one file pair by its type (empty: equal after renames and masks)."""
    kind = "manifest" if rel.name == "manifest.json" else rel.suffix.lstrip(".")
    if kind == "parquet":
        return compare_parquet(old, new, cw, rel)
    if kind == "csv":
        return compare_csv(old, new, cw, rel)
    if kind in ("json", "manifest"):
        return compare_json(old, new, cw, rel, masks)
    if kind == "xlsx":
        return compare_xlsx(old, new, cw, masks, "sv")
    if kind == "html":
        return compare_html(old, new, cw, masks)
    if kind == "gpkg":
        return compare_gpkg(old, new, cw, rel, masks)
    return ["bytes differ (no content comparison for this type)"]


def _compare_trees(old_root: Path, new_root: Path, cw: Crosswalk, files: tuple) -> tuple:
    """(counts per (type, status), problems per file) over the files of both trees."""
    files_a, files_b = files
    masks = Masks(old_root, new_root)
    counts: Counter = Counter()
    problems: dict[str, list[str]] = {}
    for rel in sorted(files_a & files_b):
        old, new = old_root / rel, new_root / rel
        kind = "manifest" if rel.name == "manifest.json" else rel.suffix.lstrip(".")
        if old.read_bytes() == new.read_bytes():
            counts[(kind, "identical bytes")] += 1
            continue
        found = compare_file(old, new, rel, cw, masks)
        if found:
            counts[(kind, "DIFFERENT")] += 1
            problems[str(rel)] = found
        else:
            counts[(kind, "equal after renames/masks")] += 1
    for rel in sorted(files_a - files_b):
        problems[str(rel)] = ["only in the old tree"]
        counts[("missing", "only in old")] += 1
    for rel in sorted(files_b - files_a):
        problems[str(rel)] = ["only in the new tree"]
        counts[("extra", "only in new")] += 1
    return counts, problems


def _print_report(counts: Counter, problems: dict, cw: Crosswalk, side: list) -> None:
    for kind in sorted({k for k, _ in counts}):
        row = ", ".join(f"{n} {status}" for (k, status), n in sorted(counts.items()) if k == kind)
        print(f"  {kind:9s} {row}")
    if side:
        print(f"  ignored GDAL side files: {', '.join(map(str, side))}")
    for change, n in sorted(cw.expected.items()):
        print(f"  expected (crosswalk): {change} [{n}x]")
    grouped: dict[str, list[str]] = defaultdict(list)
    for rel, found in problems.items():
        for problem in found:
            slug = rel.split("/")[0]
            key = re.sub(rf"\b{re.escape(slug)}\b", "<slug>", f"{rel}: {problem}")
            grouped[key].append(slug)
    for line, where in sorted(grouped.items()):
        print(f"DIFF {line[:400]}  [{len(where)}x]")


def compare(old_root: Path, new_root: Path, crosswalk: Path, only: tuple[str, ...] = ()) -> int:
    cw = Crosswalk(crosswalk)
    files_a, files_b = _files(old_root, only), _files(new_root, only)
    side = sorted(p for p in files_a | files_b if str(p).endswith(SIDE_FILES))
    files_a -= set(side)
    files_b -= set(side)
    counts, problems = _compare_trees(old_root, new_root, cw, (files_a, files_b))
    print(f"old: {old_root} ({len(files_a)} files), new: {new_root} ({len(files_b)} files)")
    print(f"crosswalk: {crosswalk} ({sum(map(len, cw.renames.values()))} renames by scope, "
          f"{sum(map(len, cw.drops.values()))} drops)")  # fmt: skip
    _print_report(counts, problems, cw, side)
    return 1 if problems else 0


MARKERS = ("<!-- crosswalk: generated from tests/tools/crosswalk.yaml -->", "<!-- /crosswalk -->")


def crosswalk_markdown(path: Path = HERE / "crosswalk.yaml") -> str:
    """The crosswalk as the Markdown table of ``docs/architecture.md`` (between :data:`MARKERS`)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    lines = [MARKERS[0], "", "| Where | Old | New | Why |", "|---|---|---|---|"]
    for entry in data.get("renames") or []:
        where = ", ".join(_scopes(entry["where"]))
        labels = entry.get("labels", {}).get("sv")
        note = f" (label {labels[0]!r} -> {labels[1]!r})" if labels else ""
        lines.append(f"| {where} | `{entry['old']}` | `{entry['new']}` | {entry['why']}{note} |")
    for entry in data.get("drops") or []:
        where = ", ".join(_scopes(entry["where"]))
        lines.append(f"| {where} | `{entry['old']}` | removed (same as `{entry['same_as']}`) | "
                     f"{entry['why']} |")  # fmt: skip
    for entry in data.get("figures") or []:
        lines.append(f"| report figure | {entry['caption']} | same figure | {entry['why']} |")
    return "\n".join([*lines, "", MARKERS[1]])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, nargs="?", help="the baseline demo tree")
    parser.add_argument("new", type=Path, nargs="?", help="the demo tree to check")
    parser.add_argument("--markdown", action="store_true", help="print the crosswalk table")
    parser.add_argument("--crosswalk", type=Path, default=HERE / "crosswalk.yaml")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated top-level folders to compare "
        "(e.g. arjeplog,pajala for a demo run with -k); default: everything",
    )
    args = parser.parse_args(argv)
    if args.markdown:
        print(crosswalk_markdown(args.crosswalk))
        return 0
    if args.old is None or args.new is None:
        parser.error("give the old and the new demo tree")
    only = tuple(x for x in args.only.split(",") if x)
    return compare(args.old, args.new, args.crosswalk, only)


if __name__ == "__main__":
    sys.exit(main())
