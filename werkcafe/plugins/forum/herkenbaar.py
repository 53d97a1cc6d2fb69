"""“N mensen herkennen dit”: how many people liked a thread's opening post on the forum.

The count comes from the export (`herkenbaar`, read as 0 when missing or malformed); the
link to add your own is the configured forum URL and the topic id (`safe.topic_url`).
"""

from __future__ import annotations

from werkcafe.plugins.forum import safe

TEXT = {
    "nl": {"one": "1 persoon herkent dit", "many": "{n} mensen herkennen dit",
           "add": "Herken je dit? Laat het weten op het forum"},
    "en": {"one": "1 person recognises this", "many": "{n} people recognise this",
           "add": "Do you recognise this? Say so on the forum"},
}


def recognised_text(count: int, language: str) -> str:
    """'' for nobody (a listing then says nothing), else the sentence."""
    words = TEXT.get(language, TEXT["nl"])
    if count <= 0:
        return ""
    return words["one"] if count == 1 else words["many"].format(n=int(count))


def topic_block(count: int, forum_url: str, topic_id: int, language: str) -> str:
    """On a topic page: the count (when any) and a link to recognise it on the forum."""
    words = TEXT.get(language, TEXT["nl"])
    said = recognised_text(count, language)
    number = (f'<strong data-herkenbaar="{int(count)}">{safe.text(said)}</strong> · '
              if said else "")
    href = safe.text(safe.topic_url(forum_url, topic_id))
    return (f'<p class="wc-herkenbaar">{number}<a href="{href}" rel="nofollow">'
            f'{words["add"]}</a></p>')
