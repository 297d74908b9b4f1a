"""`flask questionnaires check [PATH...]`: validate questionnaire files."""
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..questionnaire.loader import QuestionnaireError, load_questionnaire

group = AppGroup("questionnaires", help="Check the questionnaire files.")


def _summary(q):
    screens = len(q.questions) if q.one_question_per_page else len(q.pages)
    return (f"{q.id} v{q.version}: ok – {q.audience}, {len(q.pages)} pages, "
            f"{len(q.questions)} questions, {screens} screens, {len(q.places)} places")


@group.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def check(paths):
    """Validate PATHs (files or folders; default: the questionnaires folder).
    Prints every error as file:line: message and exits 1 if there is any."""
    if not paths:
        paths = (Path(current_app.config["QUESTIONNAIRES_DIR"]),)
    files = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.yaml")))
        elif path.exists():
            files.append(path)
        else:
            click.echo(f"{path}:1: no such file", err=True)
            raise SystemExit(1)
    if not files:
        click.echo("no questionnaire files found", err=True)
        raise SystemExit(1)
    failed = False
    for path in files:
        try:
            click.echo(_summary(load_questionnaire(path)))
        except QuestionnaireError as exc:
            failed = True
            for error in exc.errors:
                click.echo(str(error))
    raise SystemExit(1 if failed else 0)


COMMANDS = [group]
