"""Typed configuration: strict pydantic models whose every field carries a unit, a year and a source.

Every assumption is declared with :func:`assumption`, so its unit, reference year
and source travel with it into error messages, exports and the JSON schema.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from workbench.config import yamlsafe
from workbench.config.errors import ConfigError
from workbench.core.boundary import short
from workbench.core.provenance import canonical_sha256


class StrictModel(BaseModel):
    """Base for all configuration models: unknown keys, infinite and NaN numbers are refused;
    type coercion is refused for file data (:func:`validate` validates it strictly)."""

    model_config = ConfigDict(extra="forbid", strict=False, validate_assignment=True, frozen=False,
                              allow_inf_nan=False)  # fmt: skip


def assumption(
    default: Any,
    *,
    unit: str,
    source: str,
    year: int | str,
    description: str,
    note: str = "",
    verified: bool = True,
    **constraints: Any,
) -> Any:
    """A model field that documents itself.

    Parameters
    ----------
    default
        Default value (or ``...`` for a required field).
    unit
        Unit of the value, e.g. ``"%"``, ``"kWh/km"``, ``"-"`` for dimensionless.
    source
        The citation, exactly as the publication names itself: publisher or author, title,
        year, section, URL (``"NREL PVWatts v5 manual (Dobos 2014)"``); empty when the value
        is the project's own. It is shown as written in every export language.
    note
        Our own words about the value: how it was taken from the source, or the assumption,
        estimate or choice it is (``"assumption: no battery by default"``). English; the exports
        translate it (:func:`workbench.i18n.source_note`: ``sv.yaml`` section ``source_notes``).
        A field needs ``source``, ``note`` or both.
    year
        Reference year of the default value.
    description
        What the value means.
    verified
        ``False`` when ``source`` is not yet confirmed from a primary source: the exports then
        word it ("ej verifierad källa" / "source not verified") instead of a marker in the text.
    constraints
        pydantic constraints such as ``ge``, ``le``, ``gt``.
    """
    if not (source or note):
        raise ValueError(f"assumption {description!r}: give its source, a note or both")
    extra = {"unit": unit, "source": source, "note": note, "year": str(year),
             "text": description, "verified": verified}  # fmt: skip
    status = "" if verified else "; source not verified"
    text = f"{description} [{unit}]. Source: {source_text(source, note)} ({year}{status})."
    if callable(default) and not isinstance(default, type):
        return Field(
            default_factory=default, description=text, json_schema_extra=extra, **constraints
        )
    return Field(default, description=text, json_schema_extra=extra, **constraints)


def _walk(model: type[BaseModel], loc: tuple) -> tuple[Any, type[BaseModel] | None]:
    """Follow ``loc`` down nested models.

    Returns the FieldInfo of the last model field on the way (a dict field such as
    ``roofs.pitch_deg`` for ``roofs.pitch_deg.public``; ``None`` for an unknown key) and the
    model at the end of ``loc`` (``None`` when ``loc`` leads past the models).
    """
    current: Any = model
    info = None
    for part in loc:
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return info, None
        info = current.model_fields.get(str(part))
        if info is None:
            return None, None
        current = info.annotation
    is_model = isinstance(current, type) and issubclass(current, BaseModel)
    return info, current if is_model else None


def _allowed(info: Any, error: dict) -> str:
    ctx = error.get("ctx") or {}
    parts = []
    for key, sym in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
        if key in ctx:
            parts.append(f"{sym} {ctx[key]}")
    if "expected" in ctx:
        parts.append(f"one of {ctx['expected']}")
    unit = (info.json_schema_extra or {}).get("unit") if info is not None else None
    text = " and ".join(parts) if parts else error["msg"].removeprefix("Input should be ")
    return f"{text}" + (f" [{unit}]" if unit else "")


def format_validation_error(
    model: type[BaseModel], exc: ValidationError, source: str
) -> ConfigError:
    """Turn a pydantic error into one line per problem: key, value, what is allowed."""
    lines = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        key = ".".join(str(p) for p in loc) or "<root>"
        value = short(repr(err.get("input")))
        if err["type"] == "extra_forbidden":
            _, parent = _walk(model, loc[:-1])
            allowed = ", ".join(sorted(parent.model_fields)) if parent else "?"
            lines.append(f"'{key}' = {value}: unknown key; allowed keys here: {allowed}")
            continue
        info, _ = _walk(model, loc)
        lines.append(f"'{key}' = {value}: {short(err['msg'])}; allowed: {_allowed(info, err)}")
    return ConfigError(source, lines)


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):  # YAML dates; pydantic reads ISO text in JSON mode
        return value.isoformat()
    raise TypeError(type(value).__name__)


def validate(model: type[BaseModel], data: dict, source: str = "<configuration>") -> Any:
    """Validate ``data`` against ``model``; raise :class:`ConfigError` naming key, value, allowed.

    Data as a file gives it (numbers, text, yes/no, lists, mappings, dates) is validated
    strictly, in pydantic's JSON mode: ``true`` is not a number, ``"80"`` not a number and
    ``"yes"`` not a yes/no (YAML's own ``yes`` is). Data holding Python objects (a model, a
    timestamp) is validated as the model's own configuration says.
    """
    try:
        text = json.dumps(data, default=_json_value, allow_nan=True)
    except (TypeError, ValueError):
        text = None
    try:
        if text is None:
            return model.model_validate(data)
        return model.model_validate_json(text, strict=True)
    except ValidationError as exc:
        raise format_validation_error(model, exc, source) from None


def config_hash(model: BaseModel) -> str:
    """sha256 of the canonical JSON of a configuration (sorted keys, no whitespace)."""
    return canonical_sha256(model.model_dump(mode="json"))


def source_text(source: str, note: str) -> str:
    """Citation and note as one line of text (English: schema descriptions, file comments)."""
    return "; ".join(t for t in (source, note) if t)


ASSUMPTION_COLUMNS = ["key", "value", "unit", "year", "source", "source_note", "verified",
                      "description"]  # fmt: skip


def _plain(value: Any) -> Any:
    """A list or mapping item as the scenario file writes it: a model (a target) as its fields."""
    return value.model_dump(mode="json") if isinstance(value, BaseModel) else str(value)


def assumptions_table(model: BaseModel, prefix: str = "") -> pd.DataFrame:
    """Every field of a configuration, recursively: key, value, unit, year, source (the
    citation), source_note (our own note, English), verified (whether the source is confirmed),
    description."""
    rows = []
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        key = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            rows.extend(assumptions_table(value, prefix=f"{key}.").to_dict("records"))
            continue
        extra = info.json_schema_extra or {}
        if isinstance(value, dict | list | tuple):
            value = json.dumps(value, ensure_ascii=False, default=_plain)
        desc = extra.get("text", info.description or "")
        rows.append(
            {
                "key": key,
                "value": value,
                "unit": extra.get("unit", ""),
                "year": extra.get("year", ""),
                "source": extra.get("source", ""),
                "source_note": extra.get("note", ""),
                "verified": bool(extra.get("verified", True)),
                "description": desc,
            }
        )
    return pd.DataFrame(rows, columns=ASSUMPTION_COLUMNS)


def read_yaml(path: Path) -> dict:
    """Read a YAML mapping (:func:`workbench.config.yamlsafe.load`: size cap, no alias bombs, no
    duplicate keys); an empty file is an empty mapping."""
    data = yamlsafe.load(path) or {}
    if not isinstance(data, dict):
        raise ConfigError(
            str(path), [f"expected a mapping of keys to values, got {type(data).__name__}"]
        )
    return data
