"""scope.resolve: never seen -> configuration error; seen before and gone, or restricted ->
withdrawn (its topics leave the site); shown and public -> read."""

from __future__ import annotations

import pytest

from forum_sync import scope
from forum_sync.config import ConfigError
from forum_sync.model import Category

ERVARINGEN = Category(5, "ervaringen", "Ervaringen", False)
VRAGEN = Category(6, "vragen", "Vragen", False)


def test_shown_public_categories_are_read() -> None:
    result = scope.resolve([ERVARINGEN, VRAGEN], ["ervaringen", "vragen"], {})
    assert result.readable == [ERVARINGEN, VRAGEN] and result.withdrawn == []


def test_never_seen_slug_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="ervaringn"):
        scope.resolve([ERVARINGEN, VRAGEN], ["ervaringn"], {"vragen": 6})


def test_seen_before_and_gone_is_withdrawn() -> None:
    result = scope.resolve([VRAGEN], ["ervaringen", "vragen"], {"ervaringen": 5, "vragen": 6})
    assert result.readable == [VRAGEN]
    assert result.withdrawn_ids == {5: scope.GONE}
    assert "ervaringen" in result.withdrawn[0].message()


def test_renamed_category_is_withdrawn_and_named() -> None:
    renamed = Category(5, "ervaring", "Ervaringen", False)
    result = scope.resolve([renamed], ["ervaringen"], {"ervaringen": 5})
    assert result.readable == [] and result.withdrawn_ids == {5: scope.GONE}
    assert "'ervaring'" in result.withdrawn[0].message()


def test_shown_but_read_restricted_is_withdrawn() -> None:
    restricted = Category(5, "ervaringen", "Ervaringen", True)
    result = scope.resolve([restricted, VRAGEN], ["ervaringen", "vragen"], {})
    assert result.readable == [VRAGEN] and result.withdrawn_ids == {5: scope.RESTRICTED}


def test_shared_slug_is_a_configuration_error() -> None:
    a = Category(20, "ww", "WW", False, parent_id=5, slug_path="ervaringen/ww")
    b = Category(21, "ww", "WW", False, parent_id=6, slug_path="vragen/ww")
    with pytest.raises(ConfigError, match="more than one"):
        scope.resolve([a, b], ["ww"], {"ww": 20})
