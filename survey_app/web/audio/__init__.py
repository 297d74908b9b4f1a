"""Read-aloud audio: the admin recording page, the public audio URLs, the template helpers."""
from .routes import bp  # noqa: F401
