"""Configuration: `forum.yml` at the repository root plus two environment variables.

Everything a maintainer may want to change lives in `forum.yml` (documented there). The API
key and its username come only from DISCOURSE_API_KEY and DISCOURSE_API_USERNAME; they are
never read from a file, logged or written anywhere, and `Credentials` hides the key in its
repr so a stray log line or traceback cannot show it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = REPO_ROOT / "forum.yml"
ENV_KEY = "DISCOURSE_API_KEY"
ENV_USERNAME = "DISCOURSE_API_USERNAME"

# Tally dimension -> taxonomy group. The four tag groups of the experience categories.
DEFAULT_TAG_GROUPS: dict[str, str] = {
    "regeling": "regelingen",
    "instantie": "instanties",
    "thema": "themas",
    "oordeel": "oordelen",
}
DEFAULT_LINK_DOMAINS: tuple[str, ...] = (
    "uwv.nl",
    "werk.nl",
    "svb.nl",
    "rijksoverheid.nl",
    "overheid.nl",
    "government.nl",
    "belastingdienst.nl",
    "juridischloket.nl",
    "rechtspraak.nl",
    "nationaleombudsman.nl",
)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ConfigError(ValueError):
    """The configuration is wrong; the message says which setting and why."""


@dataclass(frozen=True)
class Credentials:
    """API credentials from the environment. The key never appears in repr or str."""

    api_username: str | None = None
    api_key: str | None = field(default=None, repr=False)

    @property
    def configured(self) -> bool:
        return bool(self.api_key)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Credentials:
        env = os.environ if environ is None else environ
        key = env.get(ENV_KEY) or None
        username = env.get(ENV_USERNAME) or None
        if key and not username:
            raise ConfigError(f"{ENV_KEY} is set but {ENV_USERNAME} is not; set both or neither")
        return cls(api_username=username if key else None, api_key=key)


@dataclass(frozen=True)
class Config:
    forum_url: str
    publish_categories: tuple[str, ...]
    experience_categories: tuple[str, ...]
    opt_out_tag: str = "niet-publiceren"
    opt_out_group: str = "niet-publiceren"
    cooling_off: timedelta = timedelta(hours=48)
    threshold: int = 5
    tag_groups: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_TAG_GROUPS))
    store_path: Path = REPO_ROOT / "build" / "forum.sqlite"
    export_dir: Path = REPO_ROOT / "build" / "forum-export"
    timeout: float = 20.0
    max_retries: int = 4
    max_wait_seconds: float = 120.0
    backoff_seconds: float = 1.0
    link_domains: tuple[str, ...] = DEFAULT_LINK_DOMAINS


def _get(data: Mapping[str, Any], dotted: str, default: Any = None) -> Any:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return default
        node = node[part]
    return node


def _slugs(value: Any, setting: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{setting}: expected a list of category slugs")
    bad = [v for v in value if not _SLUG.match(v)]
    if bad:
        raise ConfigError(f"{setting}: not a category slug: {bad}")
    return tuple(value)


def _number(value: Any, setting: str, minimum: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
        raise ConfigError(f"{setting}: expected a number >= {minimum}, got {value!r}")
    return float(value)


def parse_config(data: Any, base_dir: Path, source: str = "forum.yml") -> Config:
    """Validate the loaded YAML (pure: no file access). Relative paths are relative to base_dir."""
    if not isinstance(data, Mapping):
        raise ConfigError(f"{source}: expected a mapping at the top level")
    url = _get(data, "forum.url")
    if not isinstance(url, str) or not re.match(r"^https?://[^/\s]+", url):
        raise ConfigError(f"{source}: forum.url must be an http(s) URL, got {url!r}")
    publish = _slugs(_get(data, "categories.publish"), f"{source}: categories.publish")
    if not publish:
        raise ConfigError(f"{source}: categories.publish lists no category")
    experience = _slugs(_get(data, "categories.experience", []), f"{source}: categories.experience")
    stray = sorted(set(experience) - set(publish))
    if stray:
        raise ConfigError(f"{source}: categories.experience {stray} not in categories.publish")
    tag_groups = _get(data, "tallies.tag_groups", DEFAULT_TAG_GROUPS)
    if not isinstance(tag_groups, Mapping) or not tag_groups:
        raise ConfigError(f"{source}: tallies.tag_groups must map dimension -> taxonomy group")
    threshold = _number(_get(data, "tallies.threshold", 5), f"{source}: tallies.threshold", 2)
    if threshold != int(threshold):
        raise ConfigError(f"{source}: tallies.threshold must be a whole number")
    hours = _number(_get(data, "policy.cooling_off_hours", 48), f"{source}: cooling_off_hours", 0)
    domains = _get(data, "anonymize.link_domains", list(DEFAULT_LINK_DOMAINS))
    if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
        raise ConfigError(f"{source}: anonymize.link_domains must be a list of domains")

    def path(setting: str, default: str) -> Path:
        value = _get(data, setting, default)
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{source}: {setting} must be a path")
        p = Path(value)
        return p if p.is_absolute() else base_dir / p

    def word(setting: str, default: str) -> str:
        value = _get(data, setting, default)
        if not isinstance(value, str) or not _SLUG.match(value):
            raise ConfigError(f"{source}: {setting} must be a lowercase name, got {value!r}")
        return value

    return Config(
        forum_url=url.rstrip("/"),
        publish_categories=publish,
        experience_categories=experience,
        opt_out_tag=word("policy.opt_out_tag", "niet-publiceren"),
        opt_out_group=word("policy.opt_out_group", "niet-publiceren"),
        cooling_off=timedelta(hours=hours),
        threshold=int(threshold),
        tag_groups={str(k): str(v) for k, v in tag_groups.items()},
        store_path=path("output.store", "build/forum.sqlite"),
        export_dir=path("output.export_dir", "build/forum-export"),
        timeout=_number(_get(data, "http.timeout_seconds", 20), f"{source}: timeout", 0.1),
        max_retries=int(_number(_get(data, "http.max_retries", 4), f"{source}: max_retries", 0)),
        max_wait_seconds=_number(
            _get(data, "http.max_wait_seconds", 120), f"{source}: max_wait_seconds", 0
        ),
        backoff_seconds=_number(
            _get(data, "http.backoff_seconds", 1), f"{source}: backoff_seconds", 0
        ),
        link_domains=tuple(d.lower().strip(".") for d in domains),
    )


def load_config(path: Path = DEFAULT_CONFIG) -> Config:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read configuration {path}: {exc.strerror}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    return parse_config(data, path.resolve().parent, str(path))
