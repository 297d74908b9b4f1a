"""`flask --app wsgi ...` commands. Each submodule holds one command or group; the
list below is the only place that knows them all (the README docs test reads it)."""
import importlib

COMMAND_MODULES = ("questionnaires", "demo", "users", "campaigns", "export", "backup", "release", "measures")


def init_app(app):
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        for command in module.COMMANDS:
            app.cli.add_command(command)
