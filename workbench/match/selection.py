"""Choosing the municipality's own buildings: by building type, by owner, or by a list of ids.

Every input building ends either in the selection or in the ``excluded`` table with a reason;
ids asked for that are not in the table are reported in ``unknown_ids``, never ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from workbench.core.errors import InputError, Problem


@dataclass
class Selection:
    """Selected buildings, the others with a reason, and requested ids that do not exist."""

    buildings: pd.DataFrame
    excluded: pd.DataFrame
    unknown_ids: list[str] = field(default_factory=list)
    rule: str = ""

    @property
    def building_ids(self) -> list[str]:
        """Ids of the selected buildings, in table order."""
        return self.buildings["building_id"].astype(str).tolist()


def select_buildings(
    buildings: pd.DataFrame,
    *,
    building_type: str | None = "public",
    owner: str | None = None,
    ids: Iterable[str] | None = None,
    source: str = "buildings",
    strict: bool = False,
) -> Selection:
    """Select the municipality's own buildings.

    Exactly one rule applies, in this priority: ``ids`` (a list of ``building_id``), then
    ``owner`` (exact, case-insensitive match on an ``owner`` column), then ``building_type``
    (exact, case-insensitive match on ``building_type``; default ``"public"``).

    Parameters
    ----------
    buildings : pandas.DataFrame
        Table with ``building_id`` and the column the rule needs.
    strict : bool
        Raise :class:`InputError` when requested ids are unknown (else report them).

    Raises
    ------
    workbench.core.errors.InputError
        A needed column is missing, or ``strict`` and some ids are unknown.
    """
    if "building_id" not in buildings.columns:
        raise InputError([Problem(source, "a 'building_id' column", column="building_id")])
    bid = buildings["building_id"].astype(str)
    unknown: list[str] = []
    if ids is not None:
        wanted = [str(i) for i in ids]
        unknown = sorted(set(wanted) - set(bid))
        if unknown and strict:
            raise InputError(
                [
                    Problem(source, "an existing building_id", column="building_id", value=u)
                    for u in unknown
                ],
                summary=f"{len(unknown)} requested building id(s) not found",
            )
        mask = bid.isin(wanted)
        rule, reason = (
            f"building_id in list of {len(set(wanted))}",
            "not in the list of building ids",
        )
    elif owner is not None:
        if "owner" not in buildings.columns:
            raise InputError(
                [
                    Problem(
                        source, "an 'owner' column to select by owner", column="owner", value=owner
                    )
                ]
            )
        mask = buildings["owner"].astype("string").str.casefold().eq(owner.casefold()).fillna(False)
        rule, reason = f"owner == {owner!r}", f"owner is not {owner!r}"
    elif building_type is not None:
        if "building_type" not in buildings.columns:
            raise InputError([Problem(source, "a 'building_type' column", column="building_type")])
        mask = (
            buildings["building_type"]
            .astype("string")
            .str.casefold()
            .eq(building_type.casefold())
            .fillna(False)
        )
        rule, reason = (
            f"building_type == {building_type!r}",
            f"building_type is not {building_type!r}",
        )
    else:
        raise InputError([Problem(source, "one selection rule: ids, owner or building_type")])
    mask = mask.to_numpy(dtype=bool)
    excluded = buildings.loc[~mask, ["building_id"]].copy()
    excluded["reason"] = reason
    return Selection(
        buildings=buildings.loc[mask].copy(), excluded=excluded, unknown_ids=unknown, rule=rule
    )
