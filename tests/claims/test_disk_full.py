"""A full upload disk: the citizen is told that nothing was saved, keeps what was typed, and no
half of the sending stays behind. The disk is a real, tiny, full file system (a tmpfs), or where
the tests may not mount one, /dev/full, which answers every write with ENOSPC."""

import errno
import os
import subprocess
from pathlib import Path

import pytest

from app.claims import storage
from app.extensions import db
from tests.claims import samples
from tests.claims.support import claims, hand_in, stored_files
from tests.factories import make_citizen, make_jobcenter
from tests.support.login import log_in

FREE_BYTES = 64 * 1024  # room for a small photo, not for a PDF of 170 KB after it


def _mount_tmpfs(path: Path) -> bool:
    if os.geteuid() != 0:
        return False
    path.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k,mode=0700", "tmpfs", str(path)], capture_output=True
    )
    return mounted.returncode == 0


def _fill(path: Path, leave: int) -> None:
    """Fill the file system at `path` until only `leave` bytes are free."""
    free = os.statvfs(path).f_bavail * os.statvfs(path).f_frsize
    (path / "filler").write_bytes(b"\0" * (free - leave))
    assert os.statvfs(path).f_bavail * os.statvfs(path).f_frsize <= leave


@pytest.fixture
def full_disk(app, tmp_path, monkeypatch):
    """UPLOAD_DIR on a full disk. Yields True for a real tmpfs (where the first small file of
    a sending still fits), False for /dev/full (where nothing fits)."""
    disk = tmp_path / "disk"
    if _mount_tmpfs(disk):
        try:
            _fill(disk, FREE_BYTES)
            app.config["UPLOAD_DIR"] = str(disk / "uploads")
            yield True
        finally:
            subprocess.run(["umount", "-l", str(disk)], check=True)
        return
    real_mkstemp = storage.tempfile.mkstemp

    def on_a_full_disk(dir, prefix):  # noqa: A002  (tempfile's own parameter name)
        handle, name = real_mkstemp(dir=dir, prefix=prefix)
        os.dup2(os.open("/dev/full", os.O_WRONLY), handle)  # every write: ENOSPC, from the kernel
        return handle, name

    monkeypatch.setattr(storage.tempfile, "mkstemp", on_a_full_disk)
    yield False


def uploads_in(app) -> list[Path]:
    directory = Path(app.config["UPLOAD_DIR"])
    return sorted(directory.iterdir()) if directory.exists() else []


SAYS = {
    "en": ("Your invoice was not sent", "nothing you sent this time was saved"),
    "da": ("Din faktura blev ikke sendt", "intet af det, du sendte denne gang, blev gemt"),
}


@pytest.mark.parametrize("language", SAYS)
def test_a_full_disk_says_nothing_was_saved_and_keeps_what_was_typed(
    app, client, twilio, full_disk, language
):
    citizen = make_citizen(make_jobcenter(), language=language)
    db.session.commit()
    log_in(client, twilio, citizen)
    photo, statement = samples.jpeg(), samples.pdf_with_objects(3000)
    assert len(photo) < FREE_BYTES < len(statement)
    response = hand_in(
        client, files=[(photo, "foto.jpg"), (statement, "faktura.pdf")], vendor="Min egen tekst"
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 507 and 'class="alert alert-error"' in page
    heading, nothing_saved = SAYS[language]
    assert heading in page and nothing_saved in page and "Traceback" not in page
    assert 'value="Min egen tekst"' in page and "FA-2026-001" in page  # what was typed is kept
    assert stored_files() == [] and claims() == [] and uploads_in(app) == []  # the photo that fit is gone


def test_the_disk_really_is_full(app, full_disk):
    with app.test_request_context(), pytest.raises(OSError) as failed:
        storage.store(samples.pdf_with_objects(3000), "pdf")
    assert failed.value.errno == errno.ENOSPC
