"""What a restore accepts from a snapshot archive (no Flask): only the members
Storage.snapshot() writes, and only journals and metadata that parse."""
from __future__ import annotations

import json
import tarfile
from pathlib import Path, PurePosixPath

from .journal import StorageError
from ..vocabulary import STORED_ID_RE as _QUESTIONNAIRE_ID

# Folders copied whole into a snapshot (the same list as store.SNAPSHOT_DIRS).
SNAPSHOT_DIRS = ("uploads", "questionnaire_versions", "releases")


def check_member(member: tarfile.TarInfo) -> None:
    """Accept only what snapshot() writes: meta.json, snapshot.json,
    responses/<id>.jsonl and regular files or folders under SNAPSHOT_DIRS."""
    name = member.name
    parts = PurePosixPath(name).parts
    problem = None
    if name.startswith("/") or PurePosixPath(name).is_absolute():
        problem = "an absolute path"
    elif ".." in parts or not parts:
        problem = "a path leaving the data directory ('..')"
    elif not (member.isfile() or member.isdir()):
        problem = "a link or special file"
    elif member.isfile() and not (
            name in ("meta.json", "snapshot.json")
            or (len(parts) == 2 and parts[0] == "responses" and name.endswith(".jsonl")
                and _QUESTIONNAIRE_ID.fullmatch(parts[1][:-len(".jsonl")]))
            or (len(parts) >= 2 and parts[0] in SNAPSHOT_DIRS)):
        problem = "not part of a snapshot"
    elif member.isdir() and parts[0] not in ("responses", *SNAPSHOT_DIRS):
        problem = "not part of a snapshot"
    if problem:
        raise StorageError(f"Refusing to restore: archive member {name!r} is {problem}")


def check_restored(staging: Path) -> None:
    """meta.json and every journal line must parse, so a damaged archive is refused
    rather than restored."""
    meta = staging / "meta.json"
    paths = [meta] if meta.exists() else []
    for path in paths + sorted((staging / "responses").glob("*.jsonl")):
        try:
            if path == meta:
                json.loads(path.read_bytes())
                continue
            with open(path, "rb") as lines:
                for number, line in enumerate(lines, 1):
                    json.loads(line)
        except ValueError as exc:
            where = path.relative_to(staging)
            raise StorageError(f"Refusing to restore: {where} is damaged ({exc})") from exc
