"""The stored responses for facilitators: /admin/responses (questionnaires with their
number of responses, a menu entry) and /admin/responses/<id> (a filtered, paginated
list linking to each response's detail page, where it can be flagged). Both have a
JSON twin. Summaries only: no answer text on these pages."""
import re

from flask import jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...fieldwork import safeguarding
from ..admin.nav import nav_entry
from ..auth.access import permission_required
from ...fieldwork.campaigns import CHANNEL_KINDS
from ..errors import N_, ApiError, wants_json
from ..extensions import get_storage
from ..i18n import current_lang
from ...questionnaire.model import text
from ...web.registry import get_registry
from . import response_list as rl
from .common import bp, questionnaire_or_404

# Stored `channel` -> its name on screen (translated in the template).
CHANNEL_LABELS = {rl.WEB: N_("Web"), **{kind: k.label for kind, k in CHANNEL_KINDS.items()}}
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


@bp.get("/admin/responses")
@nav_entry(_l(N_("Responses")), _l(N_("Read single responses and flag those that need attention.")))
@permission_required("raw_data")
def responses_index():
    storage, lang = get_storage(), current_lang()
    items = [{"id": q.id, "title": text(q.title, lang), "responses": storage.count_responses(q.id),
              "url": url_for(".responses_list", questionnaire_id=q.id)} for q in get_registry().all()]
    if wants_json():
        return jsonify(items)
    return render_template("responses/index.html", items=items)


def _filters() -> tuple[str | None, str | None, int]:
    """(wave, channel, page) from the query string; 400 as ApiError when bad."""
    wave = request.args.get("wave") or None
    channel = request.args.get("channel") or None
    if channel is not None and channel not in rl.CHANNELS:
        raise ApiError(400, "bad_request", _("Channel: there is no channel “%(value)s” (use one of: %(choices)s).",
                                             value=channel, choices=", ".join(rl.CHANNELS)))
    raw_page = request.args.get("page") or "1"
    if not PAGE_NUMBER.fullmatch(raw_page):
        raise ApiError(400, "bad_request", _("Page: give a whole number from 1 (not “%(value)s”).",
                                             value=raw_page))
    return wave, channel, int(raw_page)


@bp.get("/admin/responses/<questionnaire_id>")
@permission_required("raw_data")
def responses_list(questionnaire_id):
    questionnaire = questionnaire_or_404(questionnaire_id)
    wave, channel, number = _filters()
    storage = get_storage()
    responses = storage.responses(questionnaire_id)
    waves, channels = rl.filter_options(responses)
    try:
        page = rl.paginate(rl.select(responses, wave, channel), number)
    except rl.NoSuchPage as exc:
        raise ApiError(404, "not_found", _("There is no page %(page)d (number of pages: %(pages)d).",
                                           page=exc.number, pages=exc.pages)) from None
    flagged = safeguarding.flagged_responses(storage, questionnaire_id)
    test_runs = storage.test_runs(questionnaire_id)
    test_run_ids = {r["id"] for r in page.items if r.get("submission_id") in test_runs}
    rows = [{**rl.summary(questionnaire, r, flagged),
             "url": url_for(".response_detail", questionnaire_id=questionnaire_id, response_id=r["id"])}
            for r in page.items]

    def page_url(n):
        return url_for(".responses_list", questionnaire_id=questionnaire_id, wave=wave, channel=channel,
                       page=n if n > 1 else None)
    links = {"prev": page_url(number - 1) if page.has_prev else None,
             "next": page_url(number + 1) if page.has_next else None}
    if wants_json():
        return jsonify({"questionnaire_id": questionnaire_id, "page": page.number, "pages": page.pages,
                        "per_page": page.per_page, "total": page.total,
                        "filters": {"wave": wave, "channel": channel}, "waves": waves, "channels": channels,
                        "responses": rows, **links})
    return render_template("responses/list.html", q=questionnaire, page=page, rows=rows, links=links,
                           wave=wave, channel=channel, waves=waves, channels=channels,
                           channel_labels=CHANNEL_LABELS, test_run_ids=test_run_ids)


@bp.post("/admin/responses/<questionnaire_id>/<response_id>/test-run")
@permission_required("raw_data")
def response_test_run(questionnaire_id, response_id):
    """Mark a response as a test run (test_run=1) or not (0): kept, never released,
    left out of the facilitators' live counts."""
    questionnaire_or_404(questionnaire_id)
    flag = request.form.get("test_run", "1")
    if flag not in ("0", "1"):
        raise ApiError(400, "bad_request", _("test_run: give 1 or 0."), field="test_run")
    storage = get_storage()
    record = next((r for r in storage.responses(questionnaire_id) if str(r.get("id")) == response_id), None)
    if record is None:
        raise ApiError(404, "not_found", _("There is no such response."), field="response_id")
    storage.mark_test_run(questionnaire_id, record["submission_id"], flag == "1")
    if wants_json():
        return jsonify({"response_id": response_id, "test_run": flag == "1"})
    return redirect(url_for(".responses_list", questionnaire_id=questionnaire_id), code=303)
