"""Configuration: the repository's forum.yml, validation messages, credentials."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from forum_sync.config import DEFAULT_CONFIG, ConfigError, Credentials, load_config, parse_config


def test_repository_forum_yml_is_valid() -> None:
    config = load_config(DEFAULT_CONFIG)
    assert config.forum_url.startswith("https://")
    assert set(config.experience_categories) <= set(config.publish_categories)
    assert config.cooling_off == timedelta(hours=48) and config.threshold == 5
    assert config.opt_out_tag == config.opt_out_group == "niet-publiceren"
    assert set(config.tag_groups) == {"regeling", "instantie", "thema", "oordeel"}


URL = {"forum": {"url": "https://f.example"}}
ONE = {**URL, "categories": {"publish": ["a"]}}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "forum.url"),
        ({"forum": {"url": "ftp://x"}}, "forum.url"),
        ({"forum": {"url": "https://f.example"}}, "categories.publish"),
        ({"forum": {"url": "https://f.example"}, "categories": {"publish": ["A b"]}}, "slug"),
        (
            {**URL, "categories": {"publish": ["a"], "experience": ["b"]}},
            "not in categories.publish",
        ),
        (
            {**ONE, "tallies": {"threshold": 1}},
            "threshold",
        ),
        (
            {
                "forum": {"url": "https://f.example"},
                "categories": {"publish": ["a"]},
                "policy": {"cooling_off_hours": -1},
            },
            "cooling_off_hours",
        ),
    ],
)
def test_invalid_settings_are_named(data: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_config(data, Path("/tmp"))


def test_relative_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    path = tmp_path / "forum.yml"
    path.write_text("forum: {url: 'https://f.example/'}\ncategories: {publish: [a]}\n")
    config = load_config(path)
    assert config.store_path == tmp_path / "build" / "forum.sqlite"
    assert config.forum_url == "https://f.example"


def test_credentials_never_show_the_key() -> None:
    env = {"DISCOURSE_API_KEY": "sleutel-123", "DISCOURSE_API_USERNAME": "lid"}
    creds = Credentials.from_env(env)
    assert creds.configured and creds.api_username == "lid"
    assert "sleutel-123" not in repr(creds) and "sleutel-123" not in str(creds)
    assert not Credentials.from_env({}).configured
    with pytest.raises(ConfigError, match="DISCOURSE_API_USERNAME") as error:
        Credentials.from_env({"DISCOURSE_API_KEY": "sleutel-123"})
    assert "sleutel-123" not in str(error.value)
