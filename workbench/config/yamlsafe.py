"""YAML for user files, read defensively: a size cap, no alias bombs, no duplicate keys.

:func:`load` is ``yaml.safe_load`` (no Python tags) plus three refusals, each a
:class:`~workbench.config.base.ConfigError` naming the file:

* a file larger than :data:`MAX_BYTES`;
* anchors and aliases whose expansion exceeds :data:`MAX_NODES` nodes or that are used more
  than :data:`MAX_ALIASES` times (the "billion laughs" file: a few lines that expand to
  gigabytes);
* a key given twice in one mapping (YAML keeps only the last one; the first block would be
  lost silently), naming the key and both lines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from workbench.config.errors import ConfigError
from workbench.core.boundary import short

MAX_BYTES = 1_000_000  # a scenario is a few kB; the largest shipped file is < 10 kB
MAX_NODES = 20_000  # nodes of the document with every alias expanded
MAX_ALIASES = 100


class YamlError(ConfigError):
    """A YAML file refused before its values are looked at (the message names file and line)."""

    def __init__(self, source: str, line: str):
        super().__init__(source, [line])


class _Loader(yaml.SafeLoader):
    """Safe loader counting aliases and refusing duplicate keys."""

    def __init__(self, stream, source: str):
        super().__init__(stream)
        self.source = source
        self.n_aliases = 0

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            self.n_aliases += 1
            if self.n_aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise YamlError(self.source, f"line {mark.line + 1}: more than {MAX_ALIASES} "
                                "YAML aliases (*name); expected a plain scenario file")  # fmt: skip
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):  # noqa: ANN001 - PyYAML's signature
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if isinstance(key, list | dict):
                continue  # unhashable: PyYAML itself refuses it below
            if key in seen:
                raise YamlError(self.source, f"key {short(repr(key))} is given twice (lines "
                                f"{seen[key]} and {line}); expected each key once (YAML would "
                                "keep only the last one)")  # fmt: skip
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """Nodes below ``node`` with every alias expanded (shared nodes counted each time)."""
    if id(node) in memo:
        return memo[id(node)]
    memo[id(node)] = 1  # a recursive alias counts once rather than forever
    if isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(n, memo) for n in node.value)
    elif isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    else:
        size = 1
    memo[id(node)] = size
    return size


def loads(text: str, source: str) -> Any:
    """The YAML document in ``text`` (see the module docstring for what is refused)."""
    if len(text) > MAX_BYTES:
        raise YamlError(source, f"{len(text):,} characters; expected a scenario file of at most "
                        f"{MAX_BYTES:,}")  # fmt: skip
    try:
        loader = _Loader(text, source)
    except yaml.YAMLError as exc:  # a character YAML does not allow
        raise YamlError(source, f"not valid YAML: {short(exc, 300)}") from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        size = _expanded_size(node, {})
        if size > MAX_NODES:
            raise YamlError(source, f"its aliases (*name) expand to {size:,} values; expected "
                            f"at most {MAX_NODES:,} (a plain scenario file)")  # fmt: skip
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise YamlError(source, f"not valid YAML: {short(exc, 300)}") from None
    finally:
        loader.dispose()


def load(path: str | Path) -> Any:
    """Read ``path`` as YAML (UTF-8), refusing what :func:`loads` refuses."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise YamlError(str(path), f"{size:,} bytes; expected a scenario file of at most "
                        f"{MAX_BYTES:,}")  # fmt: skip
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlError(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return loads(text, str(path))
