"""/admin/campaigns: create, edit and close campaigns, add channels, see how many
responses came in per channel and per day (never an answer), and print posters.

The address printed on posters is the BASE_URL setting, else the one saved on the
campaign page (POST /admin/campaigns/address), else the address the page was opened
on (unless that is a local one such as 127.0.0.1); the page says which it is."""
from datetime import date

from flask import (Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template,
                   request, url_for)
from flask_babel import gettext as _
from wtforms import SelectChoice

from ...fieldwork import campaigns as model
from ...fieldwork import posters
from ..auth.access import permission_required
from ..errors import ApiError, wants_json
from ..extensions import get_storage
from ...web.registry import QuestionnaireUnavailable, get_registry
from .forms import AddressForm, CampaignDatesForm, CampaignForm, ChannelForm, CloseForm, LanguagesForm

bp = Blueprint("campaigns", __name__, url_prefix="/admin/campaigns")

STATE_LABELS = {model.SCHEDULED: model.N_("Not open yet"), model.OPEN: model.N_("Open now"),
                model.CLOSED: model.N_("Closed")}

# Poster format -> (renderer, mimetype, file name pattern).
POSTER_FORMATS = {
    "poster.pdf": (posters.poster_pdf, "application/pdf", "plakat-{wave}-{channel}.pdf"),
    "poster.png": (posters.poster_png, "image/png", "plakat-{wave}-{channel}.png"),
    "flyers.pdf": (posters.flyers_pdf, "application/pdf", "letacky-{wave}-{channel}.pdf"),
}


def _campaign_or_404(campaign_id):
    campaign = model.get_campaign(get_storage(), campaign_id)
    if campaign is None:
        abort(404)
    return campaign


def _questionnaire_or_none(questionnaire_id):
    try:
        return get_registry().get(questionnaire_id)
    except QuestionnaireUnavailable:
        return None


ADDRESS_SOURCES = {
    model.FROM_SETTING: model.N_("from the BASE_URL setting"),
    model.FROM_STORED: model.N_("saved on this page"),
    model.FROM_REQUEST: model.N_("the address this page was opened on"),
}


def public_address() -> tuple[str | None, str | None]:
    """(address, source) for posters and links; see the module docstring."""
    return model.public_address(current_app.config["BASE_URL"], model.stored_address(get_storage()),
                                request.host_url)


def _links(channel, base=None):
    """Public addresses of a channel: absolute with the public address, else paths."""
    paths = {"start": model.channel_path(channel), "kiosk": model.kiosk_path(channel)}
    return {key: (base + path if base and path else path) for key, path in paths.items()}


def _public(campaign, channels=None, counts=None):
    body = {**campaign, "state": model.campaign_state(campaign)}
    if channels is not None:
        base, source = public_address()
        body["public_address"] = {"address": base, "source": source}
        body["channels"] = [{**c, "languages": c.get("languages") or model.DEFAULT_LANGUAGES,
                             "urls": _links(c, base), "responses": counts.by_channel.get(c["id"], 0)}
                            for c in channels]
        body["responses"] = {"total": counts.total,
                             "by_day": [{"day": day, "total": total,
                                         "by_channel": {str(k): v for k, v in per.items()}}
                                        for day, per, total in counts.days]}
    return body


@bp.get("")
@permission_required("campaigns")
def index():
    storage = get_storage()
    items = [(c, model.campaign_state(c), model.channels_of(storage, c["id"]))
             for c in model.list_campaigns(storage)]
    if wants_json():
        return jsonify([_public(c) for c, _state, _channels in items])
    titles = {q.id: q.title for q in get_registry().all()}
    return render_template("campaigns/index.html", items=items, titles=titles, states=STATE_LABELS)


@bp.route("/new", methods=["GET", "POST"])
@permission_required("campaigns")
def new():
    form = CampaignForm()
    form.questionnaire.choices = [SelectChoice(q.id, f"{q.id} – {q.title.get('cs', '')}")
                                  for q in get_registry().all()]
    if form.validate_on_submit():
        try:
            campaign, _channels = model.create_campaign(
                get_storage(), form.questionnaire.data, form.wave.data, form.opens.data,
                form.closes.data, form.organiser.data)
        except model.CampaignError as exc:  # the form checks the same rules; kept as a guard
            raise ApiError(422, "invalid", exc.message, field=exc.field) from None
        flash(_("The campaign was created. Now add its channels."), "success")
        return redirect(url_for(".detail", campaign_id=campaign["id"]), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template("campaigns/new.html", form=form), status


def _render_detail(campaign, dates_form=None, channel_form=None, status=200, address_form=None):
    storage = get_storage()
    channels = model.channels_of(storage, campaign["id"])
    counts = model.response_counts(storage.responses(campaign["questionnaire_id"]), campaign["id"])
    if wants_json():
        return jsonify(_public(campaign, channels, counts)), status
    if dates_form is None:
        dates_form = CampaignDatesForm(data={"opens": _date(campaign["opens"]), "closes": _date(campaign["closes"]),
                                             "organiser": campaign["organiser"]})
    base, source = public_address()
    if address_form is None:
        stored = model.stored_address(storage)
        offered = stored or (request.host_url.rstrip("/") if source != model.FROM_SETTING else "")
        address_form = AddressForm(formdata=None, data={"address": offered, "campaign_id": campaign["id"]})
    return render_template(
        "campaigns/detail.html", campaign=campaign, state=model.campaign_state(campaign),
        states=STATE_LABELS, questionnaire=_questionnaire_or_none(campaign["questionnaire_id"]),
        channels=[(c, _links(c, base)) for c in channels], counts=counts, kinds=model.CHANNEL_KINDS,
        dates_form=dates_form, channel_form=channel_form or ChannelForm(formdata=None),
        close_form=CloseForm(), base_url=base, address_source=source, sources=ADDRESS_SOURCES,
        address_form=address_form, languages_form=LanguagesForm(formdata=None),
        poster_languages=model.POSTER_LANGUAGES, default_languages=model.DEFAULT_LANGUAGES,
    ), status


def _date(value):
    return date.fromisoformat(value) if value else None


@bp.get("/<int:campaign_id>")
@permission_required("campaigns")
def detail(campaign_id):
    return _render_detail(_campaign_or_404(campaign_id))


@bp.post("/<int:campaign_id>")
@permission_required("campaigns")
def edit(campaign_id):
    campaign = _campaign_or_404(campaign_id)
    form = CampaignDatesForm()
    if not form.validate_on_submit():
        return _render_detail(campaign, dates_form=form, status=422)
    model.update_campaign(get_storage(), campaign_id, form.opens.data, form.closes.data, form.organiser.data)
    flash(_("The campaign was saved."), "success")
    return redirect(url_for(".detail", campaign_id=campaign_id), code=303)


@bp.post("/<int:campaign_id>/close")
@permission_required("campaigns")
def close(campaign_id):
    _campaign_or_404(campaign_id)
    if not CloseForm().validate_on_submit():
        abort(400)
    model.close_campaign(get_storage(), campaign_id)
    flash(_("The campaign is closed: its addresses now say that the survey has ended."), "success")
    return redirect(url_for(".detail", campaign_id=campaign_id), code=303)


@bp.post("/<int:campaign_id>/channels")
@permission_required("campaigns")
def add_channel(campaign_id):
    campaign = _campaign_or_404(campaign_id)
    form = ChannelForm()
    if not form.validate_on_submit():
        return _render_detail(campaign, channel_form=form, status=422)
    model.add_channel(get_storage(), campaign_id, form.kind.data, form.name.data, languages=form.languages.data)
    flash(_("The channel was added."), "success")
    return redirect(url_for(".detail", campaign_id=campaign_id), code=303)


@bp.post("/<int:campaign_id>/channels/<int:channel_id>/languages")
@permission_required("campaigns")
def channel_languages(campaign_id, channel_id):
    campaign = _campaign_or_404(campaign_id)
    channel = model.get_channel(get_storage(), channel_id)
    if channel is None or channel["campaign_id"] != campaign_id:
        abort(404)
    form = LanguagesForm()
    if not form.validate_on_submit():
        field = "languages" if form.languages.errors else "csrf_token"
        raise ApiError(422 if field == "languages" else 400, "invalid",
                       f"{field}: {'; '.join(map(str, form.errors.get(field, [])))}", field=field)
    model.set_channel_languages(get_storage(), channel_id, form.languages.data)
    flash(_("The poster languages were saved."), "success")
    return redirect(url_for(".detail", campaign_id=campaign["id"], _anchor=f"channel-{channel_id}"), code=303)


@bp.post("/address")
@permission_required("campaigns")
def address():
    """Save the public address printed on posters (used while BASE_URL is unset)."""
    form = AddressForm()
    campaign_id = form.campaign_id.data if isinstance(form.campaign_id.data, int) else None
    campaign = model.get_campaign(get_storage(), campaign_id) if campaign_id else None
    if not form.validate_on_submit():
        if campaign is not None and not wants_json():
            return _render_detail(campaign, address_form=form, status=422 if form.address.errors else 400)
        errors = "; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in form.errors.items())
        raise ApiError(422, "invalid", errors or _("The form has expired."), field=next(iter(form.errors), None))
    model.store_address(get_storage(), form.address.data)
    flash(_("The public address was saved: posters now print it."), "success")
    if campaign is None:
        return redirect(url_for(".index"), code=303)
    return redirect(url_for(".detail", campaign_id=campaign["id"], _anchor="public-address"), code=303)


def _base_url_missing():
    return ApiError(503, "base_url_missing", _(
        "Posters need the public address of the app, otherwise the QR code would point nowhere. "
        "Enter it under “Public address” on the campaign page (or set BASE_URL)."))


@bp.get("/<int:campaign_id>/channels/<int:channel_id>/<any('poster.pdf', 'poster.png', 'flyers.pdf'):fmt>")
@permission_required("posters")
def poster(campaign_id, channel_id, fmt):
    campaign = _campaign_or_404(campaign_id)
    channel = model.get_channel(get_storage(), channel_id)
    if channel is None or channel["campaign_id"] != campaign_id:
        abort(404)
    base_url, _source = public_address()
    if not base_url:
        raise _base_url_missing()
    questionnaire = get_registry().get(campaign["questionnaire_id"])  # 503 if its file is broken
    render, mimetype, filename = POSTER_FORMATS[fmt]
    body = render(posters.poster_spec(questionnaire, campaign, channel, base_url))
    name = filename.format(wave=campaign["wave"], channel=channel_id)
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'inline; filename="{name}"', "Cache-Control": "no-store"})
