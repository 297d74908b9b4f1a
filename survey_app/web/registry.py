"""The running app's questionnaire registry (questionnaire/registry.py holds the pure
Registry; this is the Flask side: one Registry per app, found through current_app)."""
from flask import current_app

from ..questionnaire.registry import QuestionnaireUnavailable, Registry

__all__ = ["QuestionnaireUnavailable", "Registry", "get_registry", "init_app"]
EXTENSION = "survey_registry"


def init_app(app):
    """One Registry for the app, over its QUESTIONNAIRES_DIR."""
    app.extensions[EXTENSION] = Registry(app.config["QUESTIONNAIRES_DIR"])


def get_registry() -> Registry:
    """The registry of the app handling this request or command."""
    return current_app.extensions[EXTENSION]
