"""Every blueprint of the app, in one list so that the factory stays short."""


def register_blueprints(app):
    from .admin.routes import bp as admin_bp
    from .api.routes import bp as api_bp
    from .audio import bp as audio_bp
    from .auth.routes import bp as auth_bp
    from .campaigns.admin import bp as campaigns_bp
    from .campaigns.public import bp as channels_bp
    from .dashboard import bp as dashboard_bp
    from .focus_groups import bp as focus_groups_bp
    from .survey.routes import bp as survey_bp
    from .measures import bp as measures_bp
    from .results import bp as results_bp

    for blueprint in (survey_bp, api_bp, auth_bp, admin_bp, focus_groups_bp,
                      campaigns_bp, channels_bp, dashboard_bp, measures_bp, results_bp, audio_bp):
        app.register_blueprint(blueprint)
