"""The generated forum with municipality tags (issue 10), as the site benchmark uses it."""

from __future__ import annotations

from forum_sync.testing.generate import generate_forum
from werkcafe.gemeenten import load_gemeenten


def test_most_topics_get_one_municipality_tag_and_the_rest_of_the_forum_stays_the_same():
    gemeenten = load_gemeenten()
    plain = generate_forum(topics=200, posts=400, seed=3)
    placed = generate_forum(topics=200, posts=400, seed=3, gemeenten=True)
    codes = [gemeenten.classify_tags(t.tags) for t in placed.topics.values()]
    public = [t for t in placed.topics.values() if not t.is_private_message]
    assert sum(1 for c in codes if c) > 0.6 * len(public)
    assert all(sum(1 for tag in t.tags if tag.startswith("gemeente-")) <= 1
               for t in placed.topics.values())
    assert not any(gemeenten.classify_tags(t.tags) for t in plain.topics.values())
    for before, after in zip(plain.topics.values(), placed.topics.values(), strict=True):
        assert before.title == after.title
        assert [p.cooked for p in before.posts] == [p.cooked for p in after.posts]
        assert after.tags[:len(before.tags)] == before.tags
