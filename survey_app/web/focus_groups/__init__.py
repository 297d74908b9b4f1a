"""Blueprint `focus_groups` (/admin/focus-groups, /admin/safeguarding, /admin/responses,
/api/v1/focus-groups): thin views over focus_groups.py, photos.py and safeguarding.py."""
from .common import bp  # noqa: E402
from . import routes  # noqa: E402,F401 - register their routes on bp
from . import media  # noqa: E402,F401 - register their routes on bp
from . import safeguarding_views  # noqa: E402,F401 - register their routes on bp
from . import responses  # noqa: E402,F401 - register their routes on bp
