"""An event's image as A120/A121 receive it (base64 in ``image``): really decoded by Pillow before anything is kept.

Only PNG, JPEG and GIF, at most ``MAX_BYTES`` and ``MAX_SIDE`` pixels a side; the header's dimensions are checked
before any pixel is decoded, so a decompression bomb is refused unopened. What is kept is the image re-encoded as
PNG (never the upload), named by the digest of what is kept. The same rules as streams' channel icons
(``streams.domain.channel_icons``), without their resizing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from common.errors import Invalid

FIELD = "image"
FORMATS = frozenset({"PNG", "JPEG", "GIF"})
MAX_BYTES = 512 * 1024  # base64 in a JSON body: within the 1 MiB a request may carry
MAX_SIDE = 2048
MAX_PIXELS = MAX_SIDE * MAX_SIDE


@dataclass(frozen=True)
class StoredImage:
    digest: str
    png: bytes


def image_of(encoded: str) -> StoredImage:
    try:
        upload = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise Invalid("the image is not valid base64", FIELD) from exc
    if not upload:
        raise Invalid("the image is empty", FIELD)
    if len(upload) > MAX_BYTES:
        raise Invalid(f"the image is larger than {MAX_BYTES} bytes", FIELD)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return _decoded(upload)
        except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise Invalid(f"not an image Pillow can read: {exc}", FIELD) from exc
        except (OSError, ValueError, SyntaxError, EOFError) as exc:  # what Pillow raises for broken image data
            raise Invalid(f"the image is damaged: {exc}", FIELD) from exc


def _decoded(upload: bytes) -> StoredImage:
    with Image.open(io.BytesIO(upload)) as probe:
        if probe.format not in FORMATS:
            raise Invalid(f"{probe.format} images are not accepted: send PNG, JPEG or GIF", FIELD)
        width, height = probe.size
        if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS or min(width, height) < 1:
            raise Invalid(f"the image is {width}x{height}: at most {MAX_SIDE} pixels a side", FIELD)
        probe.verify()
    with Image.open(io.BytesIO(upload)) as image:
        image.load()
        out = io.BytesIO()
        image.convert("RGBA").save(out, format="PNG")
    png = out.getvalue()
    return StoredImage(hashlib.sha256(png).hexdigest(), png)
