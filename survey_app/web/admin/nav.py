"""The admin navigation, read from the URL map: every GET page /admin/<section>
(no URL parameters) that the user's role allows becomes a menu entry and a card on
the admin home page. A route added later by someone else shows up without editing
this file; `nav_entry` gives it a proper label and description."""
from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import gettext as _

from ..auth.access import can
from ...accounts.roles import ROLES
from ...vocabulary import N_

# Section (first path segment under /admin) -> (label, description), in menu order.
KNOWN_SECTIONS = {
    "questionnaires": (N_("Questionnaires"), N_("Upload, check, preview and download questionnaires.")),
    "campaigns": (N_("Campaigns"), N_("Survey waves, channels, QR posters and the tablet kiosk.")),
    "focus-groups": (N_("Focus groups"), N_("Record what the groups said.")),
    "summaries": (N_("Summaries"), N_("Anonymous summaries and downloads for the city.")),
    "measures": (N_("Measures"), N_("What the town does about the findings, and whether it helped.")),
    "exports": (N_("Exports"), N_("Raw data and summaries as files.")),
    "users": (N_("Users"), N_("Who has an account and with which role.")),
}

# Role -> its name on screen.
ROLE_LABELS = {"admin": N_("administrator"), "facilitator": N_("facilitator"), "city": N_("city")}

# Permission -> what it lets a user do, for "your role may" on the home page.
PERMISSION_LABELS = {
    "users": N_("manage user accounts"),
    "questionnaires": N_("manage questionnaires"),
    "campaigns": N_("run campaigns and waves"),
    "posters": N_("print QR posters"),
    "focus_groups": N_("record focus groups"),
    "raw_data": N_("download raw data"),
    "free_text": N_("read free-text answers"),
    "summaries": N_("read summaries and city downloads"),
    "safeguarding": N_("see safeguarding alerts"),
    "measures": N_("record measures and their results"),
}


@dataclass
class Section:
    key: str
    url: str
    label: str
    description: str


def nav_entry(label, description=""):
    """Decorator for a view of /admin/<section>: its label and description in the menu
    (flask_babel.lazy_gettext strings, so they are translated per request). Put it
    above @permission_required."""
    def decorator(view):
        view.nav_label, view.nav_description = label, description
        return view
    return decorator


def sections(user) -> list[Section]:
    """The /admin/<section> pages this user may open, known sections first."""
    found = {}
    for rule in current_app.url_map.iter_rules():
        path = rule.rule
        if not path.startswith("/admin/") or rule.arguments or "GET" not in (rule.methods or ()):
            continue
        key = path[len("/admin/"):].strip("/")
        if not key or "/" in key or key in found:
            continue
        view = current_app.view_functions[rule.endpoint]
        permission = getattr(view, "required_permission", None)
        if user is None or (permission is not None and not can(user, permission)):
            continue
        known_label, known_description = KNOWN_SECTIONS.get(key, (None, ""))
        label = getattr(view, "nav_label", None) or (known_label and _(known_label)) or key.replace("-", " ").capitalize()
        description = getattr(view, "nav_description", None) or (known_description and _(known_description))
        found[key] = Section(key, url_for(rule.endpoint), str(label), str(description))
    order = list(KNOWN_SECTIONS)
    return sorted(found.values(), key=lambda s: (order.index(s.key) if s.key in order else len(order), s.key))


def permission_labels(user) -> list[str]:
    granted = ROLES.get(user.get("role"), ()) if user else ()
    return [_(label) for permission, label in PERMISSION_LABELS.items() if permission in granted]


def role_label(user) -> str:
    role = (user or {}).get("role")
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else (role or "")
