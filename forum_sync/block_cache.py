"""Results of the exact disclosure check (disclosure.py), one per solved block, by a hash of
exactly what the result depends on: every unknown of the block with its bounds and true value,
the tables (which give the sums), and ALGORITHM. An export with nothing new, or with news only
in the current quarter, then solves only the blocks whose numbers changed.

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
    text = json.dumps(problem, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class BlockCache:
    def __init__(self, store: Persistent | None = None) -> None:
        self.store = store
        self.memory: dict[str, Found] = {}
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> Found | None:
        found = self.memory.get(key)
        if found is None and self.store is not None:
            text = self.store.tally_cache_get(key)
            if text is not None:
                found = [((k[0], tuple(k[1])), [(p[0], tuple(p[1])) for p in partners])
                         for k, partners in json.loads(text)]
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
