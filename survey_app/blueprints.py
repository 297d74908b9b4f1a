"""Every blueprint of the app, in one list so that the factory stays short."""


def register_blueprints(app):
    from .api.routes import bp as api_bp
    from .survey.routes import bp as survey_bp

    for blueprint in (survey_bp, api_bp):
        app.register_blueprint(blueprint)
