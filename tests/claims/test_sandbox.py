"""Files are opened in a separate process with CPU-time and memory limits: a hostile file costs
that process at most a few seconds, never the web process."""

import time

import pytest

from app.claims import files, sandbox
from app.claims.files import FileRefused
from app.claims.sandbox import Limits
from tests.claims import samples

pytestmark = pytest.mark.engine_independent  # files opened in a sandbox process, no database

DEFAULT = Limits()


def refusal(data: bytes, limits: Limits = DEFAULT) -> str:
    with pytest.raises(FileRefused) as refused:
        sandbox.inspect(data, limits)
    return refused.value.reason


@pytest.mark.parametrize(
    "make", [samples.pdf, samples.jpeg, samples.png, samples.heic], ids=["pdf", "jpeg", "png", "heic"]
)
def test_good_files_come_back_as_the_checks_accept_them(make):
    data = make()
    assert sandbox.inspect(data, DEFAULT) == files.inspect(data)


@pytest.mark.parametrize(
    "make, reason",
    [
        (samples.heic_bomb_header, files.BOMB),
        (samples.png_bomb, files.BOMB),
        (samples.pdf_with_uri, files.LINK),
        (samples.encrypted_pdf, files.ENCRYPTED),
        (samples.truncated_jpeg, files.CORRUPT),
        (lambda: b"", files.EMPTY),
        (lambda: b"PK\x03\x04 word", files.WRONG_TYPE),
    ],
    ids=["heic-bomb", "png-bomb", "pdf-link", "encrypted", "truncated", "empty", "wrong-type"],
)
def test_refusals_keep_their_reason(make, reason):
    assert refusal(make()) == reason


def test_a_file_over_the_cpu_limit_is_refused_and_costs_the_web_process_nothing():
    """A damaged cross-reference table: pypdf searches the whole file for each of 10,000
    objects, which takes over 15 s of CPU when run in the web process."""
    data = samples.pdf_with_objects(10_000, damaged_xref=True)
    limits = Limits(cpu_seconds=1)
    started, cpu_before = time.monotonic(), time.process_time()
    assert refusal(data, limits) == files.TOO_COMPLEX
    assert time.process_time() - cpu_before < 0.5  # the work was done elsewhere
    assert time.monotonic() - started < limits.wall_seconds + 5  # ended at the limit, not at the end


def test_a_file_over_the_memory_limit_is_refused():
    """Converting a 12-megapixel HEIC takes well over 64 MB; with the default limit it is fine."""
    photo = samples.heic((4032, 3024))
    assert refusal(photo, Limits(memory_mb=64, cpu_seconds=30)) == files.TOO_COMPLEX
    assert sandbox.inspect(photo, Limits(cpu_seconds=30)).converted_from == "heic"


def test_the_largest_default_iphone_photo_fits_in_the_default_memory_limit():
    generous_time = Limits(cpu_seconds=30)  # the test machine may be busy: memory is the point here
    accepted = sandbox.inspect(samples.heic((5712, 4284)), generous_time)
    assert (accepted.content_type, accepted.converted_from) == ("image/jpeg", "heic")


def test_a_new_inspector_process_is_started_when_the_old_one_died():
    """E.g. the kernel's out-of-memory killer chose it, or it exited after a quiet spell."""
    limits = Limits(at_once=1)
    sandbox.inspect(samples.png(), limits)
    inspector = sandbox._sandbox_for(limits)._process
    inspector.kill()
    inspector.wait()
    assert sandbox.inspect(samples.pdf(), limits).content_type == "application/pdf"
    assert sandbox._sandbox_for(limits)._process.pid != inspector.pid


def test_the_inspector_gets_no_secrets_from_the_web_process(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "never-in-the-sandbox")
    monkeypatch.setenv("DATABASE_URL", "postgresql://user:password@db/portal")
    assert not {"SECRET_KEY", "DATABASE_URL"} & set(sandbox._inspector_environment())
