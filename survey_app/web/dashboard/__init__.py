"""The summaries dashboard at /admin/summaries (routes.py; publishing: publish.py)."""
from .routes import bp  # noqa: F401
from . import publish  # noqa: F401  (registers POST /<id>/releases on bp)
