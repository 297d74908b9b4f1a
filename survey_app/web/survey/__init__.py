"""The survey blueprint (routes.py) and the template global that picks each question's
widget macro (web/widgets.py), registered on the app with the blueprint."""
from ..widgets import widget_macro
from .routes import bp

bp.add_app_template_global(widget_macro, "widget_macro")
