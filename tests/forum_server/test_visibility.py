"""Who sees what: anonymous and member requests versus a staff API key."""

from __future__ import annotations

import pytest

from forum_sync.testing.model import WITHDRAWN_POST_COOKED
from forum_sync.testing.server import ForumServer
from forum_sync.testing.views import HIDDEN_POST_COOKED
from tests.forum_server.helpers import ADMIN_KEY, JSON_TYPE, MEMBER_KEY, STAFF_KEY, get


def listed_ids(server: ForumServer, key: str | None = None, path: str = "/latest.json") -> set:
    ids: set[int] = set()
    url: str | None = path
    while url:
        data = get(server, url, key).json()["topic_list"]
        ids |= {t["id"] for t in data["topics"]}
        more = data.get("more_topics_url")
        url = more.replace("?", ".json?", 1) if more else None
    return ids


@pytest.mark.parametrize("key", [None, MEMBER_KEY])
def test_non_staff_lists_only_public_listed_topics(server: ForumServer, key: str | None) -> None:
    assert listed_ids(server, key) == {901, 906, 907, 909}


def test_staff_lists_unlisted_and_restricted_but_not_deleted_or_private(
    server: ForumServer,
) -> None:
    assert listed_ids(server, STAFF_KEY) == {901, 902, 903, 906, 907, 908, 909}
    deleted = get(server, "/latest.json?status=deleted", STAFF_KEY).json()
    assert [t["id"] for t in deleted["topic_list"]["topics"]] == [905]
    anonymous = get(server, "/latest.json?status=deleted").json()
    assert 905 not in {t["id"] for t in anonymous["topic_list"]["topics"]}


@pytest.mark.parametrize(
    ("topic_id", "status"),
    [
        (902, 200),  # unlisted: open by direct URL
        (903, 403),  # read_restricted category
        (908, 403),
        (904, 404),  # private message of others
        (905, 404),  # deleted
        (999, 404),  # unknown
    ],
)
def test_anonymous_topic_access(server: ForumServer, topic_id: int, status: int) -> None:
    for path in (f"/t/{topic_id}.json", f"/t/{topic_id}/posts.json"):
        response = get(server, path)
        assert response.status_code == status, path
        assert response.headers["Content-Type"] == JSON_TYPE
        if status != 200:
            body = response.json()
            assert body["errors"] and body["error_type"] in ("not_found", "invalid_access")
            assert "Alleen" not in response.text and "prive" not in response.text


def test_private_message_open_to_participants_and_staff_only(server: ForumServer) -> None:
    server.add_api_key("key-of-carla", "carla77")
    assert get(server, "/t/904.json", MEMBER_KEY).status_code == 200  # anna_test wrote it
    assert get(server, "/t/904.json", "key-of-carla").status_code == 404
    assert get(server, "/t/904.json", STAFF_KEY).status_code == 404  # a moderator, not in it
    admin = get(server, "/t/904.json", ADMIN_KEY, "beheer_test").json()
    assert admin["archetype"] == "private_message" and admin["category_id"] is None


def test_anonymous_topic_hides_whispers_and_deleted_posts(server: ForumServer) -> None:
    topic = get(server, "/t/901.json").json()
    posts = {p["post_number"]: p for p in topic["post_stream"]["posts"]}
    assert sorted(posts) == [1, 2, 4, 6, 7]
    assert topic["post_stream"]["stream"] == [901001, 901002, 901004, 901006, 901007]
    assert all(p["post_type"] != 4 and p["deleted_at"] is None for p in posts.values())
    assert topic["highest_post_number"] == 7 and topic["has_deleted"] is False
    body = get(server, "/t/901.json").text
    assert "Interne notitie" not in body and "Door staf verwijderd" not in body
    direct = get(server, "/t/901/posts.json?post_ids[]=901003&post_ids[]=901005").json()
    assert direct["post_stream"]["posts"] == []


def test_hidden_post_for_anonymous_has_placeholder_cooked(server: ForumServer) -> None:
    response = get(server, "/t/901.json")
    hidden = next(p for p in response.json()["post_stream"]["posts"] if p["post_number"] == 4)
    assert hidden["hidden"] is True and hidden["cooked_hidden"] is True
    assert hidden["cooked"] == HIDDEN_POST_COOKED
    assert hidden["can_see_hidden_post"] is False
    assert "scheldpartij" not in response.text


def test_user_deleted_post_keeps_flag_and_withdrawn_text(server: ForumServer) -> None:
    for key in (None, STAFF_KEY):
        posts = get(server, "/t/901.json", key).json()["post_stream"]["posts"]
        withdrawn = next(p for p in posts if p["post_number"] == 6)
        assert withdrawn["user_deleted"] is True
        assert withdrawn["cooked"] == WITHDRAWN_POST_COOKED


def test_staff_sees_everything_in_a_topic(server: ForumServer) -> None:
    topic = get(server, "/t/901.json", STAFF_KEY).json()
    posts = {p["post_number"]: p for p in topic["post_stream"]["posts"]}
    assert sorted(posts) == [1, 2, 3, 4, 5, 6, 7]
    assert posts[3]["post_type"] == 4 and "Interne notitie" in posts[3]["cooked"]
    assert posts[4]["hidden"] is True and "scheldpartij" in posts[4]["cooked"]
    assert "cooked_hidden" not in posts[4] and posts[4]["can_see_hidden_post"] is True
    assert posts[5]["deleted_at"] == "2026-03-02T15:00:00.000Z"
    assert topic["has_deleted"] is True
    deleted_topic = get(server, "/t/905.json", STAFF_KEY).json()
    assert deleted_topic["deleted_at"] is not None
    assert deleted_topic["post_stream"]["posts"][0]["deleted_at"] is not None


def test_categories_and_category_lists(server: ForumServer) -> None:
    public = {
        c["slug"] for c in get(server, "/categories.json").json()["category_list"]["categories"]
    }
    assert public == {"zonder-categorie", "algemeen", "ervaringen", "vragen"}
    staff = get(server, "/categories.json", STAFF_KEY).json()["category_list"]["categories"]
    restricted = {c["slug"]: c["read_restricted"] for c in staff}
    assert restricted["moderatie"] is True and restricted["besloten"] is True
    assert get(server, "/c/moderatie/7.json").status_code == 404
    assert get(server, "/c/besloten/8.json", MEMBER_KEY).status_code == 404
    assert [
        t["id"]
        for t in get(server, "/c/moderatie/7.json", STAFF_KEY).json()["topic_list"]["topics"]
    ] == [903]
    assert 902 not in {
        t["id"] for t in get(server, "/c/vragen/6.json").json()["topic_list"]["topics"]
    }
    assert 902 in {
        t["id"] for t in get(server, "/c/vragen/6.json", STAFF_KEY).json()["topic_list"]["topics"]
    }


def test_invalid_keys_are_refused(server: ForumServer) -> None:
    for key, username in (
        ("wrong-key", None),
        (MEMBER_KEY, "mod_mila"),
        (ADMIN_KEY, None),
        (ADMIN_KEY, "nobody"),
    ):
        response = get(server, "/latest.json", key, username)
        assert response.status_code == 403, (key, username)
        assert response.headers["Content-Type"] == JSON_TYPE
        assert response.json()["error_type"] == "invalid_access"
    admin = get(server, "/t/903.json", ADMIN_KEY, "beheer_test")
    assert admin.status_code == 200
    assert get(server, "/t/903.json", ADMIN_KEY, "anna_test").status_code == 403


def test_unknown_path_and_non_json(server: ForumServer) -> None:
    response = get(server, "/admin/users.json")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == JSON_TYPE
    assert response.json()["error_type"] == "not_found" and response.json()["errors"]
    page = get(server, "/latest")  # a browser gets the HTML app, not JSON
    assert page.headers["Content-Type"].startswith("text/html")
    as_json = get(server, "/latest", headers={"Accept": "application/json"})
    assert as_json.headers["Content-Type"] == JSON_TYPE and "topic_list" in as_json.json()


def test_group_members_and_users(server: ForumServer) -> None:
    members = get(server, "/groups/niet-publiceren/members.json").json()
    assert [m["username"] for m in members["members"]] == ["eva_opt"]
    assert members["meta"] == {"total": 1, "limit": 50, "offset": 0}
    server.forum.groups["niet-publiceren"].members_visibility = "staff"
    assert get(server, "/groups/niet-publiceren/members.json").status_code == 403
    assert get(server, "/groups/niet-publiceren/members.json", STAFF_KEY).status_code == 200
    assert get(server, "/groups/bestaat-niet/members.json").status_code == 404
    moderator = get(server, "/u/mod_mila.json").json()["user"]
    assert moderator["moderator"] is True and moderator["admin"] is False
    admin = get(server, "/users/beheer_test.json").json()["user"]
    assert admin["admin"] is True
    assert get(server, "/u/anna_test.json").json()["user"]["moderator"] is False
    assert get(server, "/u/niemand.json").status_code == 404
