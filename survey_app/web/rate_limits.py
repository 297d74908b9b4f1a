"""Request rate limits, checked by the views that need them, with no hook on any
other request.

Flask-Limiter ran three hooks on every request (before, after and teardown: about a
tenth of a submit's CPU, measured) to enforce limits this app never declares; the
submit and the login count in their views. So the counting is done here with the
library Flask-Limiter wraps, `limits`: with the default `memory://` storage each
worker counts in its own window dict (rate_window.py: `limits`' memory storage starts
an expiry-timer thread on the way); a shared `SURVEY_RATELIMIT_STORAGE_URI` (Redis...)
goes through `limits`' storage and its fixed-window strategy, as Flask-Limiter did.
"""
import ipaddress
from functools import lru_cache

from flask import current_app, request
from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from .rate_window import WindowCounter


def rate_limits_enabled(app=None) -> bool:
    """RATELIMIT_ENABLED of `app` (default: the current app); on unless turned off (the
    test suite turns it off)."""
    return bool((app or current_app).config.get("RATELIMIT_ENABLED", True))


def client_key(remote_addr: str | None) -> str:
    """The counter key of a client address: one IPv6 client holds a whole /64 (it could
    rotate through it), and an IPv4 address counts alike written plain or IPv4-mapped."""
    text = remote_addr or "127.0.0.1"
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return text
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def client_address() -> str:
    # Used only as an in-memory (or Redis) counter key, never stored with a response.
    return client_key(request.remote_addr)


@lru_cache(maxsize=16)
def parsed_limits(text: str) -> tuple:
    """"600/minute;10000/day" -> its limits; ValueError for text that is not one (an
    empty text included)."""
    limits = tuple(parse_many(text))
    if not limits:
        raise ValueError(f"no rate limit in {text!r}")
    return limits


def _counter(app):
    """The app's counter: a WindowCounter for memory://, else a `limits` limiter."""
    counter = app.extensions.get("rate_limit_counter")
    if counter is None:
        uri = app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
        counter = (WindowCounter() if uri.startswith("memory://")
                   else FixedWindowRateLimiter(storage_from_string(uri)))
        app.extensions["rate_limit_counter"] = counter
    return counter


def allow(limit: str, scope: str, key: str | None = None) -> bool:
    """Count one request against `limit` (e.g. "30/minute", or "600/minute;10000/day":
    each must hold) for `key` (default: the client address) in `scope`; False once one
    is exceeded. Always True when rate limits are off."""
    return count(current_app, limit, scope, client_address() if key is None else key)


def count(app, limit: str, scope: str, key: str) -> bool:
    """allow() for a given app and key, outside a request context (the submit lane)."""
    if not rate_limits_enabled(app):
        return True
    counter = _counter(app)
    if isinstance(counter, WindowCounter):
        hits = [counter.hit(f"{scope}:{key}", item.amount, item.get_expiry()) for item in parsed_limits(limit)]
    else:
        hits = [counter.hit(item, scope, key) for item in parsed_limits(limit)]
    return all(hits)
