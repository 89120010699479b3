"""A channel icon as addChannelIcon receives it (I07): really decoded by Pillow before anything is kept.

Only PNG, JPEG and GIF, at most ``MAX_BYTES`` and ``MAX_SIDE`` pixels a side; the header's dimensions are read
before any pixel is decoded, so a decompression bomb is refused unopened (and Pillow's own bomb check is an error
here, not a warning). What is kept is the icon re-encoded as PNG in each of ``ICON_SIZES``: never the upload.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from common.errors import Invalid
from streams.domain.channels import ICON_SIZES

FIELD = "channelIcon"
FORMATS = frozenset({"PNG", "JPEG", "GIF"})
MAX_BYTES = 512 * 1024
MAX_SIDE = 2048
MAX_PIXELS = MAX_SIDE * MAX_SIDE


@dataclass(frozen=True)
class StoredIcon:
    size: str
    digest: str
    image: bytes


def _invalid(detail: str) -> Invalid:
    return Invalid(detail, FIELD)


def icons_of(upload: bytes) -> list[StoredIcon]:
    if not upload:
        raise _invalid("the image is empty")
    if len(upload) > MAX_BYTES:
        raise _invalid(f"the image is larger than {MAX_BYTES} bytes")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return _decoded(upload)
        except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _invalid(f"not an image Pillow can read: {exc}") from exc
        except (OSError, ValueError, SyntaxError, EOFError) as exc:  # what Pillow raises for broken image data
            raise _invalid(f"the image is damaged: {exc}") from exc


def _decoded(upload: bytes) -> list[StoredIcon]:
    with Image.open(io.BytesIO(upload)) as probe:
        if probe.format not in FORMATS:
            raise _invalid(f"{probe.format} images are not accepted: send PNG, JPEG or GIF")
        width, height = probe.size
        if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS or min(width, height) < 1:
            raise _invalid(f"the image is {width}x{height}: at most {MAX_SIDE} pixels a side")
        probe.verify()
    with Image.open(io.BytesIO(upload)) as image:
        image.load()
        return [_resized(image, size, side) for size, side in ICON_SIZES.items()]


def _resized(image: Image.Image, size: str, side: int) -> StoredIcon:
    copy = image.convert("RGBA")
    copy.thumbnail((side, side))
    out = io.BytesIO()
    copy.save(out, format="PNG")
    data = out.getvalue()
    return StoredIcon(size, hashlib.sha256(data).hexdigest(), data)
