"""Uploaded files kept in the data dir (no Flask): `<data_dir>/uploads/<area>/<name>`,
written atomically (fsync'd), folders 0700, files 0600."""
import re
from pathlib import Path

from .files import write_file

UPLOADS = "uploads"
# A stored name is chosen by the app (a random id + extension), never by the uploader.
NAME_RE = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,99}\.[a-z0-9]{1,8}")


def uploads_dir(data_dir, area: str) -> Path:
    """The folder of one kind of upload, e.g. area "focus_groups"."""
    return Path(data_dir) / UPLOADS / area


def save_upload(data_dir, area: str, name: str, data: bytes) -> Path:
    """Store `data` as `<data_dir>/uploads/<area>/<name>` and return its path;
    ValueError for a name that is not a plain `id.ext`, StorageUnavailable when the
    disk refuses."""
    if not NAME_RE.fullmatch(name):
        raise ValueError(f"not a stored upload name: {name!r}")
    return write_file(uploads_dir(data_dir, area) / name, data, mode=0o600, dir_mode=0o700)
