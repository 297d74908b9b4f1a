"""Trust X-Forwarded-* headers from a known number of reverse proxies, and only then.

Behind nginx every request reaches gunicorn from 127.0.0.1 over plain HTTP. Without
ProxyFix the rate limiter would put every respondent in one bucket (the proxy's
address) and url_for(_external=True) would build http:// links for QR posters.
With it, werkzeug takes the client address, scheme, host and prefix from the last
`PROXY_FIX` hops of X-Forwarded-For/-Proto/-Host/-Port/-Prefix. Set it to the number
of proxies in front of the app, never more: a client could then forge its address.
The address is used for rate limiting in memory only; it is never stored.
"""
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import ConfigError


def proxy_hops(app) -> int:
    """The configured number of trusted proxies (0: none, ProxyFix not applied)."""
    hops = app.config.get("PROXY_FIX") or 0
    if isinstance(hops, bool) or not isinstance(hops, int) or hops < 0:
        raise ConfigError(f"SURVEY_PROXY_FIX={hops!r}: expected the number of reverse proxies "
                          "in front of the app (0, 1, 2...)")
    return hops


def init_app(app):
    hops = proxy_hops(app)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops,
                                x_port=hops, x_prefix=hops)
