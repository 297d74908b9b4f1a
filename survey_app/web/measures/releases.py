"""The releases this feature reads, through the storage contract of the `releases`
work (`list_releases`, `get_release`, `latest_release`); an empty list until that
work is merged, so measures and the public page work before it."""
from ..extensions import get_storage


def list_releases(questionnaire_id) -> list[dict]:
    """Release dicts of a questionnaire, ascending by number ([] when there are none)."""
    storage = get_storage()
    method = getattr(storage, "list_releases", None)
    return list(method(questionnaire_id) or []) if method else []
