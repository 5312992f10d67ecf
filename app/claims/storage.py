"""Where uploaded files live: one directory outside `static/` (UPLOAD_DIR), random names only.

A file is written to a temporary name in the same directory, flushed to disk, then renamed, so
a crash never leaves half a file under a name the database knows.
"""

import hashlib
import os
import secrets
import tempfile
from pathlib import Path

from flask import Response, current_app, send_file


def upload_dir() -> Path:
    path = Path(current_app.config["UPLOAD_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(data: bytes, extension: str) -> tuple[str, str]:
    """Write `data` atomically under a new random name. Returns (stored name, SHA-256 hex)."""
    name = f"{secrets.token_hex(16)}.{extension}"
    directory = upload_dir()
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, directory / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return name, hashlib.sha256(data).hexdigest()


def path_of(stored_name: str) -> Path:
    """The file on disk. Stored names are ours (hex + extension), never typed by anyone."""
    return upload_dir() / Path(stored_name).name


def delete(stored_name: str) -> None:
    path_of(stored_name).unlink(missing_ok=True)


def download_response(row) -> Response:
    """A stored claim file, always as a download: the browser never renders it inside our site."""
    response = send_file(
        path_of(row.stored_name),
        mimetype=row.content_type,
        as_attachment=True,
        download_name=row.original_name,
        max_age=0,
    )
    response.headers["Cache-Control"] = "no-store"
    return response
