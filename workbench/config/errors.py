"""The configuration's error type (its own module, so that the YAML reader can raise it)."""

from __future__ import annotations

from workbench.core.errors import WorkbenchError


class ConfigError(WorkbenchError, ValueError):
    """A configuration value that is unknown, of the wrong type or out of range."""

    def __init__(self, source: str, lines: list[str]):
        self.source = source
        self.lines = lines
        super().__init__(
            f"{source}: invalid configuration:\n" + "\n".join(f"  - {x}" for x in lines)
        )
