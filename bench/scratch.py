"""A scratch folder for one benchmark run (databases, uploads, wrk scripts), removed when it ends.

A 1M-citizen SQLite file is hundreds of megabytes; runs must not leave them behind in /tmp."""

import atexit
import shutil
import tempfile
from pathlib import Path


def scratch_dir(prefix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f"borgerportal-{prefix}-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder
