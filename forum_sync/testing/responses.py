"""The answers of the test server as values: Discourse's JSON errors, rate limits, and the
answers fault injection sends instead of the real one (see faults.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from forum_sync.testing.faults import Fault

JSON_TYPE = "application/json; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
ERRORS = {
    403: ("invalid_access", "You are not permitted to view the requested resource."),
    404: ("not_found", "The requested URL or resource could not be found."),
    410: ("gone", "The requested resource is no longer available."),
}
BAD_KEY = "You are not permitted to view the requested resource. The API username or key is " \
          "invalid."
@dataclass
class Response:
    status: int
    body: bytes
    content_type: str | None = JSON_TYPE  # None: no Content-Type header at all
    headers: dict[str, str] = field(default_factory=dict)


def json_response(status: int, data: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), JSON_TYPE,
                    headers or {})


def error_response(status: int, message: str | None = None) -> Response:
    error_type, default = ERRORS.get(status, ("server_error", "Something went wrong."))
    return json_response(status, {"errors": [message or default], "error_type": error_type})


def rate_limit_response(wait: int, *, as_json: bool, key_present: bool) -> Response:
    code = "admin_api_key_rate_limit" if key_present else "ip_10_secs_limit"
    headers = {"Retry-After": str(wait), "Discourse-Rate-Limit-Error-Code": code}
    if not as_json:  # the early answer of Discourse's request tracker middleware
        return Response(429, b"Slow down, too many requests from this IP address\n",
                        "text/plain; charset=utf-8", headers)
    return json_response(429, {
        "errors": [f"You\u2019ve performed this action too many times. Please wait {wait} "
                   f"seconds before trying again."],
        "error_type": "rate_limit",
        "extras": {"wait_seconds": wait, "time_left": f"{wait} seconds"},
    }, headers)


def html_page(status: int, text: str) -> Response:
    return Response(status, f"<!DOCTYPE html><html><body><h1>{text}</h1></body></html>\n"
                    .encode(), HTML_TYPE)


FAULT_RESPONSES: dict[str, Callable[[Fault, bool], Response]] = {
    "http_500": lambda f, k: html_page(500, "Oops - the software powering this discussion forum "
                                        "encountered an unexpected problem."),
    "http_502": lambda f, k: html_page(502, "502 Bad Gateway"),
    "http_503": lambda f, k: html_page(503, "503 Service Temporarily Unavailable"),
    "http_403": lambda f, k: error_response(403),
    "http_404": lambda f, k: error_response(404),
    "http_410": lambda f, k: error_response(410),
    "rate_limit_json": lambda f, k: rate_limit_response(f.wait_seconds, as_json=True,
                                                        key_present=k),
    "rate_limit_text": lambda f, k: rate_limit_response(f.wait_seconds, as_json=False,
                                                        key_present=k),
    # A firewall's, proxy's or load balancer's own page, with any status.
    "html_page": lambda f, k: html_page(f.status or 200, "Access denied - request blocked"),
    "json_body": lambda f, k: Response(f.status or 200, json.dumps(f.body).encode()),
}


def altered(fault: Fault, response: Response) -> Response:
    """Apply a fault that changes the real answer (mutate, no_content_type, content_type)."""
    if fault.kind == "malformed_json":
        return Response(200, response.body[: max(len(response.body) // 2, 1)])
    if fault.kind == "no_content_type":
        return Response(response.status, response.body, None, response.headers)
    if fault.kind == "content_type":
        return Response(response.status, response.body, fault.content_type, response.headers)
    if fault.kind == "mutate" and fault.transform is not None:
        data = fault.transform(json.loads(response.body))
        return Response(fault.status or response.status, json.dumps(data).encode(),
                        response.content_type, response.headers)
    return response
