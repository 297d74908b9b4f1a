"""/admin/summaries: the city's dashboard. Tables, charts, the map of 100 m cells and
the wave comparison of one questionnaire, with downloads; for the city role every
number is suppressed as in the city's files, facilitators may also see the
unsuppressed view and download raw data. Thin: the numbers come from summaries.py
(cached in data.py), files from exporters.py, pictures from charts.py."""
from datetime import date

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _

from ...analysis import charts
from ...analysis import focus_group_merge as fg_merge
from ..auth.access import can, current_user, permission_required
from ..errors import N_, ApiError, wants_json
from ...exporters import DEFAULT_DIALECT, EXPORTERS, RAW, ExportError, export, file_name
from ..extensions import get_storage
from ...web.registry import QuestionnaireUnavailable, get_registry
from ...analysis.breakdowns import ALL
from ...analysis.summaries import BREAKDOWNS
from .data import (audience_for, grid_features, job_for, page_rows, plain_rows, question_tables, records,
                   summary_for)
from ..measures.dashboard import add_measures, panels
from ..i18n import current_lang
from .releases import chosen_release, default_scope, relabel, release_view, scopes_of
from .forms import filter_form
from .release_files import chart_parts, city_job, download_parts, grid_parts, made_once

bp = Blueprint("dashboard", __name__, url_prefix="/admin/summaries")

# Breakdown -> its name on the page (translated when shown).
BREAKDOWN_LABELS = {"all": N_("All respondents"), "age_band": N_("By age band"),
                    "place": N_("By place"), "channel": N_("By channel")}


def _questionnaire(questionnaire_id):
    try:
        return get_registry().get(questionnaire_id)
    except QuestionnaireUnavailable:
        raise ApiError(404, "not_found", _("There is no questionnaire with this address.")) from None


NOTHING_PUBLISHED = N_("Nothing has been published yet.")


class NothingPublished(Exception):
    """The city asked for numbers of a questionnaire without a (that) release."""


def _city_summary(questionnaire):
    """The Summary of the latest release (or ?release=<n>); NothingPublished without."""
    asked = request.args.get("release")
    if asked not in (None, "") and not asked.isdigit():
        raise ApiError(400, "bad_request", _("release must be a release number."), field="release")
    release = chosen_release(questionnaire, asked)
    if release is None:
        if asked:
            raise ApiError(404, "not_found", _("There is no release %(n)s of this questionnaire.", n=asked),
                           field="release")
        raise NothingPublished()
    return release, release_view(release)


def _view(questionnaire):
    """The page's choices from the query string: audience, wave, breakdown, comparison."""
    audience = audience_for(current_user(), request.args.get("audience"))
    if audience == "city":
        _release, summary = _city_summary(questionnaire)
    else:
        summary = summary_for(questionnaire, audience)
    summary = relabel(summary, questionnaire, current_lang())
    scopes = scopes_of(summary.waves)
    wave = request.args.get("wave") or default_scope(scopes)
    if scopes and wave not in scopes:
        raise ApiError(404, "unknown_wave", _("There is no wave %(wave)s in this questionnaire's responses.",
                                             wave=wave), field="wave")
    breakdown = request.args.get("breakdown", "all")
    if breakdown not in BREAKDOWNS:
        raise ApiError(400, "bad_request", _("Unknown breakdown %(name)s.", name=breakdown), field="breakdown")
    return audience, summary, scopes, wave, breakdown


def _published_view(questionnaire):
    """_view(), answering 404 "nothing published" for the city before a release."""
    try:
        return _view(questionnaire)
    except NothingPublished:
        raise ApiError(404, "not_published", _(NOTHING_PUBLISHED)) from None


def _comparison(summary):
    waves = summary.waves
    first = request.args.get("a") or (waves[-2] if len(waves) > 1 else None)
    second = request.args.get("b") or (waves[-1] if len(waves) > 1 else None)
    if first is None or first not in waves or second not in waves:
        return None, None, None
    return first, second, summary.comparison(first, second)


@bp.get("")
@permission_required("summaries")  # label and description: admin/nav.py KNOWN_SECTIONS
def index():
    storage = get_storage()
    items = [(q, storage.count_responses(q.id)) for q in get_registry().all()]
    if wants_json():
        exact = can(current_user(), "raw_data")
        small = current_app.config["SURVEY_MIN_CELL"]
        return jsonify([{"id": q.id, "title": q.title, "responses": n if exact or not 0 < n < small else None,
                         "url": url_for(".questionnaire", questionnaire_id=q.id)} for q, n in items])
    # the city never sees a small number, not even a questionnaire's total
    exact = can(current_user(), "raw_data")
    return render_template("dashboard/index.html", items=items, exact=exact,
                           min_cell=current_app.config["SURVEY_MIN_CELL"])


@bp.get("/<questionnaire_id>")
@permission_required("summaries")
def questionnaire(questionnaire_id):
    questionnaire = _questionnaire(questionnaire_id)
    try:
        audience, summary, scopes, wave, breakdown = _view(questionnaire)
    except NothingPublished:
        if wants_json():
            return jsonify({"questionnaire": questionnaire.id, "release": None})
        return render_template("dashboard/unpublished.html", questionnaire=questionnaire,
                               message=_(NOTHING_PUBLISHED), preview=_preview(questionnaire))
    first, second, comparison = _comparison(summary)
    rows = page_rows(summary, wave, breakdown)  # with the focus groups' column beside "all"
    # who took part and the measures' checks: the city's from the release shown, facilitators' from the latest
    shown = panels(questionnaire, summary.notes.get("release"))
    if wants_json():
        return jsonify({"questionnaire": questionnaire.id, "audience": audience, "waves": summary.waves,
                        "release": summary.notes.get("release"),
                        "wave": wave, "breakdown": breakdown, "min_cell": summary.min_cell,
                        "rows": records(rows),
                        "comparison": None if comparison is None else records(comparison),
                        "coverage": shown["coverage"], "checks": shown["checks"]})
    user = current_user()
    facilitator = {"audience": "facilitator"} if audience == "facilitator" else {}
    return render_template(
        "dashboard/questionnaire.html", questionnaire=questionnaire, summary=summary, audience=audience,
        scopes=scopes, wave=wave, breakdown=breakdown,
        form=filter_form(scopes, summary.waves, BREAKDOWN_LABELS, wave, breakdown, first, second),
        tables=question_tables(questionnaire, rows), first=first, second=second,
        comparison=None if comparison is None else plain_rows(comparison),
        args={"wave": wave, **facilitator}, download_args={"wave": wave, **facilitator},
        map_question=next((q for q in questionnaire.questions if q.type == "map"), None),
        basemap=_basemap, raw_allowed=can(user, "raw_data"), text_allowed=can(user, "free_text"),
        group_labels=_group_labels(questionnaire), release=summary.notes.get("release"),
        preview=_preview(questionnaire), measures_allowed=can(user, "measures"), panels=shown)


def _preview(questionnaire):
    """The publish preview for those who may publish (None for the city)."""
    if not can(current_user(), "campaigns"):
        return None
    from .publish import preview
    return preview(questionnaire)


def _group_labels(questionnaire):
    """Column headings of breakdown groups: place and age band names instead of ids."""
    labels = {p.id: p.label for p in questionnaire.places}
    labels[fg_merge.CHANNEL] = {"cs": _("Focus groups"), "en": _("Focus groups")}
    for question in questionnaire.questions:
        if question.type == "age_band":
            labels.update({o.value: o.label for o in question.options})
            break
    return labels


def _basemap(question):
    """The map question's basemap for the dashboard script: tiles, or the offline image."""
    basemap = dict(question.config.get("basemap") or {})
    if basemap.get("type") == "image" and basemap.get("file"):
        basemap["image"] = url_for("survey.map_image", filename=basemap["file"].split("/", 1)[1])
    return {k: basemap.get(k) for k in ("type", "url", "attribution", "image", "bounds")}


@bp.get("/<questionnaire_id>/charts/<question_id>.png")
@permission_required("summaries")
def chart(questionnaire_id, question_id):
    questionnaire = _questionnaire(questionnaire_id)
    audience, summary, scopes, wave, _breakdown = _published_view(questionnaire)
    if questionnaire.question(question_id) is None or question_id not in _questions_of(summary):
        abort(404)
    lang = current_lang()

    def draw():
        # the chart beside a table shows that table's numbers: all waves together is the pooled row
        waves = [wave] if wave in set(summary.table["wave"]) else summary.waves
        return charts.question_chart(summary.table, question_id, waves, lang=lang)
    if audience == "city":
        png = made_once(questionnaire.id, summary.notes["release"], chart_parts(question_id, wave, lang), draw)
    else:
        png = draw()
    return Response(png, mimetype="image/png")


def _questions_of(summary):
    """The questions a summary has rows for (a release view lists them without pandas)."""
    rows = getattr(summary, "rows", None)
    if rows is not None:
        return {row.question for row in rows}
    return set(summary.table["question"])


@bp.get("/<questionnaire_id>/grid.png")
@permission_required("summaries")
def grid_png(questionnaire_id):
    questionnaire = _questionnaire(questionnaire_id)
    audience, summary, scopes, wave, _breakdown = _published_view(questionnaire)
    question = next((q for q in questionnaire.questions if q.type == "map"), None)
    if question is None:
        abort(404)
    if audience == "city":
        png = made_once(questionnaire.id, summary.notes["release"], grid_parts(question.id, wave),
                        lambda: charts.grid_chart(summary.grid, question, wave))
    else:
        png = charts.grid_chart(summary.grid, question, wave)
    return Response(png, mimetype="image/png")


@bp.get("/<questionnaire_id>/grid.json")
@permission_required("summaries")
def grid_json(questionnaire_id):
    """The 100 m cells of the selected wave as GeoJSON polygons (for the map script)."""
    questionnaire = _questionnaire(questionnaire_id)
    audience, summary, scopes, wave, _breakdown = _published_view(questionnaire)
    return jsonify({"type": "FeatureCollection", "features": grid_features(summary, wave)})


def _city_job(questionnaire, wave):
    """An ExportJob whose summary is (a wave of) the chosen release: nothing computed."""
    if request.args.get("campaign"):
        raise ApiError(400, "bad_request", _("The city's files are published per wave, not per campaign."),
                       field="campaign")
    try:
        release, summary = _city_summary(questionnaire)
    except NothingPublished:
        raise ApiError(404, "not_published", _(NOTHING_PUBLISHED)) from None
    if wave not in (None, ALL) and wave not in summary.waves:
        raise ApiError(404, "unknown_wave", _("There is no wave %(wave)s in this questionnaire's responses.",
                                             wave=wave), field="wave")
    return city_job(questionnaire, release, summary, wave, request.args.get("dialect", DEFAULT_DIALECT))


@bp.get("/<questionnaire_id>/download/<format_name>")
@permission_required("summaries")
def download(questionnaire_id, format_name):
    questionnaire = _questionnaire(questionnaire_id)
    exporter = EXPORTERS.get(format_name)
    if exporter is None:
        abort(404)
    user = current_user()
    if exporter.kind == RAW and not can(user, "raw_data"):
        raise ApiError(403, "forbidden", _("Raw data is only for facilitators."))
    include_text = request.args.get("include_text") == "1"
    if include_text and not can(user, "free_text"):
        raise ApiError(403, "forbidden", _("Free-text answers are only for facilitators."))
    audience = "facilitator" if exporter.kind == RAW else audience_for(user, request.args.get("audience"))
    wave = request.args.get("wave") or None
    part = request.args.get("part", "")
    if part not in exporter.parts:
        raise ApiError(404, "not_found", _("This file does not exist."), field="part")
    try:
        if audience == "city":
            job = _city_job(questionnaire, wave)
        else:
            job = job_for(questionnaire, audience, campaign=request.args.get("campaign") or None,
                          wave=None if wave == ALL else wave, include_text=include_text,
                          dialect=request.args.get("dialect", DEFAULT_DIALECT))
            if exporter.kind != RAW:  # the measures' sheets, from every release so far
                add_measures(job, questionnaire)
        if audience == "city":  # a release's file, with the measures recorded since in its key
            data = made_once(questionnaire.id, job.release["number"],
                             download_parts(format_name, wave, part, job, current_lang()),
                             lambda: dict(export(format_name, job, part))[part])
        else:
            data = dict(export(format_name, job, part))[part]
    except ExportError as exc:
        raise ApiError(400, "bad_request", str(exc)) from None
    name = file_name(questionnaire.id, None if wave == ALL else wave, format_name, date.today().isoformat(), part)
    return Response(data, content_type=exporter.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "no-store"})
