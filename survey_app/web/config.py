"""Configuration: safe defaults, then the environment, then the caller's overrides.

Every setting that an operator may change is read here, in one place, so that
README's settings table can be checked against `ENV_SETTINGS`.
"""
import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]

# Environment variable -> (config key, converter, default). The README documents each.
ENV_SETTINGS = {
    "SURVEY_ENV": ("SURVEY_ENV", str, "development"),
    "SECRET_KEY": ("SECRET_KEY", str, None),
    "SURVEY_DATA_DIR": ("SURVEY_DATA_DIR", str, None),
    "SURVEY_QUESTIONNAIRES_DIR": ("QUESTIONNAIRES_DIR", str, str(PROJECT_DIR / "questionnaires")),
    "SURVEY_EXPORTS_DIR": ("EXPORTS_DIR", str, str(PROJECT_DIR / "exports")),
    "BASE_URL": ("BASE_URL", str, ""),
    "SURVEY_MIN_CELL": ("SURVEY_MIN_CELL", int, 5),
    # Fewest respondents a wave needs to be released to the city (unset: 3 x SURVEY_MIN_CELL).
    "SURVEY_MIN_RELEASE": ("SURVEY_MIN_RELEASE", int, None),
    "SURVEY_KIOSK_IDLE_SECONDS": ("KIOSK_IDLE_SECONDS", int, 90),
    "SURVEY_RATELIMIT_STORAGE_URI": ("RATELIMIT_STORAGE_URI", str, "memory://"),
    "SURVEY_DRAFT_MAX_AGE_HOURS": ("DRAFT_MAX_AGE_HOURS", int, 24),
    "SURVEY_PROXY_FIX": ("PROXY_FIX", int, 0),
    # Per client address and worker; children at the community centre share one NAT'ed
    # address, so the default leaves room for a whole group finishing at once.
    "SURVEY_SUBMIT_RATE_LIMIT": ("SUBMIT_RATE_LIMIT", str, "300/minute"),
    # Failed logins, counted in the data dir for all workers (storage/login_limits.py):
    # free failures per account (twice as many per address), then a doubling wait.
    "SURVEY_LOGIN_FREE_FAILURES": ("LOGIN_FREE_FAILURES", int, 5),
    "SURVEY_LOGIN_MAX_DELAY_SECONDS": ("LOGIN_MAX_DELAY_SECONDS", int, 900),
    # Read-aloud recordings: largest accepted upload, and the speech synthesiser ("off": none).
    "SURVEY_AUDIO_MAX_BYTES": ("SURVEY_AUDIO_MAX_BYTES", int, 5 * 1024 * 1024),
    "SURVEY_AUDIO_ESPEAK": ("SURVEY_AUDIO_ESPEAK", str, "espeak-ng"),
    "SURVEY_AUDIO_OPUSENC": ("SURVEY_AUDIO_OPUSENC", str, "opusenc"),  # generated speech as Ogg/Opus ("off": WAV)
    # Who can act on a measure, beyond the built-in list (comma-separated).
    "SURVEY_MEASURE_ACTORS": ("SURVEY_MEASURE_ACTORS", str, ""),
    # After each publish, make the city's first files (charts, grid.png, downloads): 1, or 0 (on first request).
    "SURVEY_WARM_RELEASES": ("SURVEY_WARM_RELEASES", int, 1),
}


class ConfigError(RuntimeError):
    """The app cannot start with this configuration; the message says what to set."""


def configure(app, overrides):
    """Fill app.config from defaults, the environment and `overrides` (in that order)."""
    for env_name, (key, convert, default) in ENV_SETTINGS.items():
        raw = os.environ.get(env_name)
        if raw is None or raw == "":
            app.config[key] = default
            continue
        try:
            app.config[key] = convert(raw)
        except ValueError:
            raise ConfigError(f"{env_name}={raw!r} is not a valid {convert.__name__}") from None
    app.config.update(
        WTF_CSRF_TIME_LIMIT=None,  # a child may take longer than an hour on one screen
        # Behind HTTPS Flask-WTF would demand a Referer; security.check_origin checks the
        # Origin header instead and the referrer policy stays strict (docs/security.md).
        WTF_CSRF_SSL_STRICT=False,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        BABEL_DEFAULT_LOCALE="cs",
        API_MAX_BODY=64 * 1024,
        MAX_CONTENT_LENGTH=16 * 1024 * 1024,
    )
    app.config.update(overrides)

    if not app.config.get("SURVEY_DATA_DIR"):
        app.config["SURVEY_DATA_DIR"] = app.instance_path
    app.config["SESSION_COOKIE_SECURE"] = app.config["BASE_URL"].startswith("https://")
    app.config["BASE_URL"] = app.config["BASE_URL"].rstrip("/")
    _require_secret_in_production(app)
    _require_rate_limit_syntax(app)


def _require_rate_limit_syntax(app):
    from .rate_limits import parsed_limits  # here, so that reading the settings table needs no library

    text = app.config["SUBMIT_RATE_LIMIT"]
    try:
        parsed_limits(text)
    except ValueError:
        raise ConfigError(f"SURVEY_SUBMIT_RATE_LIMIT={text!r} is not a rate limit: write e.g. "
                          "300/minute, or 600/minute;10000/day") from None


def _require_secret_in_production(app):
    if app.config["SURVEY_ENV"] == "production" and not app.config.get("SECRET_KEY"):
        raise ConfigError(
            "SURVEY_ENV=production needs SECRET_KEY: set it to a long random value, e.g. "
            "export SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
        )
