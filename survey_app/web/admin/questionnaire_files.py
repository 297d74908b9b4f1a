"""Questionnaire files changed through the admin (no Flask): validate an upload,
enforce a new version, keep every version, replace the live file atomically.

Layout:
    <questionnaires_dir>/<id>.yaml                  the live file the registry serves
    <versions_dir>/<id>/v<N>.yaml                   every version ever installed
    <versions_dir>/.lock                            serialises installs across processes
`versions_dir` is <data_dir>/questionnaire_versions, so exports can read the exact
text of the version a response was given in (its `questionnaire_version`).

Version rule (chosen over silently bumping, so that the file a facilitator keeps is
the file the app serves): an upload of an existing questionnaire must carry a
`version` greater than every version known for it (live file, kept versions and
stored responses), otherwise it is refused with the number to use. Uploading the
very same bytes again changes nothing.
"""
import re
from dataclasses import dataclass, field
from pathlib import Path

from ...storage.files import exclusive, unavailable, write_file
from ...vocabulary import MAX_QUESTIONNAIRE_ID, is_questionnaire_id
from ...questionnaire.loader import LoadError, QuestionnaireError, load_questionnaire, load_text

MAX_UPLOAD_BYTES = 512 * 1024  # the largest shipped questionnaire is ~20 KB
VERSION_FILE_RE = re.compile(r"v([0-9]{1,9})\.yaml")


class UploadRefused(Exception):
    """The upload was not installed; nothing was written.

    `reason` is a code the web layer turns into a translated sentence:
      "too_large"      params: limit (bytes)
      "invalid"        `errors` holds the loader's LoadErrors (file:line: message)
      "old_version"    params: version (uploaded), latest (highest known)
    """

    def __init__(self, reason, errors=(), **params):
        super().__init__(reason)
        self.reason, self.errors, self.params = reason, list(errors), params


@dataclass
class Installed:
    questionnaire: object       # the validated Questionnaire
    path: Path                  # the live file
    previous_version: int | None
    changed: bool               # False: the same bytes were already live
    kept: list = field(default_factory=list)  # version files written by this install


def decode_upload(data: bytes, shown_name: str) -> str:
    """The upload as text; UploadRefused("invalid") naming the line of a non-UTF-8 byte."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRefused("too_large", limit=MAX_UPLOAD_BYTES)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise UploadRefused("invalid", [LoadError(shown_name, line,
                                                  "the file is not UTF-8 text (save it as UTF-8)")]) from None


def validate_upload(data: bytes, shown_name: str, questionnaires_dir) -> object:
    """The Questionnaire in `data`, or UploadRefused("invalid") with every problem as
    `<shown_name>:<line>: message`. Map images are looked up where the live files
    are, so an upload that names a missing image is refused too."""
    text = decode_upload(data, shown_name)
    try:
        questionnaire = load_text(text, shown_name, maps_dir=Path(questionnaires_dir) / "maps")
    except QuestionnaireError as exc:
        raise UploadRefused("invalid", exc.errors) from None
    if not is_questionnaire_id(questionnaire.id):  # the loader has no length limit
        line = next((n for n, row in enumerate(text.splitlines(), 1) if row.startswith("id:")), 1)
        raise UploadRefused("invalid", [LoadError(shown_name, line, f"id is too long (at most {MAX_QUESTIONNAIRE_ID} characters)")])
    return questionnaire


def kept_versions(versions_dir, questionnaire_id) -> list[int]:
    """The versions kept for a questionnaire, ascending."""
    folder = Path(versions_dir) / questionnaire_id
    if not is_questionnaire_id(questionnaire_id) or not folder.is_dir():
        return []
    found = (VERSION_FILE_RE.fullmatch(p.name) for p in folder.iterdir())
    return sorted(int(m.group(1)) for m in found if m)


def version_path(versions_dir, questionnaire_id, version: int) -> Path | None:
    """The kept file of that version, or None."""
    if not is_questionnaire_id(questionnaire_id) or not isinstance(version, int):
        return None
    path = Path(versions_dir) / questionnaire_id / f"v{version}.yaml"
    return path if path.is_file() else None


def live_path(questionnaires_dir, questionnaire_id) -> Path | None:
    """The live file of a questionnaire (working or broken), or None."""
    if not is_questionnaire_id(questionnaire_id):
        return None
    path = Path(questionnaires_dir) / f"{questionnaire_id}.yaml"
    return path if path.is_file() else None


def _live_version(path: Path):
    """(version, bytes) of the live file; version None when it is missing or broken."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        raise unavailable(exc, path) from exc
    try:
        return load_questionnaire(path).version, data
    except QuestionnaireError:
        return None, data


def _keep(versions_dir: Path, questionnaire_id: str, version: int, data: bytes) -> Path | None:
    """Write v<N>.yaml unless that version is already kept (kept files never change)."""
    path = versions_dir / questionnaire_id / f"v{version}.yaml"
    if path.exists():
        return None
    return write_file(path, data, mode=0o600, dir_mode=0o700)


def install(data: bytes, shown_name: str, questionnaires_dir, versions_dir,
            answered_versions=lambda questionnaire_id: ()) -> Installed:
    """Validate `data` and make it the live file of its questionnaire.

    `answered_versions(id)`: the versions found in its stored responses (a version
    that was answered can never be reused). Raises UploadRefused (nothing written) or
    StorageUnavailable (the live file is untouched: it is replaced last, atomically).
    """
    questionnaire = validate_upload(data, shown_name, questionnaires_dir)
    questionnaires_dir, versions_dir = Path(questionnaires_dir), Path(versions_dir)
    target = questionnaires_dir / f"{questionnaire.id}.yaml"
    with exclusive(versions_dir):
        live_version, live_bytes = _live_version(target)
        if live_bytes == data:
            return Installed(questionnaire, target, live_version, changed=False)
        known = [v for v in (live_version, *kept_versions(versions_dir, questionnaire.id),
                             *answered_versions(questionnaire.id)) if isinstance(v, int)]
        latest = max(known, default=None)
        kept_same = version_path(versions_dir, questionnaire.id, questionnaire.version)
        # The same file again after an install that failed half-way (kept, not live yet).
        retry = (questionnaire.version == latest and kept_same is not None
                 and kept_same.read_bytes() == data)
        if latest is not None and questionnaire.version <= latest and not retry:
            raise UploadRefused("old_version", version=questionnaire.version, latest=latest)
        kept = []
        if live_version is not None:
            # The live file may predate the admin (shipped with the app): keep it first.
            kept.append(_keep(versions_dir, questionnaire.id, live_version, live_bytes))
        kept.append(_keep(versions_dir, questionnaire.id, questionnaire.version, data))
        write_file(target, data, mode=0o644)
    return Installed(questionnaire, target, live_version, changed=True, kept=[p for p in kept if p])
