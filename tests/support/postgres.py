"""A throwaway PostgreSQL cluster on a loopback port that a test can stop when it likes.

The same way scripts/with-postgres.sh starts one (Debian's binaries; as the postgres user when
the tests run as root). Tests that need it are skipped where PostgreSQL is not installed.
"""

import glob
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.support.smtp_server import free_port


def binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


@dataclass
class Cluster:
    folder: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://borgerportal@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        """Stop at once, as a crash or a pulled cable would: no goodbye to the clients."""
        _run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop", check=False)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster() -> Cluster:
    folder = Path(tempfile.mkdtemp(prefix="borgerportal-pg-"))
    if os.getuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(folder, "postgres")
    cluster = Cluster(folder, free_port())
    data = str(folder / "data")
    _run("initdb", "-D", data, "-U", "borgerportal", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
    options = f"-h 127.0.0.1 -p {cluster.port} -k {folder} -c fsync=off -c synchronous_commit=off"
    _run("pg_ctl", "-D", data, "-l", str(folder / "log"), "-w", "-o", options, "start")
    return cluster


def _run(program: str, *args: str, check: bool = True) -> None:
    as_owner = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    subprocess.run(
        [*as_owner, str(binaries() / program), *args],
        check=check,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
