"""Campaigns (šetření) and their channels over the metadata store (no Flask).

A campaign binds a questionnaire, a wave label and optional open/close dates; each
channel (a poster in Janov, the tablet at Sousedský dům Libuše...) has a kind from
CHANNEL_KINDS, a name, the language(s) of its posters (POSTER_LANGUAGES) and a token
that makes its public addresses /c/<token> and, for tablets, /k/<token>. New tokens
are short codes a person can type from a poster (CODE_LENGTH characters of
CODE_ALPHABET, random, never sequential); the older 22-character tokens keep working. Responses that come in through a channel
carry campaign_id, wave, channel (the kind) and channel_id, so this module can count
them per channel and per day without ever reading an answer.

Tables in meta.json: "campaigns" and "campaign_channels"; their TinyDB doc ids are
the campaign and channel ids (integers, never reused because nothing is deleted).
"app_settings" holds the public address set on the campaign page (used when the
BASE_URL setting is empty).
"""
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo
# The public address and the campaign error live in their own module; both stay importable from here.
from ..storage.metadata import get_by_id, with_id
from .public_address import (FROM_REQUEST, FROM_SETTING, FROM_STORED, MAX_ADDRESS, SETTINGS,  # noqa: F401
                             CampaignError, check_address, public_address, store_address, stored_address)
from ..vocabulary import DEFAULT_LANG, FOCUS_GROUP, LINK, N_, POSTER, TABLET, WAVE_RE  # noqa: F401 (WAVE_RE: importable here)

TOWN_TZ = ZoneInfo("Europe/Prague")
MAX_WAVE = 40
MAX_NAME = 80
MAX_ORGANISER = 120
DEFAULT_ORGANISER = "Město Litvínov"
CAMPAIGNS, CHANNELS = "campaigns", "campaign_channels"
# Short channel codes: no look-alikes (0/o/O, 1/l/I/i), lowercase only, so that a
# code read off a poster can be typed; 31**8 (about 8.5e11, 39 bits) codes.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 8


@dataclass(frozen=True)
class ChannelKind:
    label: str
    description: str
    kiosk: bool = False  # has a /k/<token> kiosk start page for a shared tablet


# The channel kinds; the key is what a response stores as `channel`.
# In the order of vocabulary.CHANNEL_KINDS.
CHANNEL_KINDS = {
    POSTER: ChannelKind(N_("Poster"), N_("QR poster or flyer; people answer on their own phone.")),
    TABLET: ChannelKind(N_("Tablet"), N_("A shared tablet in kiosk mode, e.g. at the community centre."),
                        kiosk=True),
    FOCUS_GROUP: ChannelKind(N_("Focus group"), N_("Filled in together during a focus group.")),
    LINK: ChannelKind(N_("Link"), N_("A link sent by e-mail, message or social network.")),
}

# Poster languages of a channel: key stored as `languages` -> label. Czech always;
# Ukrainian as a second language for the Ukrainian families on the estate.
POSTER_LANGUAGES = {DEFAULT_LANG: N_("Czech"), f"{DEFAULT_LANG}+uk": N_("Czech and Ukrainian")}
DEFAULT_LANGUAGES = DEFAULT_LANG

# Campaign states, by the dates in the town's time zone and a manual close.
SCHEDULED, OPEN, CLOSED = "scheduled", "open", "closed"


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- validation -------------------------------------------------------------------

def check_wave(wave) -> str:
    if not isinstance(wave, str) or not WAVE_RE.fullmatch(wave) or len(wave) > MAX_WAVE:
        raise CampaignError("wave", f"{wave!r} is not a wave label: use lowercase letters, digits "
                                    f"and single dashes, at most {MAX_WAVE} characters (e.g. 2026-podzim)")
    return wave


def parse_date(value, field) -> str | None:
    """A date (date object or 'YYYY-MM-DD' string) as an ISO string; None/'' -> None."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise CampaignError(field, f"{value!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-10-01") from None


def _check_dates(opens, closes):
    if opens and closes and closes < opens:
        raise CampaignError("closes", f"the close date {closes} is before the open date {opens}")


def _check_text(value, field, limit, required=True) -> str:
    if not isinstance(value, (str, type(None))):
        raise CampaignError(field, "must be text")
    value = (value or "").strip()
    if required and not value:
        raise CampaignError(field, "must not be empty")
    if len(value) > limit:
        raise CampaignError(field, f"is {len(value)} characters long, at most {limit} are allowed")
    return value


def check_kind(kind) -> str:
    if kind not in CHANNEL_KINDS:
        raise CampaignError("kind", f"unknown channel kind {kind!r}; use one of: {', '.join(CHANNEL_KINDS)}")
    return kind


def check_languages(languages) -> str:
    if languages in (None, ""):
        return DEFAULT_LANGUAGES
    if languages not in POSTER_LANGUAGES:
        raise CampaignError("languages", f"unknown poster languages {languages!r}; use one of: "
                                         f"{', '.join(POSTER_LANGUAGES)}")
    return languages


def parse_channel_spec(spec: str) -> tuple[str, str]:
    """'tablet:Sousedský dům Libuše' -> ('tablet', 'Sousedský dům Libuše')."""
    kind, sep, name = (spec or "").partition(":")
    if not sep:
        raise CampaignError("channel", f"{spec!r} should be KIND:NAME, e.g. \"poster:Janov\" "
                                       f"(kinds: {', '.join(CHANNEL_KINDS)})")
    return check_kind(kind.strip()), _check_text(name, "channel name", MAX_NAME)


# --- reading ----------------------------------------------------------------------

def get_campaign(storage, campaign_id) -> dict | None:
    """The campaign dict (with "id"), or None."""
    return get_by_id(storage.table(CAMPAIGNS), campaign_id)


def list_campaigns(storage) -> list[dict]:
    """Every campaign, newest first."""
    return sorted((with_id(d) for d in storage.table(CAMPAIGNS).all()), key=lambda c: -c["id"])


def channels_of(storage, campaign_id) -> list[dict]:
    """The campaign's channels in the order they were added."""
    docs = storage.table(CHANNELS).search(lambda d: d.get("campaign_id") == campaign_id)
    return sorted((with_id(d) for d in docs), key=lambda c: c["id"])


def get_channel(storage, channel_id) -> dict | None:
    return get_by_id(storage.table(CHANNELS), channel_id)


def channel_by_token(storage, token) -> tuple[dict, dict] | tuple[None, None]:
    """(campaign, channel) for a public token, or (None, None). A short code is found
    whatever its case (people type what they read); an old 22-character token exactly."""
    if not isinstance(token, str) or not (len(token) == CODE_LENGTH or 10 <= len(token) <= 64):
        return None, None
    if len(token) == CODE_LENGTH:
        token = token.lower()
    found = storage.table(CHANNELS).search(lambda d: d.get("token") == token)
    if not found:
        return None, None
    channel = with_id(found[0])
    return get_campaign(storage, channel["campaign_id"]), channel


# --- writing ----------------------------------------------------------------------

def new_code() -> str:
    """A random short code (CODE_LENGTH characters of CODE_ALPHABET)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _new_token(table) -> str:
    while True:
        token = new_code()  # random, so neighbouring channels' codes say nothing of each other
        if not table.search(lambda d: d.get("token") == token):
            return token


def create_campaign(storage, questionnaire_id, wave, opens=None, closes=None,
                    organiser=DEFAULT_ORGANISER, channels=(), now=None) -> tuple[dict, list[dict]]:
    """Create a campaign and its channels (a list of (kind, name)) in one transaction.
    Returns (campaign, channels). Raises CampaignError naming the bad field."""
    if not isinstance(questionnaire_id, str) or not questionnaire_id:
        raise CampaignError("questionnaire", "is required")
    doc = {
        "questionnaire_id": questionnaire_id,
        "wave": check_wave(wave),
        "opens": parse_date(opens, "opens"),
        "closes": parse_date(closes, "closes"),
        "organiser": _check_text(organiser, "organiser", MAX_ORGANISER),
        "created_at": _iso(now or utc_now()),
        "closed_at": None,
    }
    _check_dates(doc["opens"], doc["closes"])
    specs = [(check_kind(kind), _check_text(name, "channel name", MAX_NAME)) for kind, name in channels]
    with storage.transaction():
        campaign_id = storage.table(CAMPAIGNS).insert(doc)
        made = [add_channel(storage, campaign_id, kind, name, now=now) for kind, name in specs]
    return get_campaign(storage, campaign_id), made


def update_campaign(storage, campaign_id, opens=None, closes=None, organiser=DEFAULT_ORGANISER) -> dict:
    """Change the dates and the organiser. The questionnaire and the wave stay: the
    responses already stored carry them."""
    opens, closes = parse_date(opens, "opens"), parse_date(closes, "closes")
    _check_dates(opens, closes)
    organiser = _check_text(organiser, "organiser", MAX_ORGANISER)
    with storage.transaction():
        if get_campaign(storage, campaign_id) is None:
            raise CampaignError("campaign", f"there is no campaign {campaign_id}")
        storage.table(CAMPAIGNS).update({"opens": opens, "closes": closes, "organiser": organiser},
                                        doc_ids=[campaign_id])
    return get_campaign(storage, campaign_id)


def close_campaign(storage, campaign_id, now=None) -> dict:
    """Close the campaign now, whatever its dates say. Closing twice keeps the first time."""
    with storage.transaction():
        campaign = get_campaign(storage, campaign_id)
        if campaign is None:
            raise CampaignError("campaign", f"there is no campaign {campaign_id}")
        if not campaign.get("closed_at"):
            storage.table(CAMPAIGNS).update({"closed_at": _iso(now or utc_now())}, doc_ids=[campaign_id])
    return get_campaign(storage, campaign_id)


def add_channel(storage, campaign_id, kind, name, now=None, languages=DEFAULT_LANGUAGES) -> dict:
    """Add a channel with a fresh short code to an existing campaign; `languages` is a
    key of POSTER_LANGUAGES (what its posters and flyers are printed in)."""
    kind, name = check_kind(kind), _check_text(name, "channel name", MAX_NAME)
    languages = check_languages(languages)
    with storage.transaction():
        if get_campaign(storage, campaign_id) is None:
            raise CampaignError("campaign", f"there is no campaign {campaign_id}")
        table = storage.table(CHANNELS)
        channel_id = table.insert({"campaign_id": campaign_id, "kind": kind, "name": name,
                                   "languages": languages, "token": _new_token(table),
                                   "created_at": _iso(now or utc_now())})
    return get_channel(storage, channel_id)


def set_channel_languages(storage, channel_id, languages) -> dict:
    """Change what the channel's posters are printed in; CampaignError when unknown."""
    languages = check_languages(languages)
    with storage.transaction():
        if get_channel(storage, channel_id) is None:
            raise CampaignError("channel", f"there is no channel {channel_id}")
        storage.table(CHANNELS).update({"languages": languages}, doc_ids=[channel_id])
    return get_channel(storage, channel_id)


def channel_languages(channel) -> list[str]:
    """['cs'] or ['cs', 'uk'] (channels made before the field existed: Czech)."""
    return (channel.get("languages") or DEFAULT_LANGUAGES).split("+")


# --- state and use ----------------------------------------------------------------

def town_today(now=None) -> str:
    """Today's date in Litvínov (ISO), which decides whether a campaign is open."""
    return (now or utc_now()).astimezone(TOWN_TZ).date().isoformat()


def campaign_state(campaign, now=None) -> str:
    """SCHEDULED before `opens`, CLOSED after `closes` or once closed by hand, else OPEN.
    Both dates are whole days in Europe/Prague: open from 00:00 of `opens` to the end
    of `closes`."""
    if campaign.get("closed_at"):
        return CLOSED
    today = town_today(now)
    if campaign.get("opens") and today < campaign["opens"]:
        return SCHEDULED
    if campaign.get("closes") and today > campaign["closes"]:
        return CLOSED
    return OPEN


def run_context(campaign, channel) -> dict:
    """What a response started through this channel stores about where it came from."""
    return {"channel": channel["kind"], "campaign_id": campaign["id"], "wave": campaign["wave"],
            "channel_id": channel["id"]}


def channel_path(channel) -> str:
    return f"/c/{channel['token']}"


def kiosk_path(channel) -> str | None:
    return f"/k/{channel['token']}" if CHANNEL_KINDS[channel["kind"]].kiosk else None


def absolute_url(base_url, path) -> str:
    """BASE_URL + path; ValueError when BASE_URL is empty (a wrong address must never
    be printed on a poster)."""
    if not base_url:
        raise ValueError("BASE_URL is not set")
    return base_url.rstrip("/") + path


@dataclass
class Counts:
    total: int
    by_channel: dict        # channel_id (None: no channel) -> count
    days: list              # [(YYYY-MM-DD, {channel_id: count}, day total)], oldest first


def response_counts(responses, campaign_id) -> Counts:
    """How many responses the campaign got per channel and per day (Litvínov time).
    Reads only campaign_id, channel_id and submitted_at; never an answer."""
    by_channel, by_day = Counter(), {}
    for record in responses:
        if record.get("campaign_id") != campaign_id:
            continue
        channel_id = record.get("channel_id")
        by_channel[channel_id] += 1
        day = _local_day(record.get("submitted_at"))
        by_day.setdefault(day, Counter())[channel_id] += 1
    days = [(day, dict(counts), sum(counts.values())) for day, counts in sorted(by_day.items())]
    return Counts(sum(by_channel.values()), dict(by_channel), days)


def _local_day(stamp) -> str:
    try:
        moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except (TypeError, ValueError):
        return "?"
    return moment.astimezone(TOWN_TZ).date().isoformat()

