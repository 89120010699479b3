"""A document the agent keeps on its disk (a schedule or alert set), replaced whole and read back after a restart.

ext4 writes a file's data out to the disk, there and then, when a rename replaces another file (its
``auto_da_alloc`` guard against empty files after a power cut): that cost 5 ms per set here, between a set's
arrival and its answer. The old file is removed before the rename, so the rename replaces nothing and costs
nothing. A process that dies between the two leaves the new document under its temporary name, where ``load``
finds it. After a power cut a document may be unreadable: it is then not held, and the platform pushes the set
again when the agent asks for it on starting.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from common.logging import get_logger

log = get_logger(__name__)
M = TypeVar("M", bound=BaseModel)


def _temporary(path: Path) -> Path:
    return path.with_name(f"{path.name}.tmp")


def save(path: Path, document: BaseModel) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary(path)
    temporary.write_text(document.model_dump_json())
    path.unlink(missing_ok=True)
    os.rename(temporary, path)


def load(path: Path, model: type[M]) -> M:
    """The document kept at ``path`` (or under its temporary name, if a save was cut short), else an empty one."""
    for candidate in (path, _temporary(path)):
        try:
            return model.model_validate_json(candidate.read_bytes())
        except FileNotFoundError:
            continue
        except ValidationError as exc:
            log.warning("kept_document_unreadable", path=str(candidate), error=str(exc)[:200])
    return model()
