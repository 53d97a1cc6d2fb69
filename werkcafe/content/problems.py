"""Problems the content checks report, in the `file:line: what is wrong` shape editors see."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    ERROR = "fout"
    WARNING = "waarschuwing"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    level: Level
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.level.value}: {self.message} [{self.rule}]"


def error(path: str, line: int, rule: str, message: str) -> Problem:
    return Problem(path, line, Level.ERROR, rule, message)


def warning(path: str, line: int, rule: str, message: str) -> Problem:
    return Problem(path, line, Level.WARNING, rule, message)


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level is Level.ERROR]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level is Level.WARNING]
