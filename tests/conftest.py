"""Shared fixtures: an app on a temporary data dir, its client and CLI runner."""
import os
import pickle
import re
import shutil
import uuid
from pathlib import Path

import pytest

from survey_app import create_app

PROJECT = Path(__file__).resolve().parent.parent
SHIPPED_QUESTIONNAIRES = PROJECT / "questionnaires"

# Suites that `make test-fast` leaves out: they take minutes, not seconds.
SLOW_MODULES = {"test_storage_durability.py", "test_http_concurrency.py", "test_disk_full_http.py"}
# Single tests that `make test-fast` leaves out (`make test` runs them), each 10-40 s on
# the loaded 2-core machine: a real `flask backup` beside a serving app, and the
# suppression property test (every dataset a full city summary).
SLOW_TESTS = {
    "test_backup_restore__real_cli_while_the_app_takes_submissions__consistent_prefix",
    "test_city_summary__random_data__no_small_value_and_nothing_recomputable",
    # 70+ s alone (hundreds of seeded release pairs, each a full linked-model check).
    "test_releases__two_waves_then_late_responses__no_small_count_derivable",
}
# A hypothesis test with this many examples or more is a generated-input suite (fuzz).
FUZZ_EXAMPLES = 100


def _max_examples(item):
    test = getattr(item, "obj", None)
    found = getattr(getattr(test, "hypothesis", None), "inner_test", None)
    settings = getattr(test, "_hypothesis_internal_use_settings", None) or \
        getattr(found, "_hypothesis_internal_use_settings", None)
    return getattr(settings, "max_examples", 0) if settings is not None else 0


def pytest_collection_modifyitems(items):
    for item in items:
        name = Path(str(item.fspath)).name
        if name.startswith("test_fuzz_") or _max_examples(item) >= FUZZ_EXAMPLES:
            item.add_marker(pytest.mark.fuzz)
        if name in SLOW_MODULES or item.originalname in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True, scope="session")
def _questionnaires_parsed_once():
    """Every app of the suite loads the same few files: parse each distinct file once
    (keyed by its name, bytes and the images beside it) and hand out deep copies, so a
    test never sees another test's changes. Broken files are loaded afresh each time.
    Loading the shipped questionnaires costs about 0.3 s per app otherwise; a copy is
    unpickled from the parsed one (4x cheaper than copy.deepcopy, the same objects)."""
    from survey_app.questionnaire import loader
    original, cache = loader.load_questionnaire, {}

    def cached(path):
        path = Path(path)
        try:
            maps = path.parent / "maps"
            images = tuple(sorted((e.name, e.stat().st_size) for e in maps.iterdir())) if maps.is_dir() else ()
            key = (path.name, path.read_bytes(), images)
        except OSError:
            return original(path)
        if key not in cache:
            cache[key] = pickle.dumps(original(path), protocol=pickle.HIGHEST_PROTOCOL)  # errors: not cached
        questionnaire = pickle.loads(cache[key])
        questionnaire.source_path = str(path)
        return questionnaire

    loader.load_questionnaire = cached
    yield
    loader.load_questionnaire = original


@pytest.fixture(autouse=True, scope="session")
def _url_rules_compiled_once():
    """Every app of the suite registers the same ~70 URL rules, and werkzeug parses each
    rule and compiles two URL-builder functions for it (ast + compile(): about 0.12 s
    per app, a third of the fast suite). Both depend only on the rule's text and the
    map's converters (the builders also on the parsed parts, the defaults' names and
    append_unknown; the rule itself is passed in as `.self`), so each is done once and
    replayed for every app: the same parts, trace and converter objects (werkzeug's
    converters keep no per-map state). Rules whose defaults fill a part of the URL are
    compiled as before."""
    from werkzeug.routing.rules import Rule
    compile_builder, parse_rule, builders, parsed = Rule._compile_builder, Rule._parse_rule, {}, {}

    def cached_builder(self, append_unknown=True):
        defaults = self.defaults or {}
        if defaults and any(dynamic and data in defaults for dynamic, data in self._trace):
            return compile_builder(self, append_unknown)
        key = (self.rule, tuple(self._trace), tuple(defaults), append_unknown)
        if key not in builders:
            builders[key] = compile_builder(self, append_unknown)
        return builders[key]

    def cached_parse(self, rule):
        key = (rule, tuple(sorted(self.map.converters.items())))
        if key not in parsed:
            trace_at, before = len(self._trace), dict(self._converters)
            parts = list(parse_rule(self, rule))  # applies its effects to this rule
            converters = {k: v for k, v in self._converters.items() if before.get(k) is not v}
            parsed[key] = (parts, self._trace[trace_at:], converters)
            return iter(parts)
        parts, trace, converters = parsed[key]
        self._trace.extend(trace)
        self._converters.update(converters)
        self.arguments.update(converters)
        return iter(parts)

    Rule._compile_builder, Rule._parse_rule = cached_builder, cached_parse
    yield
    Rule._compile_builder, Rule._parse_rule = compile_builder, parse_rule


@pytest.fixture(autouse=True, scope="session")
def _static_files_scanned_once():
    """Every app wraps itself in WhiteNoise, which reads the stats and builds the headers
    of each of the ~90 static files (about 40 ms per app). The result depends only on
    the file's path, its headers (the app's CSP among them) and the stats of the file
    and of its .gz/.br twins, so an unchanged file with the same headers is built once."""
    import whitenoise.base
    original, cache = whitenoise.base.StaticFile, {}

    def _stat(stat_cache, path):
        found = stat_cache.get(path)
        return None if found is None else (found.st_mtime_ns, found.st_size, found.st_ino)

    def cached(path, headers, encodings=None, stat_cache=None):
        if stat_cache is None:
            return original(path, headers, encodings=encodings, stat_cache=stat_cache)
        headers = tuple(headers)
        twins = tuple(sorted((encodings or {}).items()))
        key = (path, headers, twins, tuple(_stat(stat_cache, p) for p in [path, *dict(twins).values()]))
        if key not in cache:
            cache[key] = original(path, list(headers), encodings=encodings, stat_cache=stat_cache)
        return cache[key]

    whitenoise.base.StaticFile = cached
    yield
    whitenoise.base.StaticFile = original


@pytest.fixture(autouse=True, scope="session")
def _templates_compiled_once():
    """Every app has its own Jinja environment and so parses and compiles each template
    it renders afresh (a tenth of the fast suite). All the suite's environments are
    configured alike, so they share one in-memory bytecode cache: a template is
    compiled once per source (Jinja checks the source's checksum, so a changed or a
    test's own template is compiled anew)."""
    import flask
    from jinja2 import BytecodeCache

    class InMemory(BytecodeCache):
        def __init__(self):
            self.codes = {}

        def load_bytecode(self, bucket):
            if bucket.key in self.codes:
                bucket.bytecode_from_string(self.codes[bucket.key])

        def dump_bytecode(self, bucket):
            self.codes[bucket.key] = bucket.bytecode_to_string()

    shared, original = InMemory(), flask.Flask.create_jinja_environment

    def create_jinja_environment(self):
        env = original(self)
        env.bytecode_cache = shared
        return env

    flask.Flask.create_jinja_environment = create_jinja_environment
    yield
    flask.Flask.create_jinja_environment = original


# Where durability is the subject, fsync stays real: the storage room's tests and the
# slow suites (a test that breaks fsync on purpose monkeypatches it itself).
REAL_FSYNC_DIRS = {"storage"}


@pytest.fixture(autouse=True)
def _no_fsync_unless_durability_is_the_subject(request, monkeypatch):
    """Elsewhere an fsync only waits for the disk (a few ms each, thousands per run)."""
    path = Path(str(request.node.fspath))
    if path.parent.name in REAL_FSYNC_DIRS or request.node.get_closest_marker("slow"):
        return
    monkeypatch.setattr(os, "fsync", lambda fd: None)


@pytest.fixture
def questionnaires_dir(tmp_path):
    """A copy of the shipped questionnaires that a test may change freely."""
    target = tmp_path / "questionnaires"
    shutil.copytree(SHIPPED_QUESTIONNAIRES, target)
    return target


@pytest.fixture
def app_config(tmp_path, questionnaires_dir):
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SURVEY_DATA_DIR": str(tmp_path / "data"),
        "QUESTIONNAIRES_DIR": str(questionnaires_dir),
        "EXPORTS_DIR": str(tmp_path / "exports"),
        "RATELIMIT_ENABLED": False,
        "SURVEY_WARM_RELEASES": 0,  # a publish would make files in a thread for seconds (tests that need it set 1)
        "WTF_CSRF_ENABLED": False,  # csrf_app and the browser tests keep it on
        # Cheap argon2 so that logging in costs milliseconds (production: users.py defaults).
        "PASSWORD_HASH_TIME_COST": 1, "PASSWORD_HASH_MEMORY_COST": 1024, "PASSWORD_HASH_PARALLELISM": 1,
    }


@pytest.fixture
def app(app_config):
    yield create_app(app_config)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def storage(app):
    return app.extensions["survey_storage"]


@pytest.fixture
def csrf_app(app_config):
    """The app with CSRF checks on, as in production."""
    return create_app({**app_config, "WTF_CSRF_ENABLED": True})


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


@pytest.fixture
def make_response(app, storage):
    """Store one validated response built from keyword answers; returns the record."""
    from survey_app.responses.submissions import submit

    def make(questionnaire_id="deti-bezpeci", lang="cs", context=None, **answers):
        questionnaire = app.extensions["survey_registry"].get(questionnaire_id)
        record, _ = submit(storage, questionnaire, str(uuid.uuid4()), lang, answers, context)
        return record

    return make


TEST_PASSWORD = "correct horse battery"


@pytest.fixture
def users(app):
    """users(email, role, password=TEST_PASSWORD, app=<the app fixture>) creates an
    account directly in that app's storage and returns its public dict."""
    from survey_app.web.auth.accounts import get_users

    def create(email, role, password=TEST_PASSWORD, app=app):
        with app.app_context():
            return get_users().create(email, password, role)

    return create


@pytest.fixture
def login_as(client, users):
    """login_as(role, client=None, email=None) -> the test client (default `client`),
    logged in through the real /login form (with its CSRF token when CSRF is on) as
    `<role>@example.org`, which is created on first use."""
    from survey_app.web.auth.accounts import get_users

    def login(role, client=client, email=None):
        email = email or f"{role}@example.org"
        with client.application.app_context():
            if not get_users().exists(email):
                users(email, role, app=client.application)
        form = {"email": email, "password": TEST_PASSWORD}
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"',
                          client.get("/login").get_data(as_text=True))
        if token:
            form["csrf_token"] = token.group(1) or token.group(2)
        response = client.post("/login", data=form)
        assert response.status_code == 303, f"login as {role} failed: {response.status_code}"
        return client

    return login


@pytest.fixture
def only_mini_questionnaire(questionnaires_dir):
    """Only the small test questionnaire: loading the shipped ones costs 0.3 s per app."""
    for shipped in questionnaires_dir.glob("*.yaml"):
        shipped.unlink()
    shutil.copy(PROJECT / "tests" / "fixtures" / "mini.yaml", questionnaires_dir / "mini.yaml")


@pytest.fixture
def focus_group_record(storage, app):
    """A stored focus group on deti-bezpeci (3 girls aged 8–11, consent confirmed)."""
    from survey_app.fieldwork import campaigns
    from survey_app.fieldwork import focus_groups as fg
    campaign, _ = campaigns.create_campaign(storage, "deti-bezpeci", "2026-jaro")
    spec = fg.spec_for(app.extensions["survey_registry"].get("deti-bezpeci"))
    form = {"campaign_id": str(campaign["id"]), "date": "2026-03-12", "place": "Libuše", "facilitators": "Jana",
            "comp__8-11__girl": "3", "parental_consents": "3", "assents": "3", "consent_confirmed": "y"}
    return fg.create_session(storage, spec, fg.parse_session(form, spec, {campaign["id"]: campaign}.get), "x")

