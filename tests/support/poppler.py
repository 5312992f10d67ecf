"""Read PDFs back with poppler-utils (installed by scripts/install-system-packages.sh)."""

import shutil
import subprocess

import pytest


def poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: run scripts/install-system-packages.sh (poppler-utils)")
    return subprocess.run([tool, *args], check=True, capture_output=True, text=True).stdout
