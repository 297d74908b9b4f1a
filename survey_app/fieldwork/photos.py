"""Photos of the focus groups' paper maps (no Flask): checked by content, re-encoded
without any metadata, stored under `<data_dir>/uploads/focus_groups/`.

A phone photo carries EXIF (the camera, the time, often the GPS position of the
community centre) and sometimes XMP or ICC blocks with more. Re-encoding only the
pixels into a new file drops all of it; the orientation is applied to the pixels
first so that the picture still stands upright.
"""
import io
import uuid
import warnings
from pathlib import Path

from PIL import Image, ImageOps

from .messages import CatalogueError
from ..vocabulary import HEX_ID_RE
from ..storage.uploads import save_upload, uploads_dir

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo is already more than any tablet takes
# Pillow format (detected from the bytes, never the file name) -> (extension, MIME type).
FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png")}
PHOTO_ID = HEX_ID_RE
AREA = "focus_groups"  # <data_dir>/uploads/focus_groups/


class PhotoError(CatalogueError):
    """The upload cannot be accepted: `code` (a key of focus_group_messages.MESSAGES)
    and its params say why; `message(lang)` is shown to the facilitator."""

    def __init__(self, code, **params):
        super().__init__(code, None, **params)


def photos_dir(data_dir) -> Path:
    return uploads_dir(data_dir, AREA)


def check_photo_id(photo_id) -> str:
    if not isinstance(photo_id, str) or not PHOTO_ID.fullmatch(photo_id):
        raise PhotoError("photo_bad_id", id=str(photo_id))
    return photo_id


def _open(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.format not in FORMATS:
                if image.format:
                    raise PhotoError("photo_wrong_format", format=image.format)
                raise PhotoError("photo_not_image")
            if image.width * image.height > MAX_PIXELS:
                raise PhotoError("photo_too_many_pixels", width=image.width, height=image.height)
            image.load()
        except PhotoError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoError("photo_bomb") from None
        except Exception:  # Pillow raises many types for broken files
            raise PhotoError("photo_not_image") from None
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
        raise PhotoError("photo_empty")
    if len(data) > max_bytes:
        # Only the limit: a view reads at most max_bytes + 1, so len(data) is not the file's size.
        raise PhotoError("photo_too_big", limit=round(max_bytes / 1048576, 1))
    cleaned, fmt, image = clean_image(data)
    ext, content_type = FORMATS[fmt]
    photo_id = uuid.uuid4().hex
    save_upload(data_dir, AREA, f"{photo_id}.{ext}", cleaned)
    return {"id": photo_id, "ext": ext, "content_type": content_type, "width": image.width,
            "height": image.height, "bytes": len(cleaned)}


def photo_path(data_dir, photo: dict) -> Path:
    """The file of a stored photo dict (its id is re-checked: no path tricks)."""
    ext = photo.get("ext")
    if ext not in {e for e, _ in FORMATS.values()}:
        raise PhotoError("photo_bad_extension", ext=str(ext))
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
        raise PhotoError("bounds_not_numbers") from None
    if not (-90 <= s < n <= 90 and -180 <= w < e <= 180):
        raise PhotoError("bounds_order")
    if within:
        (ws, ww), (wn, we) = within
        if s < ws - 0.5 or n > wn + 0.5 or w < ww - 0.5 or e > we + 0.5:
            raise PhotoError("bounds_far")
    return [[round(s, 6), round(w, 6)], [round(n, 6), round(e, 6)]]
