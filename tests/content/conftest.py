"""A tiny docs tree with one valid situation guide in both languages; tests break it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from werkcafe.content.checker import CheckOptions, CheckResult, check_docs
from werkcafe.content.values import load_values
from werkcafe.taxonomy import load_taxonomy

TODAY = dt.date(2026, 11, 24)

CHECKLIST = {
    "nl": ("Wat neem je mee", "Vragen die je kunt stellen", "Na het gesprek"),
    "en": ("What to bring", "Questions you can ask", "After the meeting"),
}


def meta(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Voorbereiden op een keuring",
        "description": "Wat je meeneemt en wat je kunt vragen.",
        "soort": "situatie",
        "regelingen": ["wia"],
        "situaties": ["keuring"],
        "doelgroepen": ["wia-ers"],
        "laatst_gecontroleerd": dt.date(2026, 11, 1),
        "redactie": ["AB"],
        "bronnen": [{"titel": "UWV", "url": "https://www.uwv.nl/"}],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def body(language: str = "nl", extra: str = "") -> str:
    a, b, c = CHECKLIST[language]
    text = "Je gaat naar een keuring. Dit lees je hier. Het is kort en duidelijk."
    return (
        f"{text}\n\n## Waar gaat het over?\n\nDe arts praat met je. Je vertelt wat je kunt.\n\n"
        f'## Checklist\n\n<div class="checklist" markdown>\n\n### {a}\n\n- [ ] Je pas\n\n'
        f"### {b}\n\n- [ ] Wat gebeurt er nu?\n\n### {c}\n\n- [ ] Schrijf het op.\n\n</div>\n"
        f"{extra}"
    )


def render(data: dict[str, object], text: str) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n\n" + text


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    (root / "situaties").mkdir(parents=True)
    (root / "situaties" / "keuring.nl.md").write_text(render(meta(), body("nl")), "utf-8")
    (root / "situaties" / "keuring.en.md").write_text(
        render(meta(title="Preparing for an assessment"), body("en")), "utf-8"
    )
    return root


@pytest.fixture
def check(docs: Path) -> Callable[..., CheckResult]:
    def run(today: dt.date = TODAY) -> CheckResult:
        return check_docs(docs, load_taxonomy(), load_values(), CheckOptions(today=today))

    return run
