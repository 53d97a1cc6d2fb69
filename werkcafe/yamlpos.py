"""Line numbers for YAML data, so checks can say `file:line` for any key or list item.

PyYAML's composed node tree knows where every node starts; these helpers walk it next to the
loaded data. Lines are 1-based, as editors see them.
"""

from __future__ import annotations

import yaml

# libyaml when PyYAML was built with it: the municipality list parses about ten times faster.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlError(ValueError):
    """The text is not valid YAML; `line` is where the parser stopped."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def load(text: str) -> tuple[object, yaml.Node | None]:
    """The data and its node tree (None for an empty document)."""
    try:
        loader = LOADER(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise YamlError(f"geen geldige YAML: {exc}", line) from exc
    return data, node


def line_of(node: yaml.Node | None, default: int = 1) -> int:
    return node.start_mark.line + 1 if node is not None else default


def child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value node of `key` in a mapping node, or None."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node
    return None


def key_lines(node: yaml.Node | None) -> dict[str, int]:
    """Mapping node -> {key: line of the key}."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value}


def items(node: yaml.Node | None) -> list[yaml.Node]:
    """The item nodes of a sequence node (empty for anything else)."""
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []
