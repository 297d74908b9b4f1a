"""Hardening, checked over the whole app: CSRF on every form POST (read from url_map,
so routes added later are covered), security headers on every kind of response, no
inline script or style anywhere, session cookie flags, rate limits and ProxyFix, and
logs that never hold what respondents typed."""
import html
import json
import logging
import re
import uuid
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survey_app import create_app
from survey_app.web.config import ConfigError
from tests.conftest import TEST_PASSWORD

TEMPLATES = Path(__file__).resolve().parents[2] / "survey_app" / "web" / "templates"
CSRF_MESSAGE_CS = "Platnost formuláře vypršela. Vraťte se prosím, načtěte stránku znovu a zkuste to ještě jednou."
# Converter -> a value that matches it, so that the rule (and the CSRF check) is reached.
DUMMIES = {"IntegerConverter": 1, "FloatConverter": 1.0, "UUIDConverter": uuid.UUID(int=1)}
NAMED = {"questionnaire_id": "deti-bezpeci", "screen_id": "vek", "filename": "css/app.css"}


def url_for_rule(app, rule, method):
    values = {}
    for name, converter in rule._converters.items():
        if hasattr(converter, "items"):  # AnyConverter
            values[name] = sorted(converter.items)[0]
        else:
            values[name] = DUMMIES.get(type(converter).__name__, NAMED.get(name, "x"))
    with app.test_request_context():
        return app.url_map.bind("localhost").build(rule.endpoint, values, method=method)


def form_post_rules(app):
    """Every rule that takes POST, outside the JSON API (/api/ is CSRF-exempt by design)."""
    return sorted((rule for rule in app.url_map.iter_rules()
                   if "POST" in rule.methods and not rule.rule.startswith("/api/")), key=lambda r: r.rule)


# --- CSRF ------------------------------------------------------------------------------

def test_form_post_rules__include_the_known_forms(csrf_app):
    endpoints = {rule.endpoint for rule in form_post_rules(csrf_app)}
    assert {"survey.begin", "survey.screen", "auth.login"} <= endpoints


@pytest.mark.parametrize("session", ["anonymous", "admin"])
def test_every_form_post__no_csrf_token__400_form_expired(csrf_app, login_as, session):
    client = csrf_app.test_client()
    if session == "admin":
        login_as("admin", client=client)  # a logged-in victim is what CSRF attacks
    refused = {}
    for rule in form_post_rules(csrf_app):
        url = url_for_rule(csrf_app, rule, "POST")
        response = client.post(url, data={"name": "x", "action": "next"},
                               headers={"Accept": "text/html"})
        refused[url] = (response.status_code, CSRF_MESSAGE_CS in response.get_data(as_text=True))
    assert refused == {url: (400, True) for url in refused}


def test_every_form_post__wrong_csrf_token__400(csrf_app):
    client = csrf_app.test_client()
    client.get("/s/deti-bezpeci")
    for rule in form_post_rules(csrf_app):
        response = client.post(url_for_rule(csrf_app, rule, "POST"), data={"csrf_token": "forged"})
        assert response.status_code == 400, rule.rule


def test_form_post__valid_token__accepted(csrf_app):
    client = csrf_app.test_client()
    page = client.get("/s/deti-bezpeci").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/s/deti-bezpeci/start", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"] == "/s/deti-bezpeci/q/vek"


def test_api_submit__csrf_exempt_but_size_limited(csrf_app):
    client = csrf_app.test_client()
    url = "/api/v1/questionnaires/deti-bezpeci/responses"
    ok = client.post(url, json={"submission_id": str(uuid.uuid4()), "answers": {"vek": "8-11"}})
    assert ok.status_code == 201
    big = json.dumps({"submission_id": str(uuid.uuid4()), "answers": {"x": "a" * 70_000}})
    too_large = client.post(url, data=big, content_type="application/json")
    assert too_large.status_code == 413 and too_large.get_json()["error"] == "too_large"


# --- security headers ---------------------------------------------------------------------

def check_headers(response, where):
    csp = response.headers.get("Content-Security-Policy", "")
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives.get("default-src") == "'self'", where
    assert directives.get("frame-ancestors") == "'none'", where
    assert directives.get("script-src") == "'self'", where  # no 'unsafe-inline', no CDN
    assert directives.get("style-src") == "'self'", where
    assert "https://tile.openstreetmap.org" in directives.get("img-src", ""), where  # dospeli's tiles
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    assert response.headers.get("Referrer-Policy") == "same-origin", where


@pytest.mark.parametrize("method, path, status", [
    ("GET", "/", 200),
    ("GET", "/s/deti-bezpeci", 200),
    ("GET", "/s/deti-bezpeci/dekujeme", 302),
    ("GET", "/s/neni-takovy", 404),
    ("GET", "/login", 200),
    ("GET", "/admin/", 302),
    ("GET", "/api/v1/questionnaires", 200),
    ("GET", "/api/v1/questionnaires/neni-takovy", 404),
    ("POST", "/api/v1/questionnaires/deti-bezpeci/responses", 415),
    ("GET", "/s/deti-bezpeci/start", 405),
    ("POST", "/s/deti-bezpeci/start", 400),  # CSRF refusal
    ("GET", "/static/css/app.css", 200),
    ("GET", "/static/js/survey.js", 200),
    ("GET", "/static/neni.css", 404),
    ("GET", "/maps/janov.png", 200),
    ("GET", "/maps/../secret_key", 404),
])
def test_security_headers__every_kind_of_response(csrf_app, method, path, status):
    response = csrf_app.test_client().open(path, method=method, data=b"not json" if method == "POST" else None)
    assert response.status_code == status
    check_headers(response, path)


def test_security_headers__unexpected_error_500__headers_and_no_traceback(app_config, caplog):
    app = create_app({**app_config, "PROPAGATE_EXCEPTIONS": False})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/boom", headers={"Accept": "text/html"})
    assert response.status_code == 500
    check_headers(response, "/boom")
    assert "secret detail" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)
    assert "secret detail" in caplog.text  # but the operator sees it in the log


# --- no inline script or style --------------------------------------------------------------

INLINE = [
    (re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I), "a <script> without src"),
    (re.compile(r"<script[^>]*>[^<]+</script>", re.I), "code inside <script>"),
    (re.compile(r"<style[\s>]", re.I), "a <style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "a style= attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an on...= event handler"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def inline_problems(text):
    return [f"{why}: {match.group(0)[:80]!r}" for pattern, why in INLINE for match in pattern.finditer(text)]


def test_templates__source__no_inline_script_or_style():
    found = {str(path.relative_to(TEMPLATES)): inline_problems(path.read_text(encoding="utf-8"))
             for path in sorted(TEMPLATES.rglob("*.html"))}
    assert {name: problems for name, problems in found.items() if problems} == {}
    assert len(found) >= 10


@pytest.mark.parametrize("session", ["anonymous", "admin"])
def test_rendered_pages__every_get_route__no_inline_script_or_style(app, client, login_as, make_response, session):
    make_response(vek="8-11", bezpeci_den=4)
    if session == "admin":
        login_as("admin")
    rendered = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(("/static", "/maps")):
            continue
        url = url_for_rule(app, rule, "GET")
        response = client.get(url, headers={"Accept": "text/html"})
        assert response.status_code != 500, url
        if response.mimetype == "text/html":
            rendered[url] = inline_problems(response.get_data(as_text=True))
    for path in ("/s/deti-bezpeci/q/vek", "/s/dospeli-bezpeci/q/mapa_stranka"):  # screens of a run
        client.post(path.rsplit("/q/", 1)[0] + "/start")
        rendered[path] = inline_problems(client.get(path).get_data(as_text=True))
    assert {url: problems for url, problems in rendered.items() if problems} == {}
    assert len(rendered) >= 8


# --- session cookie ---------------------------------------------------------------------------

def session_cookie(app):
    response = app.test_client().get("/s/deti-bezpeci?lang=en")  # stores the language choice
    [cookie] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")]
    return {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")[1:]}


def test_session_cookie__https_base_url__httponly_samesite_secure(app_config):
    flags = session_cookie(create_app({**app_config, "BASE_URL": "https://bezpeci.example.cz"}))
    assert flags["httponly"] == "HttpOnly" and flags["samesite"] == "SameSite=Lax" and flags["secure"] == "Secure"


def test_session_cookie__plain_http__httponly_samesite_not_secure(app_config):
    flags = session_cookie(create_app({**app_config, "BASE_URL": "http://127.0.0.1:5000"}))
    assert flags["httponly"] == "HttpOnly" and flags["samesite"] == "SameSite=Lax" and "secure" not in flags


# --- logs -----------------------------------------------------------------------------------

def test_logs__submits_valid_invalid_and_failing__never_contain_the_answers(app, client, storage, caplog, monkeypatch):
    secret = "Pepa-z-Janova-bydli-ve-trojce-7f3a"
    caplog.set_level(logging.DEBUG)
    url = "/api/v1/questionnaires/deti-bezpeci/responses"
    answers = {"vek": "8-11", "prani": secret}
    submitted = [
        client.post(url, json={"submission_id": str(uuid.uuid4()), "answers": {"vek": "8-11", "x": secret}}),
        client.post(url, data="{" + secret, content_type="application/json"),
        client.post(url, json={"submission_id": str(uuid.uuid4()), "answers": {"vek": secret}}),
    ]
    client.post("/s/deti-bezpeci/start")
    submitted.append(client.post("/s/deti-bezpeci/q/vek", data={"vek": secret, "action": "next"}))

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.write", full_disk)
    submitted.append(client.post(url, json={"submission_id": str(uuid.uuid4()), "answers": answers}))
    monkeypatch.undo()

    assert [r.status_code for r in submitted] == [422, 400, 422, 422, 503]
    assert "storage unavailable" in caplog.text  # something was logged...
    for record in caplog.records:  # ...but never what was typed, nor the body
        assert secret not in record.getMessage(), record.getMessage()
        assert secret not in repr(record.args)


# --- rate limits and ProxyFix ------------------------------------------------------------------

def limited_app(app_config, **config):
    return create_app({**app_config, "RATELIMIT_ENABLED": True, "SUBMIT_RATE_LIMIT": "3/minute", **config})


def submit(client, **kwargs):
    return client.post("/api/v1/questionnaires/deti-bezpeci/responses?lang=en",
                       json={"submission_id": str(uuid.uuid4()), "answers": {"vek": "8-11"}}, **kwargs)


def test_submit_rate_limit__over_the_limit__429_json_other_address_unaffected(app_config):
    client = limited_app(app_config).test_client()
    statuses = [submit(client).status_code for _ in range(4)]
    assert statuses == [201, 201, 201, 429]
    refused = submit(client)
    assert refused.get_json() == {"error": "too_many_requests",
                                  "message": "Too many attempts. Please wait a moment and try again."}
    assert submit(client, environ_base={"REMOTE_ADDR": "192.0.2.8"}).status_code == 201


def test_submit_rate_limit__default_generous_and_env_setting(app_config, monkeypatch):
    assert create_app(app_config).config["SUBMIT_RATE_LIMIT"] == "300/minute"
    monkeypatch.setenv("SURVEY_SUBMIT_RATE_LIMIT", "2/second")
    assert create_app(app_config).config["SUBMIT_RATE_LIMIT"] == "2/second"


def test_submit_rate_limit__several_limits__each_one_holds(app_config):
    # "600/minute;10000/day" is documented; until now only the first limit was counted.
    client = limited_app(app_config, SUBMIT_RATE_LIMIT="100/minute;2/hour").test_client()
    assert [submit(client).status_code for _ in range(3)] == [201, 201, 429]


def test_submit_rate_limit__not_a_limit__the_app_does_not_start(app_config, monkeypatch):
    monkeypatch.setenv("SURVEY_SUBMIT_RATE_LIMIT", "300 za minutu")
    with pytest.raises(ConfigError, match="SURVEY_SUBMIT_RATE_LIMIT='300 za minutu' is not a rate limit"):
        create_app(app_config)


def test_rate_limits__no_hook_runs_on_requests_that_count_nothing(app_config):
    # Flask-Limiter's before/after/teardown hooks cost a tenth of every submit.
    app = limited_app(app_config)
    hooks = [f for funcs in (app.before_request_funcs, app.after_request_funcs, app.teardown_request_funcs)
             for f in funcs.get(None, [])]
    assert not [f for f in hooks if "limit" in repr(f).lower()]


def test_proxy_fix__off_by_default__forwarded_for_cannot_dodge_the_limit(app_config):
    client = limited_app(app_config).test_client()
    statuses = [submit(client, headers={"X-Forwarded-For": f"198.51.100.{i}"}).status_code for i in range(4)]
    assert statuses == [201, 201, 201, 429]


def test_proxy_fix__one_proxy__client_address_and_scheme_from_the_proxy(app_config):
    app = limited_app(app_config, PROXY_FIX=1)

    @app.get("/whoami")
    def whoami():
        from flask import request, url_for
        return {"addr": request.remote_addr, "url": url_for("survey.index", _external=True)}

    client = app.test_client()
    seen = client.get("/whoami", headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https",
                                          "X-Forwarded-Host": "bezpeci.example.cz"}).get_json()
    assert seen == {"addr": "203.0.113.9", "url": "https://bezpeci.example.cz/"}
    # Each child behind the proxy has its own bucket; the proxy's own address is not shared.
    first = [submit(client, headers={"X-Forwarded-For": "203.0.113.1"}).status_code for _ in range(4)]
    other = submit(client, headers={"X-Forwarded-For": "203.0.113.2"}).status_code
    assert first == [201, 201, 201, 429] and other == 201


@pytest.mark.parametrize("value", ["-1", "yes"])
def test_proxy_fix__bad_setting__refuses_to_start_saying_why(app_config, monkeypatch, value):
    monkeypatch.setenv("SURVEY_PROXY_FIX", value)
    with pytest.raises(ConfigError, match="SURVEY_PROXY_FIX"):
        create_app(app_config)


# --- nothing identifying in what is stored ---------------------------------------------------------

def test_survey_form__finished_run__no_address_or_user_agent_stored(client, storage):
    headers = {"User-Agent": "Tablet-Libuse-03", "X-Forwarded-For": "10.9.8.7"}
    environ = {"REMOTE_ADDR": "192.0.2.77"}
    client.post("/s/deti-bezpeci/start", headers=headers, environ_base=environ)
    location = "/s/deti-bezpeci/q/vek"
    for _ in range(30):  # answer the first screen, skip the rest
        response = client.post(location, data={"vek": "8-11", "action": "next"}, headers=headers,
                               environ_base=environ)
        location = response.headers.get("Location", location)
        if location.endswith("/dekujeme"):
            break
    assert location.endswith("/dekujeme")
    raw = b"".join(path.read_bytes() for path in storage.data_dir.rglob("*") if path.is_file())
    for needle in (b"Tablet-Libuse-03", b"10.9.8.7", b"192.0.2.77"):
        assert needle not in raw


# --- no facilitator data for anonymous visitors or the city -------------------------------------

MARKERS = {
    "facilitator e-mail": "marker.facilitator@example.org",
    "focus-group facilitators": "Markéta Značková",
    "focus-group notes": "ZNACKA-POZNAMKA-7Q",
    "focus-group quote": "ZNACKA-CITACE-7Q",
    "child's free text (sensitive)": "ZNACKA-PRANI-7Q",
    "map comment (sensitive)": "ZNACKA-KOMENTAR-7Q",
}


def bodies_of(response):
    """The response body as text, and the text of every member when it is a zip (xlsx)."""
    import io
    import zipfile
    data = response.get_data()
    texts = [data.decode("utf-8", "replace")]
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            texts += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    return texts


def seed_facilitator_data(app, storage, users, make_response):
    from survey_app.fieldwork import campaigns
    from survey_app.fieldwork import focus_groups as fg
    users(MARKERS["facilitator e-mail"], "facilitator")
    campaign, [channel] = campaigns.create_campaign(storage, "deti-bezpeci", "2026-jaro",
                                                    channels=[("focus_group", "Libuše")])
    spec = fg.spec_for(app.extensions["survey_registry"].get("deti-bezpeci"))
    session = {"date": "2026-03-12", "place": "Sousedský dům Libuše", "facilitators": MARKERS["focus-group facilitators"],
               "comp__8-11__girl": "3", "comp__8-11__boy": "3", "parental_consents": "6", "assents": "6",
               "consent_confirmed": "y", "free_notes": MARKERS["focus-group notes"],
               "campaign_id": str(campaign["id"])}
    record = fg.create_session(storage, spec, fg.parse_session(session, spec, {campaign["id"]: campaign}.get),
                               MARKERS["facilitator e-mail"])
    _, note_id = fg.add_note(storage, record["id"], fg.parse_note(
        {"lat": "50.5931", "lon": "13.5662", "category": "drogy", "experience": "heard", "agreed": "4",
         "quote": MARKERS["focus-group quote"], "age_band": "12-14"}, spec, record), MARKERS["facilitator e-mail"])
    responses = [make_response(vek="8-11", bezpeci_den=n % 5 + 1, prani=MARKERS["child's free text (sensitive)"],
                               mapa=[{"lat": 50.5931, "lon": 13.5662, "category": "drogy", "feeling": "unsafe",
                                      "comment": MARKERS["map comment (sensitive)"]}])
                 for n in range(12)]
    return {"questionnaire_id": "deti-bezpeci", "campaign_id": campaign["id"], "channel_id": channel["id"],
            "token": channel["token"], "fg_id": record["id"], "note_id": note_id, "response_id": responses[0]["id"]}


def scan_get_routes(app, client, known):
    """{url: (status, [kinds of marker found])} for every GET route with real ids, plus
    query parameters that ask for more than a city user may see."""
    seen = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(("/static", "/maps")):
            continue
        any_items = [sorted(c.items) for c in rule._converters.values() if hasattr(c, "items")] or [[None]]
        for item in any_items[0]:  # every format of a <any(...)> route
            values = {name: item if hasattr(converter, "items") else known.get(
                name, DUMMIES.get(type(converter).__name__, NAMED.get(name, "x")))
                for name, converter in rule._converters.items()}
            with app.test_request_context():
                url = app.url_map.bind("localhost").build(rule.endpoint, values)
            for query in ("", "?include_text=1&audience=facilitator&wave=all"):
                response = client.get(url + query, headers={"Accept": "text/html"})
                assert response.status_code != 500, url + query  # 503 "set BASE_URL" is an answer
                leaks = [what for what, marker in MARKERS.items()
                         if any(marker in text for text in bodies_of(response))]
                seen[url + query] = (response.status_code, leaks)
    return seen


@pytest.mark.parametrize("who", ["anonymous", "city"])
def test_every_get_route__anonymous_or_city__no_facilitator_data(app, client, storage, users, login_as,
                                                                 make_response, who):
    known = seed_facilitator_data(app, storage, users, make_response)
    if who == "city":
        login_as("city")
    seen = scan_get_routes(app, client, known)
    assert {url: found for url, found in seen.items() if found[1]} == {}
    assert len(seen) >= 40


def test_every_get_route__admin__the_scan_does_reach_the_data(app, client, storage, users, login_as, make_response):
    """The control: the same scan as an admin finds every marker, so the scan above
    would see a leak if there were one."""
    known = seed_facilitator_data(app, storage, users, make_response)
    login_as("admin")
    found = {kind for _, kinds in scan_get_routes(app, client, known).values() for kind in kinds}
    assert found == set(MARKERS)


# ---- JS: no HTML sink fed with data (issue 13, finding 2) ----------------------------------------

JS_DIR = Path(__file__).resolve().parents[2] / "survey_app" / "static" / "js"
# Where a string becomes HTML: DOM writes and the Leaflet calls and options that use innerHTML.
JS_SINK_RE = re.compile(r"\.(?:innerHTML|outerHTML)\s*\+?=(?!=)|\binsertAdjacentHTML\s*\(|\bdocument\.write(?:ln)?\s*\("
                        r"|\.(?:bindPopup|bindTooltip|setContent|setPrefix|addAttribution)\s*\("
                        r"|\battribution\s*:|\bhtml\s*:|\bL\.control\.layers\s*\(")
JS_ESCAPERS = ("esc", "escapeHtml", "text", "textElement", "document.createTextNode")
# Sinks whose argument is a variable that was escaped before (reviewed by hand; the reason
# says where). A new sink, or a changed line, fails until it is escaped or reviewed.
JS_REVIEWED = {
    ("map.js", "return L.imageOverlay(url, basemap.bounds || cfg.bounds, {attribution: credit}).addTo(map);"):
        "credit is the escapeHtml(basemap.attribution) of line 70",
    ("map.js", "var tiles = L.tileLayer(basemap.url, {attribution: attribution, maxZoom: 19});"):
        "attribution = escapeHtml(basemap.attribution) on line 70",
    ("map.js", "var icon = L.divIcon({html: pin, className: \"map-pin-box\", iconSize: [48, 60], iconAnchor: [24, 60]});"):
        "pin is a DOM element built with el(); Leaflet appends elements, no HTML parsing",
    ("fg_map.js", "L.control.layers(bases, overlays).addTo(map);"):
        "the layer names (object keys) are esc(cfg.texts.town) and esc(photo.label)",
    ("dashboard.js", "layer.bindPopup(\"<strong>\" + f.properties.n + \" \" + text(label) + \"</strong><br>\" + lines.join(\"<br>\"));"):
        "n is the cell count (a number from the grid JSON); lines are text(name) + ': ' + a count",
}


def _js_argument(source: str, start: int) -> str:
    """The expression from `start` up to the first ',', ')', '}' or ';' at depth 0."""
    depth, index, quote = 0, start, None
    while index < len(source):
        char = source[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}" and depth:
            depth -= 1
        elif char in ",)};" and depth == 0:
            break
        index += 1
    return source[start:index].strip()


def _js_safe(expression: str) -> bool:
    """True for string literals, numbers, false/null and escaper calls joined with '+'."""
    terms, depth, current, quote = [], 0, "", None
    for char in expression:
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "+" and depth == 0:
            terms.append(current.strip())
            current = ""
            continue
        current += char
    terms.append(current.strip())
    literal = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|-?\d+(?:\.\d+)?|false|null')
    escaped = re.compile(rf"(?:{'|'.join(re.escape(e) for e in JS_ESCAPERS)})\(.*\)", re.S)
    return all(literal.fullmatch(term) or escaped.fullmatch(term) for term in terms)


def js_sinks_fed_with_data():
    found = []
    for path in sorted(JS_DIR.glob("*.js")):
        source = path.read_text(encoding="utf-8")
        for match in JS_SINK_RE.finditer(source):
            line_no = source.count("\n", 0, match.start()) + 1
            line = source.splitlines()[line_no - 1].strip()
            if line.startswith("//") or line.startswith("*") or (path.name, line) in JS_REVIEWED:
                continue
            if not _js_safe(_js_argument(source, match.end())):
                found.append(f"{path.name}:{line_no}: {line}")
    return found


def test_js__html_sinks__only_escaped_text_or_reviewed():
    assert js_sinks_fed_with_data() == []


def test_js_sink_scan__finds_the_fg_map_sinks_of_old():
    assert not _js_safe('bm.attribution || ""')
    assert not _js_safe('note.label + " (" + cfg.texts.agreed + ")"')
    assert _js_safe('esc(bm.attribution || "")') and _js_safe('""') and _js_safe('textElement(a + b)')
    assert _js_argument('x.bindTooltip(note.label + " (" + a + ")").addTo(map)', len("x.bindTooltip(")) == \
        'note.label + " (" + a + ")"'


def test_js_reviewed_sinks__still_present_as_written():
    for (name, line), _reason in JS_REVIEWED.items():
        assert line in (JS_DIR / name).read_text(encoding="utf-8"), (name, line)


# ---- input cleaned at the door (finding 4) --------------------------------------------------------

UNSTORABLE = [("\\ud800", "D800"), ("\\udfff", "DFFF"), ("\\uffff", "FFFF"), ("\\ufffe", "FFFE"),
              ("\\u0000", "0000"), ("\\u000b", "000B"), ("\\u001f", "001F")]


def cannot_store(field, code, lang="cs"):
    if lang == "en":
        return f"The field '{field}' contains a character that cannot be stored (U+{code})."
    return f"Pole „{field}“ obsahuje znak, který nelze uložit (U+{code})."


@pytest.mark.parametrize("escape, code", UNSTORABLE)
def test_api_submit__unstorable_character_in_json__422_names_the_field(client, storage, escape, code):
    body = ('{"submission_id": "%s", "lang": "cs", "answers": {"vek": "8-11", "kde": [{"lat": 50.59, '
            '"lon": 13.56, "category": "drogy", "comment": "x%sy"}]}}' % (uuid.uuid4(), escape))
    response = client.post("/api/v1/questionnaires/deti-bezpeci/responses", data=body,
                           content_type="application/json")
    assert response.status_code == 422
    message = cannot_store("answers.kde[0].comment", code)
    assert response.get_json() == {"error": "invalid_text", "message": message,
                                   "errors": {"answers.kde[0].comment": message}}
    assert storage.responses("deti-bezpeci") == []


def test_api_submit__unstorable_key__422_shows_it_escaped(client):
    body = '{"submission_id": "%s", "answers": {"a\\ud800": 1}}' % uuid.uuid4()
    response = client.post("/api/v1/questionnaires/deti-bezpeci/responses?lang=en", data=body,
                           content_type="application/json")
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"answers.a\\ud800": cannot_store("answers.a\\ud800", "D800", "en")}


def test_api_submit__rtl_mark_and_newline__accepted(client):
    body = {"submission_id": str(uuid.uuid4()), "answers": {"vek": "8-11", "prani": "a\u200fb\u202ec\r\nd\te"}}
    assert client.post("/api/v1/questionnaires/deti-bezpeci/responses", json=body).status_code in (200, 201)


@pytest.mark.parametrize("char, code", [("\x00", "0000"), ("\uffff", "FFFF"), ("\x08", "0008")])
def test_html_form__unstorable_character__422_page_names_the_field(client, storage, char, code):
    client.get("/s/deti-bezpeci?lang=en")
    response = client.post("/s/deti-bezpeci/1?lang=en", data={"prani": f"x{char}", "action": "next"})
    assert response.status_code == 422
    assert cannot_store("prani", code, "en") in html.unescape(response.get_data(as_text=True))


def test_query_string__unstorable_character__422(client):
    response = client.get("/?q=%EF%BF%BF", headers={"Accept": "application/json"})
    assert (response.status_code, response.get_json()["errors"]) == (422, {"q": cannot_store("q", "FFFF")})


def test_focus_group_note__nul_in_quote__422_and_nothing_stored(app, client, login_as, focus_group_record, storage):
    from survey_app.fieldwork import focus_groups as fg
    facilitator = login_as("facilitator")
    note = {"lat": "50.5931", "lon": "13.5662", "category": "drogy", "experience": "heard", "agreed": "4",
            "quote": "U garáží\x00"}
    response = facilitator.post(f"/admin/focus-groups/{focus_group_record['id']}/notes", data=note)
    assert response.status_code == 422
    assert cannot_store("quote", "0000") in html.unescape(response.get_data(as_text=True))
    assert fg.get_session(storage, focus_group_record["id"])["notes"] == []


def test_questionnaire_upload__escaped_unstorable_character__refused_with_line(login_as, questionnaires_dir):
    import io
    facilitator = login_as("facilitator")
    text = (questionnaires_dir / "deti-bezpeci.yaml").read_text(encoding="utf-8")
    text = text.replace("id: deti-bezpeci", "id: zkouska", 1)
    first_label = text.index("label: {cs: ")
    text = text[:first_label] + 'label: {cs: "x\\uffff", en: x}\n' + text[text.index("\n", first_label) + 1:]
    line = text[:first_label].count("\n") + 1
    response = facilitator.post("/admin/questionnaires?lang=en", data={"file": (io.BytesIO(text.encode()), "zkouska.yaml")},
                                content_type="multipart/form-data")
    assert response.status_code == 422
    assert (f"zkouska.yaml:{line}: the text contains the character U+FFFF, which cannot be stored: remove it"
            in html.unescape(response.get_data(as_text=True)))


# ---- submit API content type, submitted_at (findings 7, 8) ----------------------------------------

@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                                          None, "application/json-patch+json"])
def test_api_submit__not_application_json__415_nothing_stored(client, storage, content_type):
    body = json.dumps({"submission_id": str(uuid.uuid4()), "answers": {"vek": "8-11"}})
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/api/v1/questionnaires/deti-bezpeci/responses?lang=en", data=body, headers=headers)
    assert response.status_code == 415
    assert response.get_json() == {"error": "unsupported_media_type",
                                   "message": "Send the body as JSON with the header Content-Type: application/json."}
    assert storage.responses("deti-bezpeci") == []


def test_api_submit__json_with_charset__accepted(client):
    body = json.dumps({"submission_id": str(uuid.uuid4()), "answers": {"vek": "8-11"}})
    response = client.post("/api/v1/questionnaires/deti-bezpeci/responses", data=body,
                           headers={"Content-Type": "application/json; charset=utf-8"})
    assert response.status_code == 201


def test_submitted_at__stored_to_the_minute(client, storage, monkeypatch):
    from survey_app.responses import submissions
    body = {"submission_id": str(uuid.uuid4()), "answers": {"vek": "8-11"}}
    client.post("/api/v1/questionnaires/deti-bezpeci/responses", json=body)
    stamp = storage.responses("deti-bezpeci")[0]["submitted_at"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:00Z", stamp)
    assert submissions.to_minute("2026-03-12T15:05:42Z") == "2026-03-12T15:05:00Z"


# ---- CSP: fixed text plus validated origins (finding 2) -------------------------------------------

@pytest.mark.parametrize("url, origin", [
    ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
    ("https://{s}.tile.example.cz:8443/{z}/{x}/{y}.png", "https://*.tile.example.cz:8443"),
    ("https://tiles.example; script-src * 'unsafe-inline'; x/{z}/{x}/{y}.png", None),
    ("http://tile.example/{z}/{x}/{y}.png", None),
    ("https://a b.example/{z}/{x}/{y}.png", None),
    ("https://user@tile.example/{z}/{x}/{y}.png", None),
    ("https://tile.example:99999/{z}/{x}/{y}.png", None),
    ("https://tile.example,'unsafe-eval'/{z}", None),
    ("javascript:alert(1)", None),
    (None, None),
])
def test_csp_tile_origin__only_plain_https_origins(url, origin):
    from survey_app.web.security import tile_origin
    assert tile_origin(url) == origin


def test_csp__malicious_tile_url_in_config__not_in_the_policy():
    from types import SimpleNamespace

    from survey_app.web.security import content_security_policy
    evil = SimpleNamespace(config={"basemap": {"url": "https://tiles.example; script-src * 'unsafe-inline'; x/{z}/{x}/{y}.png"}})
    good = SimpleNamespace(config={"basemap": {"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png"}})
    policy = content_security_policy([SimpleNamespace(questions=[evil, good])])
    assert policy == ("default-src 'self'; img-src 'self' data: blob: https://tile.openstreetmap.org; "
                      "script-src 'self'; style-src 'self'; font-src 'self'; connect-src 'self'; "
                      "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


# ---- HTTPS behind a proxy: token + Origin, strict referrer policy (finding 1) ---------------------

def proxied_app(app_config):
    return create_app({**app_config, "WTF_CSRF_ENABLED": True, "PROXY_FIX": 1})


HTTPS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.1"}


@pytest.mark.parametrize("extra, status", [
    ({}, 303),                                                   # no Origin, no Referer: the token decides
    ({"Origin": "https://localhost"}, 303),
    ({"Referer": "https://localhost/login"}, 303),
    ({"Origin": "https://evil.example"}, 400),
    ({"Origin": "http://localhost"}, 400),                       # the scheme is part of the origin
    ({"Origin": "null"}, 400),
    ({"Referer": "https://evil.example/login"}, 400),
])
def test_login_over_https_proxy__token_and_origin_decide_no_referer_needed(app_config, users, extra, status):
    app = proxied_app(app_config)
    users("ana@example.cz", "admin", app=app)
    client = app.test_client()
    page = client.get("/login", headers=HTTPS, base_url="http://localhost")
    response = client.post("/login", headers={**HTTPS, **extra}, base_url="http://localhost",
                           data={"email": "ana@example.cz", "password": TEST_PASSWORD,
                                 "csrf_token": re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                                                         page.get_data(as_text=True)).group(1)})
    assert response.status_code == status
    if status == 400:
        assert "Tento formulář byl odeslán z jiného webu." in response.get_data(as_text=True)


def test_origin_check__api_not_concerned(app_config):
    app = proxied_app(app_config)
    body = {"submission_id": str(uuid.uuid4()), "answers": {"vek": "8-11"}}
    response = app.test_client().post("/api/v1/questionnaires/deti-bezpeci/responses", json=body,
                                      headers={**HTTPS, "Origin": "https://kiosk.example"})
    assert response.status_code == 201


@given(text=st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=20),
       ascii_only=st.booleans())
@settings(max_examples=400, derandomize=True, database=None, deadline=None)
def test_json_fast_path__never_skips_a_refused_character(text, ascii_only):
    from survey_app.web.input_guard import BAD_TEXT_RE, MAYBE_BAD_JSON_RE
    raw = json.dumps({"k": text}, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return  # a raw surrogate is not UTF-8: the API answers 400 before any walk
    if BAD_TEXT_RE.search(text):
        assert MAYBE_BAD_JSON_RE.search(raw), raw


@pytest.mark.parametrize("addresses", [
    ("2001:db8::1", "2001:db8::2", "2001:DB8:0:0:ffff::3"),  # one /64: one client
    ("192.0.2.9", "::ffff:192.0.2.9", "::FFFF:192.0.2.9"),  # one IPv4 address, however written
])
def test_submit_rate_limit__one_client_many_spellings__one_bucket(app_config, addresses):
    client = limited_app(app_config, SUBMIT_RATE_LIMIT="2/minute").test_client()
    statuses = [submit(client, environ_base={"REMOTE_ADDR": address}).status_code for address in addresses]
    assert statuses == [201, 201, 429]
    assert submit(client, environ_base={"REMOTE_ADDR": "2001:db8:1::1"}).status_code == 201  # another /64
