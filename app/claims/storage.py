"""Where uploaded files live: a local folder (UPLOAD_DIR, the default) or S3-compatible object
storage (UPLOAD_STORAGE_URL=s3://bucket/prefix), under random names only.

Either way a file is only ever served through the portal's download routes, which check who may
see it (streamed, `no-store`); the bucket is never public and no object URL is handed out. Files
are stored only after the sandbox has checked them (app/claims/services.keep_upload).

Local: a file is written to a temporary name in the same directory, flushed to disk, then
renamed, so a crash never leaves half a file under a name the database knows. S3: a PUT is
atomic; an object is there whole or not at all. boto3 reads its standard variables
(AWS_ENDPOINT_URL_S3, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION).
"""

import hashlib
import io
import os
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import urlsplit

from flask import Response, current_app, send_file


class UploadStorage(Protocol):
    def save(self, name: str, data: bytes) -> None: ...

    def save_file(self, name: str, source: BinaryIO) -> None:
        """Like save, from an open file read in blocks (a large ZIP never whole in memory)."""
        ...

    def open(self, name: str) -> tuple[BinaryIO, int | None]:
        """A file-like object to stream from, and its size when known."""
        ...

    def delete(self, name: str) -> None:
        """Remove the file; nothing happens when it is already gone."""
        ...


class FolderStorage:
    def __init__(self, directory: str):
        self.directory = Path(directory)

    def folder(self) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        return self.directory

    def path_of(self, name: str) -> Path:
        """Stored names are ours (hex + extension), never typed by anyone."""
        return self.folder() / Path(name).name

    def save(self, name: str, data: bytes) -> None:
        self.save_file(name, io.BytesIO(data))

    def save_file(self, name: str, source: BinaryIO) -> None:
        directory = self.folder()
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as file:
                shutil.copyfileobj(source, file, 1 << 16)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, directory / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def open(self, name: str) -> tuple[BinaryIO, int | None]:
        path = self.path_of(name)
        return path.open("rb"), path.stat().st_size

    def delete(self, name: str) -> None:
        self.path_of(name).unlink(missing_ok=True)


class S3Storage:
    """One bucket and key prefix. The client is made on first use, so each gunicorn worker
    (forked after the app is built) has its own connection pool."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.netloc:
            raise ValueError("UPLOAD_STORAGE_URL must look like s3://bucket/prefix")
        self.bucket, self.prefix = parts.netloc, parts.path.strip("/")
        self._client = None

    @property
    def client(self):
        if self._client is None:
            import boto3  # only deployments with object storage need it loaded

            self._client = boto3.client("s3")  # endpoint, keys and region from AWS_* variables
        return self._client

    def key_of(self, name: str) -> str:
        name = Path(name).name
        return f"{self.prefix}/{name}" if self.prefix else name

    def save(self, name: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self.key_of(name), Body=data)

    def save_file(self, name: str, source: BinaryIO) -> None:
        self.client.upload_fileobj(source, self.bucket, self.key_of(name))  # in parts when large

    def open(self, name: str) -> tuple[BinaryIO, int | None]:
        answer = self.client.get_object(Bucket=self.bucket, Key=self.key_of(name))
        return answer["Body"], answer.get("ContentLength")

    def delete(self, name: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.key_of(name))  # no error when gone


def storage_for(config) -> UploadStorage:
    url = config.get("UPLOAD_STORAGE_URL") or ""
    return S3Storage(url) if url else FolderStorage(config["UPLOAD_DIR"])


def current_storage() -> UploadStorage:
    """The app's storage, made once per app (its S3 client is reused by every request)."""
    extensions = current_app.extensions
    if "upload_storage" not in extensions:
        extensions["upload_storage"] = storage_for(current_app.config)
    return extensions["upload_storage"]


def store(data: bytes, extension: str) -> tuple[str, str]:
    """Store `data` under a new random name. Returns (stored name, SHA-256 hex)."""
    name = f"{secrets.token_hex(16)}.{extension}"
    current_storage().save(name, data)
    return name, hashlib.sha256(data).hexdigest()


def delete(stored_name: str) -> None:
    current_storage().delete(stored_name)


def download_response(row) -> Response:
    """A stored claim file, always as a download: the browser never renders it inside our site.
    Streamed in blocks from the folder or the bucket, never read whole into memory."""
    stream, size = current_storage().open(row.stored_name)
    response = send_file(
        stream,
        mimetype=row.content_type,
        as_attachment=True,
        download_name=row.original_name,
        max_age=0,
        conditional=False,
        etag=False,
    )
    if size is not None:
        response.content_length = size
    response.headers["Cache-Control"] = "no-store"
    return response
