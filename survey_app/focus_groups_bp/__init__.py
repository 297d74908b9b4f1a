"""Blueprint `focus_groups` (/admin/focus-groups, /admin/safeguarding, /admin/responses,
/api/v1/focus-groups): thin views over focus_groups.py, photos.py and safeguarding.py."""
from .common import bp  # noqa: E402
from . import routes, media, safeguarding_views, responses  # noqa: E402,F401 - register their routes on bp
