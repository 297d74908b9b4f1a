"""`flask measures list [--questionnaire ID]`: the measures the town takes, one a line."""
import click
from flask.cli import with_appcontext

from ..fieldwork import measures as model
from ..web.extensions import get_storage


@click.group("measures", help="Measures the town takes after the findings.")
def measures_group():
    pass


@measures_group.command("list")
@click.option("--questionnaire", "questionnaire_id", default=None, help="Only the measures of this questionnaire.")
@with_appcontext
def list_command(questionnaire_id):
    """One line per measure: id, status, decided date, questionnaire, public flag, title."""
    found = model.list_measures(get_storage(), questionnaire_id)
    if not found:
        click.echo("no measures")
        return
    for m in found:
        release = f" release {m['release']}" if m["release"] is not None else ""
        click.echo(f"{m['id']}\t{m['status']}\t{m['decided_on']}\t{m['questionnaire_id']}\t"
                   f"{'public' if m['public'] else 'internal'}{release}\t{m['title']['cs']}")


COMMANDS = [measures_group]
