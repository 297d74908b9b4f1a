"""The role matrix over every protected route, read from app.url_map.

A route is protected when its path starts with /admin or its view carries
`required_permission` (set by permission_required and login_required), so routes that
others add later are covered without anyone listing them here. URL parameters get
dummy values: a 404 after the access check is fine for an allowed role.
"""
import uuid

import pytest

from survey_app.accounts.roles import ROLES

ALL_PERMISSIONS = set().union(*ROLES.values())
# Converter class name -> dummy value for URL parameters.
DUMMIES = {"IntegerConverter": 1, "FloatConverter": 1.0, "UUIDConverter": uuid.UUID(int=1)}


def protected_rules(app):
    """[(rule, view)] of every protected route, sorted by path."""
    found = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.rule.startswith("/admin") or hasattr(view, "required_permission"):
            found.append((rule, view))
    return sorted(found, key=lambda pair: pair[0].rule)


def request_for(app, rule):
    """(method, url) to exercise a rule: GET when it has one, else its first method."""
    values = {name: (sorted(converter.items)[0] if hasattr(converter, "items")  # AnyConverter
                     else DUMMIES.get(type(converter).__name__, "dummy"))
              for name, converter in rule._converters.items()}
    methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    method = "GET" if "GET" in methods else methods[0]
    with app.test_request_context():
        url = app.url_map.bind("localhost").build(rule.endpoint, values, method=method)
    return method, url


def call(client, method, url, accept="text/html"):
    return client.open(url, method=method, headers={"Accept": accept})


def test_role_matrix__finds_the_known_admin_routes(app):
    paths = {rule.rule for rule, _ in protected_rules(app)}
    assert {"/admin/", "/admin/users", "/admin/questionnaires",
            "/admin/questionnaires/<questionnaire_id>/preview/<int:step>"} <= paths


def test_role_matrix__every_admin_view_has_an_access_decorator(app):
    missing = [f"{rule.rule} ({rule.endpoint})" for rule, view in protected_rules(app)
               if not hasattr(view, "required_permission")]
    assert missing == [], ("views under /admin without @permission_required(...) or "
                           f"@login_required: {missing}")


def test_role_matrix__every_permission_is_in_the_roles_table(app):
    unknown = [f"{rule.rule}: {view.required_permission!r}" for rule, view in protected_rules(app)
               if getattr(view, "required_permission", None) not in ALL_PERMISSIONS | {None}]
    assert unknown == [], f"permissions no role grants (typo?): {unknown}"


def test_role_matrix__anonymous_browser__redirected_to_login(app, client):
    wrong = []
    for rule, _ in protected_rules(app):
        method, url = request_for(app, rule)
        response = call(client, method, url)
        if url.startswith("/api/"):  # the API always answers JSON, browsers included
            if response.status_code != 401:
                wrong.append(f"{method} {url}: {response.status_code}, expected 401")
        elif response.status_code != 302 or not response.location.startswith("/login?next="):
            wrong.append(f"{method} {url}: {response.status_code} {response.location}")
    assert wrong == []


def test_role_matrix__anonymous_json_client__401_json(app, client):
    wrong = []
    for rule, _ in protected_rules(app):
        method, url = request_for(app, rule)
        response = call(client, method, url, accept="application/json")
        body = response.get_json(silent=True) or {}
        if response.status_code != 401 or body.get("error") != "unauthorized":
            wrong.append(f"{method} {url}: {response.status_code} {body}")
    assert wrong == []


@pytest.mark.parametrize("role", sorted(ROLES))
def test_role_matrix__each_role__allowed_or_403_as_the_table_says(app, login_as, role):
    client = login_as(role)
    wrong = []
    for rule, view in protected_rules(app):
        permission = getattr(view, "required_permission", None)
        allowed = permission is None or permission in ROLES[role]
        method, url = request_for(app, rule)
        response = call(client, method, url)
        status, location = response.status_code, response.location or ""
        if allowed:
            # Past the access check: anything but a denial (or a crash) is fine, e.g. 404
            # for the dummy id, or a redirect that is not to /login.
            denied = status in (401, 403) or location.startswith("/login")
            if denied or status >= 500:
                wrong.append(f"{role} should reach {method} {url} ({permission}): got {status} {location}")
        elif status != 403:
            wrong.append(f"{role} must get 403 on {method} {url} ({permission}): got {status} {location}")
    assert wrong == []
