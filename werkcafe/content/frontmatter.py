"""Split a Markdown file into front matter and body, keeping the line of every key.

PyYAML's composer gives each node its position, so an error can point at the exact line of
the field an editor has to fix rather than at the top of the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

DELIMITER = "---"


class FrontMatterError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class FrontMatter:
    data: dict[str, object]
    lines: dict[str, int]  # top-level key -> 1-based line in the file
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # list key -> line per item
    body: str = ""
    body_line: int = 1  # 1-based line where the body starts
    # list key -> per item, its field -> line (for `bronnen` items with titel, url, ...)
    item_field_lines: dict[str, list[dict[str, int]]] = field(default_factory=dict)

    def line(self, key: str, default: int = 1) -> int:
        return self.lines.get(key, default)


def split(text: str) -> tuple[str, str, int] | None:
    """Return (yaml text, body, first body line) or None when the file has no front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != DELIMITER:
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == DELIMITER:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise FrontMatterError(1, "front matter begint met '---' maar de afsluitende '---' ontbreekt")


def parse(text: str) -> FrontMatter:
    """Parse front matter; raise FrontMatterError with a line when it is missing or broken."""
    parts = split(text)
    if parts is None:
        raise FrontMatterError(
            1, "front matter ontbreekt: begin het bestand met een blok tussen '---' regels"
        )
    yaml_text, body, body_line = parts
    try:
        node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(yaml_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        # +1 for 1-based lines, +1 for the opening '---' line
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise FrontMatterError(line, f"front matter is geen geldige YAML: {problem}") from exc
    if node is None or data is None:
        raise FrontMatterError(1, "front matter is leeg")
    if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        raise FrontMatterError(2, "front matter moet bestaan uit regels 'veld: waarde'")
    lines: dict[str, int] = {}
    item_lines: dict[str, list[int]] = {}
    item_field_lines: dict[str, list[dict[str, int]]] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        lines[key] = key_node.start_mark.line + 2
        if isinstance(value_node, yaml.SequenceNode):
            item_lines[key] = [item.start_mark.line + 2 for item in value_node.value]
            item_field_lines[key] = [
                {str(k.value): k.start_mark.line + 2 for k, _ in item.value}
                if isinstance(item, yaml.MappingNode) else {}
                for item in value_node.value
            ]
    return FrontMatter({str(k): v for k, v in data.items()}, lines, item_lines, body, body_line,
                       item_field_lines)
