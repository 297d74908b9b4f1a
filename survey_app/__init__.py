"""survey_app: participatory safety surveys for Litvínov.

`create_app(config=None)` is the only entry point: configuration, extensions and
blueprints are wired here and nowhere else.
"""
from pathlib import Path

from flask import Flask

from .web import config as config_module


def create_app(config=None):
    """Build the Flask app. `config` (a dict) overrides environment and defaults."""
    app = Flask(__name__, instance_relative_config=True, template_folder="web/templates")
    config_module.configure(app, config or {})

    from .web import errors
    from .web import extensions
    from .web import i18n
    from .web import proxy
    from .questionnaire import registry
    from .web import security
    from .web import templating
    proxy.init_app(app)
    extensions.init_app(app)
    i18n.init_app(app)
    registry.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    templating.init_app(app)

    from .web.blueprints import register_blueprints
    register_blueprints(app)

    from .cli import init_app as init_cli
    init_cli(app)
    return app


PACKAGE_DIR = Path(__file__).resolve().parent
