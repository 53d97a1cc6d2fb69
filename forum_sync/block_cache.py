"""Results of the suppression, by a hash of exactly what each result depends on (and
ALGORITHM), so an export with nothing new, or with news only in the current quarter, redoes
only what changed:

- a quarter's complementary cells (suppression.py): a function of that quarter's counts, the
  keys of every dimension in order, the tables and the threshold (no sum crosses a quarter);
- a block's pinned cells, from the exact check (disclosure.py): a function of its whole
  integer program, every unknown with its bounds and true value, and the tables.

Kept in memory for one computation (suppression re-checks a quarter after each cell it
hides, and the other blocks of that quarter have not changed) and, given a store, in the
store's `tally_cache` table; entries the last computation did not use are pruned.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Protocol

# Raise whenever the check, the bounds it gives the reader or the result's shape changes:
# results of older versions are then recomputed.
ALGORITHM = 1

Key = tuple[str, tuple[str, ...]]
Found = list[tuple[Key, list[Key]]]


class Persistent(Protocol):
    def tally_cache_get(self, key: str) -> str | None: ...
    def tally_cache_put(self, key: str, value: str) -> None: ...


def block_key(
    tables: Mapping[str, Sequence[str]],
    unknowns: Mapping[Key, int],
    lower: Sequence[int],
    upper: Sequence[int],
    true: Sequence[int],
) -> str:
    """A hash of the whole integer program of a block (its result is a function of it)."""
    problem = {
        "algorithm": ALGORITHM,
        "tables": {t: list(d) for t, d in tables.items()},
        "unknowns": [
            [key[0], list(key[1]), lower[i], upper[i], true[i]] for key, i in unknowns.items()
        ],
    }
    return _hash(problem)


def quarter_key(
    tables: Mapping[str, Sequence[str]],
    sparse: str,
    keys: Mapping[str, Sequence[str]],
    counts: Mapping[Key, int],
    quarter: str,
    threshold: int,
) -> str:
    """A hash of everything the suppression of one quarter reads."""
    return _hash(
        {
            "algorithm": ALGORITHM,
            "kind": "quarter",
            "tables": {t: list(d) for t, d in tables.items()},
            "sparse": sparse,
            "keys": {d: list(k) for d, k in keys.items()},
            "quarter": quarter,
            "threshold": threshold,
            "counts": sorted([t, list(v), c] for (t, v), c in counts.items() if v[0] == quarter),
        }
    )


def _hash(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))  # order counts too
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _key(data: list) -> Key:
    return (data[0], tuple(data[1]))


class BlockCache:
    def __init__(self, store: Persistent | None = None) -> None:
        self.store = store
        self.memory: dict[str, Found] = {}  # blocks
        self.quarters: dict[str, tuple[set[Key], set[str]]] = {}  # hidden, block keys
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> Found | None:
        found = self.memory.get(key)
        if found is None and self.store is not None:
            text = self.store.tally_cache_get(key)
            if text is not None:
                found = [(_key(k), [_key(p) for p in partners]) for k, partners in json.loads(text)]
                self.memory[key] = found
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        self.used.add(key)
        return found

    def put(self, key: str, found: Found) -> None:
        self.memory[key] = found
        self.used.add(key)
        if self.store is not None:
            self.store.tally_cache_put(key, json.dumps(found, ensure_ascii=False))

    def get_quarter(self, key: str) -> set[Key] | None:
        """A quarter's complementary cells; its blocks count as used too (kept for the day
        that quarter changes: most of its blocks then have not)."""
        entry = self.quarters.get(key)
        if entry is None and self.store is not None:
            text = self.store.tally_cache_get(key)
            if text is not None:
                data = json.loads(text)
                entry = self.quarters[key] = (
                    {_key(k) for k in data["hidden"]}, set(data["blocks"])
                )
        if entry is None:
            self.misses += 1
            return None
        self.hits += 1
        self.used.add(key)
        self.used |= entry[1]
        return set(entry[0])

    def put_quarter(self, key: str, hidden: set[Key], blocks: set[str]) -> None:
        self.quarters[key] = (set(hidden), set(blocks))
        self.used.add(key)
        if self.store is not None:
            data = {"hidden": sorted(hidden), "blocks": sorted(blocks)}
            self.store.tally_cache_put(key, json.dumps(data, ensure_ascii=False))
