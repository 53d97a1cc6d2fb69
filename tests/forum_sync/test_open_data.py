"""Open data (issue 11 §3): datapackage.json validates with frictionless, the CSV is stable
between builds, and one changed thread changes only the cells that count it."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from frictionless import Package, validate

from forum_sync import tally
from forum_sync.tally import TallyTopic
from tests.forum_sync.helpers import DEMO_DIR
from tests.forum_sync.tally_attack import recovered


@pytest.fixture(scope="module")
def demo_exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo forum synced once and exported twice from the same store."""
    from forum_sync.cli import main

    root = tmp_path_factory.mktemp("open-data")
    store = root / "store.sqlite"
    assert main(["-q", "--store", str(store), "sync", "--from-dir", str(DEMO_DIR)]) == 0
    outs = []
    for name in ("one", "two"):
        out = root / name
        args = ["-q", "--store", str(store), "export", "--out", str(out)]
        assert main([*args, "--now", "2027-01-15T00:00:00Z"]) == 0
        outs.append(out.resolve())
    return outs[0], outs[1]


def test_the_data_package_validates_with_frictionless(demo_exports: tuple[Path, Path]) -> None:
    out = demo_exports[0]
    report = validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(out / "datapackage.json")
    resource = package.get_resource("tallies")
    assert package.licenses[0]["name"] == "CC-BY-4.0"
    assert [f.name for f in resource.schema.fields] == list(tally.CSV_COLUMNS)
    rows = resource.read_rows()
    # "<5" and "≥5" are declared missing values: tools read them as empty, numbers as int
    counts = [row["aantal"] for row in rows]
    assert None in counts and all(c is None or (isinstance(c, int) and c >= 5) for c in counts)
    assert any(r["gemeente"] == "GM0344" and r["aantal"] == 5 for r in rows)


def test_a_broken_csv_fails_validation(demo_exports: tuple[Path, Path], tmp_path: Path) -> None:
    """The validation can fail: a count of 3 (should be "<5") breaks the schema's minimum."""
    for name in ("datapackage.json", "tallies.csv"):
        (tmp_path / name).write_bytes((demo_exports[0] / name).read_bytes())
    text = (tmp_path / "tallies.csv").read_text(encoding="utf-8").replace(",<5\n", ",3\n", 1)
    (tmp_path / "tallies.csv").write_text(text, encoding="utf-8", newline="")
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    resource = descriptor["resources"][0]
    resource["bytes"] = len(text.encode())
    resource["hash"] = "sha256:" + hashlib.sha256(text.encode()).hexdigest()
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    report = validate(tmp_path / "datapackage.json")
    assert not report.valid
    assert "constraint-error" in {e.type for e in report.tasks[0].errors}


def test_two_exports_of_one_store_are_byte_identical(demo_exports: tuple[Path, Path]) -> None:
    one, two = demo_exports
    for name in ("tallies.csv", "tallies.json", "datapackage.json", "index.json"):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    raw = (one / "tallies.csv").read_bytes()
    assert b"\r" not in raw and raw.endswith(b"\n")
    raw.decode("utf-8")  # UTF-8 ("≥5")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    assert rows[0] == list(tally.CSV_COLUMNS)
    # sorted: tables in a fixed order, then quarters (ISO-like 2026-Q1 sorts as text)
    order = list(tally.TABLES)
    keys = [(order.index(r[0]), r[1]) for r in rows[1:]]
    assert keys == sorted(keys)


def test_the_demo_export_leaks_no_suppressed_count(demo_exports: tuple[Path, Path]) -> None:
    out = demo_exports[0]
    data = json.loads((out / "tallies.json").read_text(encoding="utf-8"))
    assert recovered(data, (out / "tallies.csv").read_text(encoding="utf-8")) == []


def _topics(changed: str | None = None) -> list[TallyTopic]:
    base = {"regeling": "ww", "instantie": "uwv", "thema": "wachttijd", "oordeel": "negatief"}
    topics = [TallyTopic("2026-02-10T10:00:00Z", {**base, "gemeente": "GM0344"})] * 12
    topics += [TallyTopic("2026-02-10T10:00:00Z", {**base, "gemeente": "GM0363"})] * 9
    topics += [TallyTopic("2026-02-10T10:00:00Z", {**base, "oordeel": "positief",
                                                   "gemeente": "GM0344"})] * 8
    if changed:  # one Utrecht thread moves to Amsterdam
        topics[0] = TallyTopic("2026-02-10T10:00:00Z", {**base, "gemeente": changed})
    return topics


def test_one_changed_thread_changes_only_its_cells() -> None:
    keys: dict[str, list[str]] = {"regeling": ["ww"], "instantie": ["uwv"],
                                  "thema": ["wachttijd"], "oordeel": ["negatief", "positief"]}
    before = tally.to_csv(tally.compute(_topics(), 5, keys)).splitlines()
    after = tally.to_csv(tally.compute(_topics("GM0363"), 5, keys)).splitlines()
    assert len(before) == len(after)
    changed = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    for b, a in changed:  # same row, only `aantal` differs
        assert b.rsplit(",", 1)[0] == a.rsplit(",", 1)[0]
    assert sorted(b.rsplit(",", 1)[0] for b, _ in changed) == [
        "gemeente,2026-Q1,alle,alle,alle,negatief,GM0344",
        "gemeente,2026-Q1,alle,alle,alle,negatief,GM0363",
        "gemeente_regeling,2026-Q1,ww,alle,alle,negatief,GM0344",
        "gemeente_regeling,2026-Q1,ww,alle,alle,negatief,GM0363",
    ]


