"""`flask demo-data`: write synthetic responses for trying summaries and benchmarks."""
import click
from flask.cli import with_appcontext

from ..responses.demo import demo_records
from ..web.extensions import get_storage
from ..web.registry import QuestionnaireUnavailable, get_registry

BATCH = 5000


@click.command("demo-data")
@click.option("--questionnaire", "questionnaire_id", required=True, help="Questionnaire id, e.g. deti-bezpeci.")
@click.option("--responses", type=click.IntRange(1, 1_000_000), default=200, show_default=True)
@click.option("--seed", type=int, default=None, help="Make the data reproducible.")
@click.option("--wave", default=None, help="Wave label to put on the records.")
@click.option("--force", is_flag=True, help="Also write into a data dir that holds real responses.")
@with_appcontext
def demo_data(questionnaire_id, responses, seed, wave, force):
    """Write plausible synthetic responses (marked demo: true) into the data dir."""
    try:
        questionnaire = get_registry().get(questionnaire_id)
    except QuestionnaireUnavailable as exc:
        detail = "; ".join(map(str, exc.errors)) or "no such questionnaire"
        raise click.UsageError(f"--questionnaire {questionnaire_id}: {detail}") from None
    storage = get_storage()
    if storage.has_real_responses(questionnaire.id) and not force:
        raise click.UsageError(
            f"the data dir {storage.data_dir} holds real responses to {questionnaire.id}; "
            "demo data would mix with them. Use another SURVEY_DATA_DIR, or --force.")
    context = {"channel": "web", "wave": wave}
    written, batch = 0, []
    with click.progressbar(length=responses, label="demo responses") as bar:
        for record in demo_records(questionnaire, responses, seed=seed, context=context):
            batch.append(record)
            if len(batch) >= BATCH:
                written += storage.add_responses(batch)
                bar.update(len(batch))
                batch = []
        if batch:
            written += storage.add_responses(batch)
            bar.update(len(batch))
    click.echo(f"wrote {written} demo responses to {questionnaire.id} in {storage.data_dir}")


COMMANDS = [demo_data]
