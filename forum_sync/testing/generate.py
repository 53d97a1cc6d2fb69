"""A deterministic synthetic forum for benchmarks and scale tests.

    forum = generate_forum(topics=2000, posts=16000, seed=1)   # in memory, ~1 s
    changed = bump_topics(forum, fraction=0.01, seed=2)        # 1 % of topics get a new post

Same seed, same forum (ids, texts, timestamps). The content is Dutch-ish sentences from word
lists, with the things the pipeline must cope with: long topics (> 20 posts, so
/t/{id}/posts.json is needed), whispers, hidden/deleted/withdrawn posts, unlisted, deleted
and private topics, restricted categories, pinned topics, an opted-out group, quotes,
mentions, and planted personal data (e-mail, mobile number, BSN, IBAN, address) listed in
`forum.planted`. Every name and number is invented (BSNs pass the 11-test, IBANs use the
made-up bank code WCAF).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from html import escape

from forum_sync.testing.cooking import mention_html, quote_aside
from forum_sync.testing.demo_build import CATEGORIES, OPT_OUT_TAG, TAXONOMY, forum_tags
from forum_sync.testing.model import (
    POST_REGULAR,
    POST_SMALL_ACTION,
    POST_WHISPER,
    WITHDRAWN_POST_COOKED,
    Forum,
    Group,
    Post,
    Topic,
    User,
    now_utc,
)
from werkcafe.gemeenten import load_gemeenten

FIRST = ("Anna", "Bas", "Chantal", "Daan", "Els", "Fleur", "Gert", "Hanneke", "Ilse", "Joost",
         "Karin", "Lars", "Mieke", "Niels", "Olga", "Paul", "Rianne", "Sander", "Tineke",
         "Umut", "Vera", "Wouter", "Yasmin", "Zeynep", "Bart", "Dewi", "Emre", "Femke")
LAST = ("Aalbers", "Bosman", "Claassen", "Dijkstra", "Evers", "Frericks", "Geerts", "Hoekstra",
        "IJzerman", "Jonkman", "Kuipers", "Lammers", "Meulenbelt", "Nijhuis", "Oosting",
        "Postma", "Quist", "Roelofs", "Schuurman", "Terpstra", "Veldkamp", "Wijnands")
SUBJECTS = ("Mijn klantmanager", "De werkcoach", "UWV", "De gemeente", "Het re-integratiebureau",
            "De bedrijfsarts", "Het SW-bedrijf", "Mijn werkgever", "De verzekeringsarts",
            "Iemand van het Werkplein", "De consulent", "De arbeidsdeskundige")
VERBS = ("stuurde me", "besprak", "vergat", "beloofde", "wees af:", "vroeg naar",
         "reageerde pas op", "legde uit:", "veranderde", "keurde goed:")
OBJECTS = ("een brief over de terugvordering", "het re-integratieplan", "mijn bezwaarschrift",
           "de sollicitatieplicht", "een uitnodiging voor de keuring", "mijn inkomstenopgave",
           "het verslag van het gesprek", "een nieuwe afspraak", "de beslissing op bezwaar",
           "de maatregel", "mijn urenbriefje", "het plan van aanpak")
TAILS = ("vorige week", "na drie maanden", "zonder uitleg", "binnen twee dagen",
         "pas na een klacht", "gisteren", "al twee keer", "per post", "via het berichtenbox",
         "telefonisch", "tijdens het spreekuur", "zonder dat ik erom vroeg")
OPENERS = ("Herkenbaar.", "Wat vervelend.", "Goed om te horen.", "Bij mij precies hetzelfde.",
           "Tip:", "Let op:", "Succes ermee!", "Sterkte.", "Klopt.", "Dank je voor het delen.")
STREETS = ("Lindelaan", "Molenweg", "Kerkstraat", "Beukenhof", "Stationsweg", "Dijkstraat")
CITIES = ("Zwolle", "Tilburg", "Leeuwarden", "Almere", "Venlo", "Emmen", "Gouda", "Assen")
FALLBACK_TAGS = ["ww", "wia", "bijstand", "uwv", "gemeente", "ervaring-negatief"]
# category id -> share of topics (the demo's categories)
CATEGORY_WEIGHTS = {5: 40, 6: 35, 4: 14, 1: 4, 7: 4, 8: 3}
BASE = datetime(2024, 1, 1, 8, tzinfo=UTC)


def generate_forum(topics: int = 2000, posts: int = 16000, seed: int = 1,
                   gemeenten: bool = True) -> Forum:
    """A forum with `topics` topics and `posts` posts in all (at least one per topic).
    Most topics carry one `gemeente-<slug>` tag (issue 10), drawn from their own random
    stream: with `gemeenten=False` they are left off and the rest of the forum (likes
    included) is the same."""
    rng = random.Random(seed)
    forum = Forum(categories={c.id: c for c in CATEGORIES})
    tags = forum_tags(TAXONOMY) if TAXONOMY.exists() else FALLBACK_TAGS
    for number, tag in enumerate([*tags, OPT_OUT_TAG], start=1):
        forum.tag_ids[tag] = number
    _add_users(forum, rng, max(30, topics // 7))
    counts = _post_counts(rng, topics, max(posts, topics))
    members = [u for u in forum.users.values() if not u.staff]
    staff = [u for u in forum.users.values() if u.staff]
    next_post_id = 1
    # Municipality tags and likes come from their own stream, so the rest stays as it was.
    place_rng = random.Random(seed * 7919 + 10)
    places = [g.tag for g in load_gemeenten()]
    weights = [1 / rank for rank in range(1, len(places) + 1)]  # a few big cities, a long tail
    place_rng.shuffle(places)
    for index, count in enumerate(counts):
        topic = _topic(rng, forum, index + 1, members, tags)
        moment = topic.created_at
        for number in range(1, count + 1):
            author = topic.user_id if number == 1 else rng.choice(members).id
            post = Post(id=next_post_id, topic_id=topic.id, post_number=number, user_id=author,
                        created_at=moment, cooked="", reads=rng.randint(1, 200),
                        score=round(rng.uniform(0, 40), 1))
            if number > 1:
                _decorate(rng, post, staff)
            if not (post.user_deleted or post.post_type == POST_SMALL_ACTION):
                post.cooked = _cooked(rng, forum, topic, number)  # planted data stays visible
            topic.posts.append(post)
            next_post_id += 1
            moment += timedelta(minutes=rng.randint(3, 60 * 48))
        topic.bumped_at = max(p.created_at for p in topic.posts if p.post_type == POST_REGULAR)
        _place_and_like(place_rng, topic, places, weights, tag=gemeenten)
        for tag in topic.tags:
            forum.tag_id(tag)
        if topic.deleted_at is not None:
            topic.posts[0].deleted_at = topic.deleted_at
        if topic.is_private_message:
            topic.allowed_user_ids = list(dict.fromkeys(p.user_id for p in topic.posts))
        forum.topics[topic.id] = topic
    public = [t for t in forum.topics.values()
              if t.visible and t.deleted_at is None and t.category_id in (4, 5, 6)]
    for topic in public[:2]:  # two pinned announcements
        forum.set_pinned(topic.id, globally=True, at=topic.created_at)
    return forum


def bump_topics(
    forum: Forum, fraction: float = 0.01, *, seed: int = 2, at: datetime | None = None,
) -> list[int]:
    """Add one regular post to `fraction` of the topics anonymous visitors see listed (so
    they get bumped); returns the ids of the changed topics."""
    rng = random.Random(seed)
    with forum.lock:
        candidates = sorted(t.id for t in forum.topics.values() if t.visible
                            and t.deleted_at is None and not t.is_private_message
                            and not forum.categories[t.category_id].read_restricted)
        chosen = sorted(rng.sample(candidates, max(1, round(len(candidates) * fraction))))
        members = sorted(u.username for u in forum.users.values() if not u.staff)
        moment = at or now_utc()
        for offset, topic_id in enumerate(chosen):
            topic = forum.topics[topic_id]
            forum.add_post(topic_id, username=rng.choice(members),
                           cooked=_paragraphs(rng, forum, topic),
                           created_at=moment + timedelta(seconds=offset))
    return chosen


# --------------------------------------------------------------------------- pieces
def _add_users(forum: Forum, rng: random.Random, count: int) -> None:
    taken: set[str] = set()
    for user_id in range(1, count + 1):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        style = rng.randrange(4)
        base = (f"{first.lower()}{last.lower()[:1]}", f"{first.lower()}_{last.lower()}",
                f"{first[0].lower()}{last.lower()}{rng.randint(50, 99)}",
                f"{first.lower()}.{last.lower()}")[style]
        username = base if base not in taken else f"{base}{user_id}"
        taken.add(username)
        forum.users[user_id] = User(
            id=user_id, username=username, name=f"{first} {last}",
            admin=user_id == 1, moderator=user_id in (2, 3, 4),
            trust_level=4 if user_id <= 4 else rng.randint(0, 3),
            created_at=BASE - timedelta(days=rng.randint(30, 900)))
        forum.planted += [username, f"{first} {last}"]
    opted_out = sorted(rng.sample(range(5, count + 1), max(1, count // 50)))
    forum.groups[OPT_OUT_TAG] = Group(id=41, name=OPT_OUT_TAG, member_ids=opted_out, added_at={
        uid: forum.users[uid].created_at + timedelta(days=1) for uid in opted_out})


def _post_counts(rng: random.Random, topics: int, posts: int) -> list[int]:
    counts = [1] * topics
    remaining = posts - topics
    for index in rng.sample(range(topics), max(1, topics // 25)):  # long topics
        extra = min(remaining, rng.randint(21, 60))
        counts[index] += extra
        remaining -= extra
    for _ in range(remaining):
        counts[rng.randrange(topics)] += 1
    return counts


def _topic(
    rng: random.Random, forum: Forum, topic_id: int, members: list[User], tags: list[str],
) -> Topic:
    category_id = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
    roll = rng.random()
    created = BASE + timedelta(minutes=rng.randint(0, 60 * 24 * 700))
    topic = Topic(
        id=topic_id,
        title=f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}".replace(":", ""),
        category_id=category_id, user_id=rng.choice(members).id, created_at=created,
        bumped_at=created, tags=rng.sample(tags, rng.randint(1, min(5, len(tags)))),
        views=rng.randint(5, 3000), like_count=rng.randint(0, 25),
    )
    if roll < 0.02:
        topic.archetype, topic.category_id, topic.tags = "private_message", None, []
    elif roll < 0.04:
        topic.visible = False
    elif roll < 0.05:
        topic.deleted_at = created + timedelta(days=2)
    elif roll < 0.06:
        topic.tags.append(OPT_OUT_TAG)
    return topic


def _place_and_like(
    rng: random.Random, topic: Topic, places: list[str], weights: list[float], *, tag: bool
) -> None:
    """Most topics get one `gemeente-<slug>` tag (3 % two, which places them nowhere), and
    the opening post gets likes ("herkenbaar"). Without `tag` the same numbers are drawn
    (so the likes stay the same) and no tag is added."""
    roll = rng.random()
    if not topic.is_private_message and roll < 0.78:
        chosen = rng.choices(places, weights=weights, k=2 if roll < 0.03 else 1)
        if tag:
            topic.tags = list(dict.fromkeys([*topic.tags, *chosen]))
    likes = rng.choice((0, 0, 1, 2, 3, 5, 8, rng.randint(10, 40)))
    topic.posts[0].like_count = likes
    topic.like_count += likes


def _decorate(rng: random.Random, post: Post, staff: list[User]) -> None:
    """Give a reply one of the states a sync must respect."""
    roll = rng.random()
    if roll < 0.02:
        post.post_type, post.user_id = POST_WHISPER, rng.choice(staff).id
    elif roll < 0.03:
        post.hidden = True
    elif roll < 0.04:
        post.deleted_at = post.created_at + timedelta(hours=3)
    elif roll < 0.045:
        post.user_deleted, post.cooked, post.version = True, WITHDRAWN_POST_COOKED, 2
        post.updated_at = post.created_at + timedelta(hours=1)
    elif roll < 0.05:
        post.post_type, post.user_id = POST_SMALL_ACTION, rng.choice(staff).id
        post.cooked, post.action_code = "", "closed.enabled"
    elif roll < 0.15:
        post.reply_to_post_number = rng.randint(1, post.post_number - 1)


def _cooked(rng: random.Random, forum: Forum, topic: Topic, number: int) -> str:
    html = _paragraphs(rng, forum, topic)
    if number > 2 and rng.random() < 0.08:
        quoted = rng.randint(1, number - 1)
        author = forum.users[topic.posts[quoted - 1].user_id].username
        html = quote_aside(author, f"<p>{escape(_sentence(rng))}</p>", post=quoted,
                           topic=topic.id) + "\n" + html
    return html


def _paragraphs(rng: random.Random, forum: Forum, topic: Topic) -> str:
    paragraphs = []
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        sentences = [_sentence(rng) for _ in range(rng.randint(1, 3))]
        text = escape(" ".join(sentences))
        if rng.random() < 0.06:
            text += " " + _planted(rng, forum)
        if topic.posts and rng.random() < 0.05:
            text = mention_html(forum.users[topic.posts[0].user_id].username) + " " + text
        paragraphs.append(f"<p>{text}</p>")
    return "\n".join(paragraphs)


def _sentence(rng: random.Random) -> str:
    opener = f"{rng.choice(OPENERS)} " if rng.random() < 0.3 else ""
    return (f"{opener}{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
            f"{rng.choice(TAILS)}.")


def _planted(rng: random.Random, forum: Forum) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    kind = rng.randrange(5)
    if kind == 0:
        value = f"{first.lower()}.{last.lower()}@example.nl"
        text = f"Mail me gerust: {value}"
    elif kind == 1:
        value = f"06-{rng.randint(10_000_000, 99_999_999)}"
        text = f"Bel me op {value}."
    elif kind == 2:
        value = _bsn(rng)
        text = f"Mijn BSN is {value}, zeiden ze."
    elif kind == 3:
        value = _iban(rng)
        text = f"Het moest terug naar {value}."
    else:
        value = (f"{rng.choice(STREETS)} {rng.randint(1, 180)}, {rng.randint(1000, 9999)} "
                 f"{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEGHJKLNPRSTVXZ')} "
                 f"{rng.choice(CITIES)}")
        text = f"Ik woon op {value}."
    forum.planted.append(value)
    return escape(text)


def _bsn(rng: random.Random) -> str:
    """A number that passes the BSN 11-test (invented, like every datum here)."""
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        last = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if last < 10:
            return "".join(map(str, digits)) + str(last)


def _iban(rng: random.Random) -> str:
    account = f"{rng.randint(0, 9_999_999_999):010d}"
    numeric = "".join(str(int(ch, 36)) for ch in f"WCAF{account}NL00")
    return f"NL{98 - int(numeric) % 97:02d}WCAF{account}"
