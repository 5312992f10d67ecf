"""CPU seconds to start: `import wsgi` (what every gunicorn worker and `flask` command pays to
build the app) and one gunicorn with 3 gevent workers, started, idle and stopped.

This checkout's (and with --baseline DIR that checkout's too, run after run in turn, so both see
the same load) medians are printed with the machine's load. Bytecode is written and used as in
`make test`; the first run of each checkout, which may compile it, is not counted.

Run:
    git worktree add --detach /tmp/base main
    .venv/bin/python bench/startup.py --baseline /tmp/base --runs 5 --gunicorn-runs 3
"""

import argparse
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IDLE_SECONDS = 15  # after the first answer: every worker has built the app by then


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def environment(database_dir: str) -> dict:
    env = {**os.environ, "BORGERPORTAL_CONFIG": "development", "WEB_CONCURRENCY": "3"}
    env["DATABASE_URL"] = f"sqlite:///{database_dir}/startup.sqlite"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def import_cpu(checkout: Path, env: dict) -> float:
    before = children_cpu()
    subprocess.run([sys.executable, "-c", "import wsgi"], cwd=checkout, env=env, check=True)
    return children_cpu() - before


def gunicorn_cpu(checkout: Path, env: dict, port: int) -> float:
    """Master and workers together: the master waits for its workers, so theirs counts too."""
    before = children_cpu()
    address = f"127.0.0.1:{port}"
    command = [sys.executable, "-m", "gunicorn", "wsgi:app", "-b", address, "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=checkout, env=env, stdout=subprocess.DEVNULL)
    try:
        wait_for(f"http://{address}/healthz")
        time.sleep(IDLE_SECONDS)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    return children_cpu() - before


def wait_for(url: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another checkout, measured in the same run")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--gunicorn-runs", type=int, default=0)
    args = parser.parse_args()
    checkouts = [ROOT, *([args.baseline.resolve()] if args.baseline else [])]
    with tempfile.TemporaryDirectory() as database_dir:
        env = environment(database_dir)
        for checkout in checkouts:
            import_cpu(checkout, env)  # writes the bytecode, if missing
        print(f"load before: {os.getloadavg()}")
        imports = {checkout: [] for checkout in checkouts}
        starts = {checkout: [] for checkout in checkouts}
        for _ in range(args.runs):
            for checkout in checkouts:
                imports[checkout].append(import_cpu(checkout, env))
        for run in range(args.gunicorn_runs):
            for number, checkout in enumerate(checkouts):
                starts[checkout].append(gunicorn_cpu(checkout, env, 18700 + 10 * run + number))
        print(f"load after:  {os.getloadavg()}")
    for checkout in checkouts:
        median = statistics.median(imports[checkout])
        line = f"{checkout}: import wsgi {median:.2f} CPU s (median of {args.runs})"
        if starts[checkout]:
            line += f"; gunicorn, 3 workers {statistics.median(starts[checkout]):.2f} CPU s"
        print(line)


if __name__ == "__main__":
    main()
