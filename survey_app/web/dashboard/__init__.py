"""The summaries dashboard at /admin/summaries (routes.py)."""
from .routes import bp  # noqa: F401
