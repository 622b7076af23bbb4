"""The default scenario file and the JSON schema of scenario files, generated from the models.

``data/scenarios/default.yaml`` lists every key of :class:`~workbench.config.Scenario` with
its default, each under a comment with its meaning, unit, reference year and source;
``data/scenarios/scenario.schema.json`` is pydantic's JSON schema of the same model (for
editors and validators). Both are written by ``python -m workbench.config.files --write``
and checked by ``--check`` and ``tests/test_config.py``: a changed default, unit or source
that is not regenerated fails the tests (the drift test).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml
from pydantic import BaseModel

from workbench.config.base import source_text
from workbench.config.scenario import Scenario
from workbench.core.outputs import write_text
from workbench.core.paths import scenarios_dir

DEFAULT_NAME = "default"
DEFAULT_DESCRIPTION = "Documented workbench defaults for Norrbotten."
HEADER = """\
# Default scenario: every key of the workbench's configuration with its default, each under
# a comment with its meaning [unit], reference year and source. GENERATED from the models in
# workbench/config by `python -m workbench.config.files --write`: do not edit by hand, a test
# fails when it drifts from the models. For a scenario of your own copy only the keys you
# change (as in fast_electrification.yaml); the schema of scenario files is
# scenario.schema.json beside this file (also `workbench config --schema`).
"""


def default_scenario() -> Scenario:
    """The scenario of ``default.yaml``: the models' defaults under the default name."""
    return Scenario(name=DEFAULT_NAME, description=DEFAULT_DESCRIPTION)


def _comment(info, pad: str) -> list[str]:
    """The comment line above a key: meaning [unit]; year; source (and whether verified)."""
    extra = info.json_schema_extra or {}
    if "unit" not in extra:
        text = info.description or ""
    else:
        status = "" if extra.get("verified", True) else " (source not verified)"
        text = (
            f"{extra.get('text', '')} [{extra['unit']}]; {extra['year']}; "
            f"source: {source_text(extra['source'], extra.get('note', ''))}{status}"
        )
    return [f"{pad}# {' '.join(text.split())}"] if text else []


def _is_flat(value) -> bool:
    """A scalar, or a list or mapping whose values are scalars or lists of scalars."""
    if not isinstance(value, dict | list):
        return True
    items = value.values() if isinstance(value, dict) else value
    return all(
        not isinstance(v, dict) and not (isinstance(v, list) and not all(map(_is_scalar, v)))
        for v in items
    )


def _is_scalar(value) -> bool:
    return not isinstance(value, dict | list)


def _value_lines(name: str, value, pad: str) -> list[str]:
    """``name: value`` in YAML, indented by ``pad``: flat collections on one line (flow style),
    lists of mappings (e.g. the national targets) in block style."""
    if _is_flat(value):
        text = yaml.safe_dump(
            value, allow_unicode=True, default_flow_style=True, sort_keys=False, width=10_000
        )
        return [f"{pad}{name}: {text.removesuffix(chr(10)).removesuffix(chr(10) + '...').strip()}"]
    text = yaml.safe_dump(
        {name: value}, allow_unicode=True, default_flow_style=False, sort_keys=False, width=100
    )
    return [f"{pad}{line}" for line in text.rstrip("\n").split("\n")]


def _model_lines(model: BaseModel, depth: int = 0) -> list[str]:
    """Every field of ``model``, nested models as indented sections."""
    pad = "  " * depth
    dumped = model.model_dump(mode="json")
    lines: list[str] = []
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        lines += _comment(info, pad)
        if isinstance(value, BaseModel):
            lines.append(f"{pad}{name}:")
            lines += _model_lines(value, depth + 1)
        else:
            lines += _value_lines(name, dumped[name], pad)
    return lines


def default_scenario_yaml() -> str:
    """Text of ``data/scenarios/default.yaml``."""
    return HEADER + "\n".join(_model_lines(default_scenario())) + "\n"


def scenario_schema_json() -> str:
    """Text of ``data/scenarios/scenario.schema.json`` (pydantic's JSON schema, 2-space indent)."""
    return json.dumps(Scenario.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def generated_files(folder: Path | None = None) -> dict[Path, str]:
    """Path -> generated text of both files."""
    folder = folder or scenarios_dir()
    return {
        folder / "default.yaml": default_scenario_yaml(),
        folder / "scenario.schema.json": scenario_schema_json(),
    }


def stale_files(folder: Path | None = None) -> list[Path]:
    """The generated files whose committed text differs from what the models give."""
    return [
        path
        for path, text in generated_files(folder).items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def main(argv: list[str] | None = None) -> int:
    """``python -m workbench.config.files [--write | --check]``: print, write or check."""
    parser = argparse.ArgumentParser(description="the generated default scenario and schema")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help="write both files")
    group.add_argument("--check", action="store_true", help="fail if a file is stale")
    args = parser.parse_args(argv)
    if args.write:
        for path, text in generated_files().items():
            write_text(path, text)
    elif args.check:
        stale = stale_files()
        for path in stale:
            print(f"{path} is stale: run python -m workbench.config.files --write")
        return 1 if stale else 0
    else:
        sys.stdout.write(default_scenario_yaml())
    return 0


if __name__ == "__main__":
    sys.exit(main())
