"""`flask campaigns create|list|close|poster`: exact output, errors that name the
option, and posters that refuse to exist without BASE_URL."""
import io
import shutil
import uuid
from pathlib import Path

import pytest
from pypdf import PdfReader
from pyzbar.pyzbar import decode

from survey_app.fieldwork import campaigns as model
from survey_app import create_app
from survey_app.responses.submissions import submit

FIXTURES = Path(__file__).parents[1] / "fixtures"
BASE_URL = "https://bezpeci.litvinov.cz"


@pytest.fixture
def cli_app(app_config, only_mini_questionnaire):
    return create_app({**app_config, "BASE_URL": BASE_URL})


@pytest.fixture
def cli(cli_app):
    runner = cli_app.test_cli_runner()
    return lambda *args, **kwargs: runner.invoke(args=list(args), **kwargs)


def tokens(app):
    storage = app.extensions["survey_storage"]
    return {c["id"]: c["token"] for campaign in model.list_campaigns(storage)
            for c in model.channels_of(storage, campaign["id"])}


def test_create__prints_campaign_and_channel_addresses(cli, cli_app):
    result = cli("campaigns", "create", "--questionnaire", "mini", "--wave", "2026-podzim",
                 "--channel", "tablet:Sousedský dům Libuše", "--channel", "poster:Janov")
    assert result.exit_code == 0, result.output
    token = tokens(cli_app)
    assert result.stdout == (
        "campaign 1: mini, wave 2026-podzim, open\n"
        f"channel 1 (tablet, Sousedský dům Libuše): {BASE_URL}/c/{token[1]}\n"
        f"  kiosk: {BASE_URL}/k/{token[1]}\n"
        f"channel 2 (poster, Janov): {BASE_URL}/c/{token[2]}\n")
    assert result.stderr == ""


def test_create__no_base_url__paths_and_a_note_on_stderr(app_config, questionnaires_dir):
    shutil.copy(FIXTURES / "mini.yaml", questionnaires_dir / "mini.yaml")
    app = create_app({**app_config, "BASE_URL": ""})
    result = app.test_cli_runner().invoke(args=["campaigns", "create", "--questionnaire", "mini",
                                                "--wave", "2026-jaro", "--channel", "link:Facebook"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == f"channel 1 (link, Facebook): /c/{tokens(app)[1]}"
    assert result.stderr == ("note: BASE_URL is not set, so these are paths, not full addresses; set BASE_URL "
                             "to the public address of the app, e.g. export BASE_URL=https://bezpeci.litvinov.cz\n")


@pytest.mark.parametrize("args, message", [
    (["--wave", "Podzim"], "Error: --wave: 'Podzim' is not a wave label"),
    (["--wave", "x", "--channel", "Janov"], 'Error: --channel: \'Janov\' should be KIND:NAME, e.g. "poster:Janov"'),
    (["--wave", "x", "--channel", "bus:Janov"], "Error: --channel: unknown channel kind 'bus'"),
    (["--wave", "x", "--opens", "zitra"], "Error: --opens: 'zitra' is not a date: write it as YYYY-MM-DD"),
])
def test_create__invalid__exit_2_names_the_option(cli, cli_app, args, message):
    result = cli("campaigns", "create", "--questionnaire", "mini", *args)
    assert result.exit_code == 2 and message in result.stderr
    assert model.list_campaigns(cli_app.extensions["survey_storage"]) == []


def test_create__unknown_questionnaire__exit_2(cli):
    result = cli("campaigns", "create", "--questionnaire", "nic", "--wave", "x")
    assert result.exit_code == 2 and "Error: --questionnaire nic: no such questionnaire in " in result.stderr


def test_list_and_close__state_dates_counts_and_410(cli, cli_app):
    cli("campaigns", "create", "--questionnaire", "mini", "--wave", "2026-podzim", "--opens", "2026-01-01",
        "--closes", "2099-12-31", "--channel", "poster:Janov")
    token = tokens(cli_app)[1]
    storage = cli_app.extensions["survey_storage"]
    campaign, channel = model.channel_by_token(storage, token)
    questionnaire = cli_app.extensions["survey_registry"].get("mini")
    submit(storage, questionnaire, str(uuid.uuid4()), "cs", {"vek": "8-11", "pocit": 4},
           model.run_context(campaign, channel))
    listing = cli("campaigns", "list")
    assert listing.stdout == ("campaign 1: mini, wave 2026-podzim, open, 2026-01-01 – 2099-12-31, 1 responses\n"
                              f"channel 1 (poster, Janov): {BASE_URL}/c/{token}\n")
    closed = cli("campaigns", "close", "1")
    assert closed.exit_code == 0
    assert closed.stdout == f"campaign 1 closed at {model.get_campaign(storage, 1)['closed_at']}\n"
    assert ", closed, " in cli("campaigns", "list").stdout
    assert cli_app.test_client().get(f"/c/{token}").status_code == 410
    missing = cli("campaigns", "close", "7")
    assert missing.exit_code == 1 and missing.stderr == "Error: there is no campaign 7 (see `flask campaigns list`)\n"


def test_list__no_campaigns__says_how_to_make_one(cli):
    assert cli("campaigns", "list").stdout == "no campaigns yet (create one with `flask campaigns create`)\n"


def test_poster__writes_pdf_prints_path__qr_is_the_url(cli, cli_app, tmp_path):
    cli("campaigns", "create", "--questionnaire", "mini", "--wave", "2026-podzim", "--channel", "poster:Janov")
    out = tmp_path / "plakaty"
    result = cli("campaigns", "poster", "1", "--out", str(out))
    assert result.exit_code == 0, result.output
    path = out / "plakat-2026-podzim-1.pdf"
    assert result.stdout == f"{path}\n"
    [page] = PdfReader(io.BytesIO(path.read_bytes())).pages
    [image] = page.images
    assert [c.data.decode() for c in decode(image.image)] == [f"{BASE_URL}/c/{tokens(cli_app)[1]}"]
    assert [p.name for p in out.iterdir()] == ["plakat-2026-podzim-1.pdf"]  # no temp files left
    flyers = cli("campaigns", "poster", "1", "--out", str(out), "--format", "flyers")
    assert flyers.stdout == f"{out / 'letacky-2026-podzim-1.pdf'}\n"


def test_poster__default_folder_is_exports_dir(cli, cli_app):
    cli("campaigns", "create", "--questionnaire", "mini", "--wave", "2026-podzim", "--channel", "poster:Janov")
    result = cli("campaigns", "poster", "1", "--format", "png")
    expected = Path(cli_app.config["EXPORTS_DIR"]) / "plakat-2026-podzim-1.png"
    assert result.stdout == f"{expected}\n" and expected.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_poster__no_base_url__refused_exit_1_nothing_written(app_config, questionnaires_dir, tmp_path):
    shutil.copy(FIXTURES / "mini.yaml", questionnaires_dir / "mini.yaml")
    app = create_app({**app_config, "BASE_URL": ""})
    runner = app.test_cli_runner()
    runner.invoke(args=["campaigns", "create", "--questionnaire", "mini", "--wave", "x", "--channel", "poster:Janov"])
    result = runner.invoke(args=["campaigns", "poster", "1", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr == ("Error: a poster's QR code must carry the public address: set BASE_URL to the public "
                             "address of the app, e.g. export BASE_URL=https://bezpeci.litvinov.cz\n")
    assert not (tmp_path / "out").exists()


def test_poster__unknown_channel__exit_1(cli):
    result = cli("campaigns", "poster", "5")
    assert result.exit_code == 1 and result.stderr == "Error: there is no channel 5 (see `flask campaigns list`)\n"
