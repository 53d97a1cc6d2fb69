"""Werkcafé forum pipeline: Discourse -> SQLite store -> policy -> anonymizer -> tallies -> export.

One module per stage (see ARCHITECTURE.md): ``fetch`` (client and sources), ``store``,
``policy``, ``anonymize``, ``tally``, ``export``; ``sync`` ties fetch, policy and store
together and ``cli`` is the command line (``forum-sync`` / ``python -m forum_sync``).
"""

__version__ = "0.1.0"
