"""The generated forum's municipality tags (issue 10), as the site benchmark uses them.

One mechanism (forum_sync/testing/generate.py): a Zipf-like draw over data/gemeenten.yml from
its own random stream; `gemeenten=False` leaves the tags off and changes nothing else.
"""

from __future__ import annotations

from collections import Counter

from forum_sync.testing.generate import generate_forum
from werkcafe.gemeenten import load_gemeenten


def municipality_tags(tags: list[str]) -> list[str]:
    return [tag for tag in tags if tag.startswith("gemeente-")]


def test_most_topics_get_one_municipality_tag_and_the_rest_of_the_forum_stays_the_same():
    gemeenten = load_gemeenten()
    plain = generate_forum(topics=400, posts=800, seed=3, gemeenten=False)
    placed = generate_forum(topics=400, posts=800, seed=3)
    public = [t for t in placed.topics.values() if not t.is_private_message]
    codes = [gemeenten.classify_tags(t.tags) for t in public]
    assert sum(1 for c in codes if c) > 0.6 * len(public)
    assert not any(municipality_tags(t.tags) for t in placed.topics.values()
                   if t.is_private_message)
    # A few topics name two municipalities: they are placed nowhere, never in both.
    two = [t for t in public if len(municipality_tags(t.tags)) == 2]
    assert 0 < len(two) < 0.1 * len(public)
    assert all(gemeenten.classify_tags(t.tags) is None for t in two)
    assert all(len(municipality_tags(t.tags)) <= 2 for t in public)
    # Zipf-like: a few municipalities carry much of the forum, a long tail the rest (uniform
    # over 342 would give the commonest about 1 %).
    spread = Counter(c for c in codes if c)
    assert spread.most_common(1)[0][1] > 0.05 * sum(spread.values())
    assert len(spread) > 20
    assert not any(municipality_tags(t.tags) for t in plain.topics.values())
    for before, after in zip(plain.topics.values(), placed.topics.values(), strict=True):
        assert before.title == after.title
        assert [p.cooked for p in before.posts] == [p.cooked for p in after.posts]
        assert [p.like_count for p in before.posts] == [p.like_count for p in after.posts]
        assert after.tags[:len(before.tags)] == before.tags
        assert after.tags[len(before.tags):] == municipality_tags(after.tags)
