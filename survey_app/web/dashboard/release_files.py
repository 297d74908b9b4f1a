"""Files made from a release (charts, the map grid image, XLSX and other downloads) are
made once and kept by storage (cache/releases/<id>/<n>/), so that the city's first
request in a fresh worker reads bytes instead of importing pandas and matplotlib or
writing a workbook. A release is frozen; what else goes into a file (the language, the
wave, the measures the town recorded since) is part of the file's key."""
import hashlib
import json

from ..extensions import get_storage


def key_of(parts) -> str:
    """32 hex digits naming what a file was made from (any JSON-able parts)."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()[:32]


def made_once(questionnaire_id, release_number, parts, make) -> bytes:
    """The bytes of make() for `parts` of release `release_number`: stored the first
    time, read afterwards (by every worker)."""
    storage = get_storage()
    key = key_of(parts)
    data = storage.release_file(questionnaire_id, release_number, key)
    if data is None:
        data = make()
        storage.save_release_file(questionnaire_id, release_number, key, data)
    return data
