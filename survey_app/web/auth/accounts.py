"""The app's Users instance (users.py bound to the app's storage and hasher)."""
from flask import current_app

from ..extensions import get_storage
from ...accounts.users import Users, make_hasher

# app.config key -> PasswordHasher argument. Not environment settings: production
# uses the defaults documented in users.py; the test suite lowers them for speed.
HASHER_SETTINGS = {"PASSWORD_HASH_TIME_COST": "time_cost",
                   "PASSWORD_HASH_MEMORY_COST": "memory_cost",
                   "PASSWORD_HASH_PARALLELISM": "parallelism"}


def get_users() -> Users:
    """One Users per app, created on first use."""
    users = current_app.extensions.get("survey_users")
    if users is None:
        params = {arg: current_app.config[key] for key, arg in HASHER_SETTINGS.items()
                  if current_app.config.get(key) is not None}
        users = Users(get_storage(), make_hasher(**params))
        current_app.extensions["survey_users"] = users
    return users
