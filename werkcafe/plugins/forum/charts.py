"""Inline SVG bar charts for the knelpunten report, legible in black and white.

Escaped by construction: every label goes through `safe.text`, numbers are formatted ints,
ids are built by the caller from fixed words. No `style` attributes (the site's CSP allows
style-src 'self' only): colours are presentation attributes (fill, stroke), which CSP does
not govern. Series differ by pattern (solid vs hatched) as well as colour, and every bar
carries its number, so a grey-scale printout reads the same. The table beside each chart
(written by the caller) holds the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from werkcafe.plugins.forum.safe import text as e

WIDTH = 560
LABEL_GAP = 16  # a label line above each bar
BAR = 18
SOLID = "#1a1a1a"  # current quarter: near-black, solid
HATCH = "#555555"  # earlier quarter: hatched lines on white, with an outline


@dataclass(frozen=True)
class Bar:
    label: str  # plain text (escaped here)
    values: tuple[int, ...]  # one per series


def _svg(chart_id: str, height: int, title: str, description: str, body: str) -> str:
    return (f'<svg viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
            f'aria-labelledby="{e(chart_id)}-t {e(chart_id)}-d" '
            f'xmlns="http://www.w3.org/2000/svg"><title id="{e(chart_id)}-t">{e(title)}</title>'
            f'<desc id="{e(chart_id)}-d">{e(description)}</desc>{body}</svg>')


def _hatch(pattern_id: str) -> str:
    return (f'<defs><pattern id="{e(pattern_id)}" width="6" height="6" '
            f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<rect width="6" height="6" fill="#ffffff"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{HATCH}" stroke-width="3"/>'
            f"</pattern></defs>")


def _fill(series: int, pattern_id: str) -> str:
    """Series 0 is the current quarter (solid); series 1 the earlier one (hatched)."""
    if series == 0:
        return f'fill="{SOLID}"'
    return f'fill="url(#{e(pattern_id)})" stroke="{HATCH}" stroke-width="1"'


def bars(items: Sequence[Bar], series: Sequence[str], title: str, description: str,
         chart_id: str) -> str:
    """Horizontal bars, grouped per item when there are two series (current, earlier)."""
    if not items:
        return ""
    pattern_id = f"{chart_id}-hatch"
    biggest = max((v for item in items for v in item.values), default=0)
    scale = (WIDTH - 60) / max(biggest, 1)
    legend_height = 26 if len(series) > 1 else 0
    group = LABEL_GAP + BAR * len(series) + 2 * (len(series) - 1) + 12
    height = legend_height + group * len(items) + 4
    parts = [_hatch(pattern_id)] if len(series) > 1 else []
    if len(series) > 1:
        x = 0
        for index, name in enumerate(series):
            parts.append(f'<rect x="{x}" y="4" width="14" height="14" {_fill(index, pattern_id)}/>'
                         f'<text x="{x + 20}" y="16" font-size="13" fill="#000000">{e(name)}'
                         "</text>")
            x += 20 + 8 * len(name) + 24
    for number, item in enumerate(items):
        top = legend_height + number * group
        parts.append(f'<text x="0" y="{top + 12}" font-size="13" fill="#000000">'
                     f"{e(item.label)}</text>")
        for index, value in enumerate(item.values):
            y = top + LABEL_GAP + index * (BAR + 2)
            width = max(value * scale, 1.0)
            parts.append(f'<rect x="0" y="{y}" width="{width:.1f}" height="{BAR}" '
                         f"{_fill(index, pattern_id)}/>"
                         f'<text x="{width + 6:.1f}" y="{y + 14}" font-size="13" '
                         f'font-weight="bold" fill="#000000">{int(value)}</text>')
    return (f'<figure class="wc-chart wc-report-chart">'
            f"{_svg(chart_id, height, title, description, ''.join(parts))}</figure>")
