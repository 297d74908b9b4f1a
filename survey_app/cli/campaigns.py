"""`flask campaigns ...`: create, list and close campaigns, write posters."""
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..fieldwork import campaigns as model
from ..fieldwork import posters
from ..storage.files import write_file
from ..web.extensions import get_storage
from ..web.registry import QuestionnaireUnavailable, get_registry

BASE_URL_HINT = ("set BASE_URL to the public address of the app, e.g. "
                 "export BASE_URL=https://bezpeci.litvinov.cz")

# --format -> (renderer, file name pattern)
POSTER_FILES = {
    "pdf": (posters.poster_pdf, "plakat-{wave}-{channel}.pdf"),
    "png": (posters.poster_png, "plakat-{wave}-{channel}.png"),
    "flyers": (posters.flyers_pdf, "letacky-{wave}-{channel}.pdf"),
}


def _base_url():
    """BASE_URL, or the public address saved on a campaign page (the same as the posters')."""
    return model.public_address(current_app.config["BASE_URL"], model.stored_address(get_storage()))[0]


def _url(path):
    base = _base_url()
    return base + path if base else path


def _echo_channel(channel):
    click.echo(f"channel {channel['id']} ({channel['kind']}, {channel['name']}): {_url(model.channel_path(channel))}")
    kiosk = model.kiosk_path(channel)
    if kiosk:
        click.echo(f"  kiosk: {_url(kiosk)}")


def _questionnaire(questionnaire_id):
    try:
        return get_registry().get(questionnaire_id)
    except QuestionnaireUnavailable as exc:
        detail = "; ".join(map(str, exc.errors)) or "no such questionnaire in " + current_app.config["QUESTIONNAIRES_DIR"]
        raise click.UsageError(f"--questionnaire {questionnaire_id}: {detail}") from None


def _campaign_or_fail(campaign_id):
    campaign = model.get_campaign(get_storage(), campaign_id)
    if campaign is None:
        raise click.ClickException(f"there is no campaign {campaign_id} (see `flask campaigns list`)")
    return campaign


@click.group("campaigns")
def campaigns_group():
    """Campaigns (waves of a questionnaire) and their channels."""


@campaigns_group.command("create")
@click.option("--questionnaire", "questionnaire_id", required=True, help="Questionnaire id, e.g. deti-bezpeci.")
@click.option("--wave", required=True, help="Wave label [a-z0-9-], e.g. 2026-podzim.")
@click.option("--channel", "channels", multiple=True, metavar="KIND:NAME",
              help=f"A channel, repeatable; KIND is one of {', '.join(model.CHANNEL_KINDS)}.")
@click.option("--opens", default=None, metavar="YYYY-MM-DD", help="First day (Litvínov time); default: open now.")
@click.option("--closes", default=None, metavar="YYYY-MM-DD", help="Last day; default: until closed by hand.")
@click.option("--organiser", default=model.DEFAULT_ORGANISER, show_default=True,
              help="Who runs the survey (printed on posters).")
@with_appcontext
def create(questionnaire_id, wave, channels, opens, closes, organiser):
    """Create a campaign; print its id and each channel's id and address."""
    _questionnaire(questionnaire_id)
    try:
        specs = [model.parse_channel_spec(spec) for spec in channels]
        campaign, made = model.create_campaign(get_storage(), questionnaire_id, wave, opens, closes,
                                               organiser, specs)
    except model.CampaignError as exc:
        option = {"kind": "channel", "channel name": "channel"}.get(exc.field, exc.field)
        raise click.UsageError(f"--{option}: {exc.message}") from None
    click.echo(f"campaign {campaign['id']}: {questionnaire_id}, wave {wave}, {model.campaign_state(campaign)}")
    for channel in made:
        _echo_channel(channel)
    if not _base_url():
        click.echo(f"note: BASE_URL is not set, so these are paths, not full addresses; {BASE_URL_HINT}", err=True)


@campaigns_group.command("list")
@with_appcontext
def list_campaigns():
    """Every campaign with its state, dates, channels and number of responses."""
    storage = get_storage()
    found = model.list_campaigns(storage)
    if not found:
        click.echo("no campaigns yet (create one with `flask campaigns create`)")
    for campaign in found:
        counts = model.response_counts(storage.responses(campaign["questionnaire_id"]), campaign["id"])
        dates = (f"{campaign['opens'] or '…'} – {campaign['closes'] or '…'}"
                 if campaign["opens"] or campaign["closes"] else "no dates")
        click.echo(f"campaign {campaign['id']}: {campaign['questionnaire_id']}, wave {campaign['wave']}, "
                   f"{model.campaign_state(campaign)}, {dates}, {counts.total} responses")
        for channel in model.channels_of(storage, campaign["id"]):
            _echo_channel(channel)


@campaigns_group.command("close")
@click.argument("campaign_id", type=int)
@with_appcontext
def close(campaign_id):
    """Close a campaign now: its addresses answer "Šetření skončilo" (410)."""
    _campaign_or_fail(campaign_id)
    campaign = model.close_campaign(get_storage(), campaign_id)
    click.echo(f"campaign {campaign_id} closed at {campaign['closed_at']}")


@campaigns_group.command("poster")
@click.argument("channel_id", type=int)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write into (default: SURVEY_EXPORTS_DIR).")
@click.option("--format", "fmt", type=click.Choice(list(POSTER_FILES)), default="pdf", show_default=True,
              help="pdf: A4 poster; png: the same as an image; flyers: A4 sheet of 8 flyers.")
@with_appcontext
def poster(channel_id, out_dir, fmt):
    """Write the QR poster of a channel and print the file's path."""
    base_url = _base_url()
    if not base_url:
        raise click.ClickException(f"a poster's QR code must carry the public address: {BASE_URL_HINT}")
    channel = model.get_channel(get_storage(), channel_id)
    if channel is None:
        raise click.ClickException(f"there is no channel {channel_id} (see `flask campaigns list`)")
    campaign = _campaign_or_fail(channel["campaign_id"])
    questionnaire = _questionnaire(campaign["questionnaire_id"])
    render, pattern = POSTER_FILES[fmt]
    body = render(posters.poster_spec(questionnaire, campaign, channel, base_url))
    out_dir = Path(out_dir or current_app.config["EXPORTS_DIR"])
    path = out_dir / pattern.format(wave=campaign["wave"], channel=channel_id)
    # A half-written PDF must never sit where a facilitator would print it from.
    write_file(path, body, mode=0o644, dir_mode=0o755)
    click.echo(str(path))


COMMANDS = [campaigns_group]
