"""Test tooling for the forum pipeline: an in-memory Discourse-like forum (model), a local
Discourse-compatible HTTP server with fault injection (server), the demo-forum builder
(demo_build) and a synthetic big-forum generator (generate)."""
