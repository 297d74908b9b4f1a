"""Photos of the focus groups' paper maps (no Flask): checked by content, re-encoded
without any metadata, stored under `<data_dir>/uploads/focus_groups/`.

A phone photo carries EXIF (the camera, the time, often the GPS position of the
community centre) and sometimes XMP or ICC blocks with more. Re-encoding only the
pixels into a new file drops all of it; the orientation is applied to the pixels
first so that the picture still stands upright.
"""
import io
import re
import uuid
import warnings
from pathlib import Path

from PIL import Image, ImageOps

from .journal import atomic_write

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo is already more than any tablet takes
# Pillow format (detected from the bytes, never the file name) -> (extension, MIME type).
FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png")}
PHOTO_ID = re.compile(r"[0-9a-f]{32}")
SUBDIR = ("uploads", "focus_groups")


class PhotoError(ValueError):
    """The upload cannot be accepted; the message says why (shown to the facilitator)."""


def photos_dir(data_dir) -> Path:
    return Path(data_dir).joinpath(*SUBDIR)


def check_photo_id(photo_id) -> str:
    if not isinstance(photo_id, str) or not PHOTO_ID.fullmatch(photo_id):
        raise PhotoError(f"invalid photo id {photo_id!r}")
    return photo_id


def _open(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.format not in FORMATS:
                raise PhotoError(f"the file is a {image.format or 'unknown'} image: upload a JPEG or PNG photo")
            if image.width * image.height > MAX_PIXELS:
                raise PhotoError(f"the image is too large ({image.width}×{image.height} pixels)")
            image.load()
        except PhotoError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoError("the image is too large in pixels") from None
        except Exception:  # Pillow raises many types for broken files
            raise PhotoError("the file is not a JPEG or PNG image (or it is damaged)") from None
    return image


def clean_image(data: bytes) -> tuple[bytes, str, Image.Image]:
    """(new file bytes, Pillow format, image) with the pixels only: no EXIF, GPS, XMP,
    ICC profile or comments. PhotoError for anything but a readable JPEG/PNG."""
    image = _open(data)
    fmt = image.format
    image = ImageOps.exif_transpose(image)  # keep it upright once EXIF orientation is gone
    out = io.BytesIO()
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        # A fresh image object: no .info (exif, icc_profile, comment, xmp) is carried over.
        bare = Image.new(image.mode, image.size)
        bare.paste(image)
        bare.save(out, "JPEG", quality=88, optimize=True)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        bare = Image.new(image.mode, image.size)
        if image.mode == "P":
            bare.putpalette(image.getpalette())
        bare.paste(image)
        bare.save(out, "PNG", optimize=True)
    return out.getvalue(), fmt, bare


def save_photo(data: bytes, data_dir, max_bytes=DEFAULT_MAX_BYTES) -> dict:
    """Check, clean and store an uploaded photo. Returns {id, ext, content_type, width,
    height, bytes}; the file is `<data_dir>/uploads/focus_groups/<id>.<ext>` (mode 0600).
    Raises PhotoError (empty, too big, not a JPEG/PNG by content, damaged)."""
    if not data:
        raise PhotoError("the file is empty: choose a photo")
    if len(data) > max_bytes:
        raise PhotoError(f"the file has {len(data) / 1048576:.1f} MB, at most {max_bytes / 1048576:.0f} MB "
                         "is accepted")
    cleaned, fmt, image = clean_image(data)
    ext, content_type = FORMATS[fmt]
    photo_id = uuid.uuid4().hex
    folder = photos_dir(data_dir)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    atomic_write(folder / f"{photo_id}.{ext}", cleaned, mode=0o600)
    return {"id": photo_id, "ext": ext, "content_type": content_type, "width": image.width,
            "height": image.height, "bytes": len(cleaned)}


def photo_path(data_dir, photo: dict) -> Path:
    """The file of a stored photo dict (its id is re-checked: no path tricks)."""
    ext = photo.get("ext")
    if ext not in {e for e, _ in FORMATS.values()}:
        raise PhotoError(f"invalid photo extension {ext!r}")
    return photos_dir(data_dir) / f"{check_photo_id(photo.get('id'))}.{ext}"


def parse_bounds(south, west, north, east, within=None):
    """Two corners of a georeferenced photo as [[south, west], [north, east]]; all four
    empty -> None (not georeferenced). `within` (the map's bounds) limits them.
    Raises PhotoError naming the problem."""
    raw = [south, west, north, east]
    if all((v or "").strip() == "" for v in raw):
        return None
    try:
        s, w, n, e = (float(v) for v in raw)
    except (TypeError, ValueError):
        raise PhotoError("the corners must be four numbers: south, west, north, east") from None
    if not (-90 <= s < n <= 90 and -180 <= w < e <= 180):
        raise PhotoError("south must be less than north and west less than east")
    if within:
        (ws, ww), (wn, we) = within
        if s < ws - 0.5 or n > wn + 0.5 or w < ww - 0.5 or e > we + 0.5:
            raise PhotoError("the corners are far outside the town's map")
    return [[round(s, 6), round(w, 6)], [round(n, 6), round(e, 6)]]
