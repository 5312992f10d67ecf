"""The deployment files: the Dockerfile's stages and the image's three ways to run, the compose
topology, and .env.example listing every variable the portal reads. Docker itself may not run
where the tests do, so the files are parsed, and the entry point is run for real without it."""

import ast
import fnmatch
import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import yaml

from tests.support.gunicorn import wait_until_up
from tests.support.smtp_server import free_port

pytestmark = pytest.mark.engine_independent

ROOT = Path(__file__).resolve().parent.parent
ENTRYPOINT = ROOT / "scripts" / "docker-entrypoint.sh"
READ_ONLY_IN_TESTS = {"TEST_DATABASE_URL"}  # config.py's Testing class, never deployed


def dockerfile_stages() -> dict[str, list[tuple[str, str]]]:
    """{stage name: [(INSTRUCTION, arguments), ...]}, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    stages, current = {}, None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        instruction, _, arguments = line.partition(" ")
        if instruction.upper() == "FROM":
            current = arguments.split(" AS ")[-1].strip() if " AS " in arguments else arguments
            stages[current] = []
        stages[current].append((instruction.upper(), arguments.strip()))
    return stages


def test_the_image_builds_in_two_stages_and_the_asset_stage_has_python():
    stages = dockerfile_stages()
    assert list(stages) == ["assets", "runtime"]
    assert stages["assets"][0][1].startswith("node:20-slim")
    runs = [arguments for instruction, arguments in stages["assets"] if instruction == "RUN"]
    python_installed = next(i for i, run in enumerate(runs) if "apt-get install" in run and "python3" in run)
    copy_assets = next(i for i, run in enumerate(runs) if "copy-vendor-assets.sh" in run)
    assert python_installed < copy_assets  # the script strips @font-face rules with python3
    assert ("COPY", "--from=assets /build/app/static/vendor app/static/vendor") in stages["runtime"]


def test_the_runtime_is_not_root_has_no_key_and_runs_as_web_by_default():
    runtime = dockerfile_stages()["runtime"]
    users = [arguments for instruction, arguments in runtime if instruction == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert "SECRET_KEY" not in (ROOT / "Dockerfile").read_text()
    assert ("ENTRYPOINT", '["/srv/borgerportal/scripts/docker-entrypoint.sh"]') in runtime
    assert runtime[-1] == ("CMD", '["web"]')
    assert not any("db upgrade" in arguments for _, arguments in runtime)  # only `migrate` migrates


def test_the_image_holds_the_projects_bytecode():
    """The image runs with PYTHONDONTWRITEBYTECODE as a user who cannot write __pycache__: each
    process would compile the project again as it starts."""
    runtime = dockerfile_stages()["runtime"]
    copied = runtime.index(("COPY", ". ."))
    compiled = next(i for i, (instruction, arguments) in enumerate(runtime) if "compileall" in arguments)
    compile_arguments = runtime[compiled][1].split()
    assert copied < compiled < runtime.index(("USER", "10001"))
    assert {"app", "migrations", "config.py", "wsgi.py", "jsonlog.py"} <= set(compile_arguments)


def build_context_excludes(path: str) -> bool:
    """Docker's .dockerignore rule: the last matching pattern wins; a directory's pattern
    excludes what is under it; '!' re-includes."""
    excluded = False
    for pattern in (ROOT / ".dockerignore").read_text().splitlines():
        pattern = pattern.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negate, pattern = pattern.startswith("!"), pattern.lstrip("!")
        parts = path.split("/")
        candidates = ["/".join(parts[: n + 1]) for n in range(len(parts))]
        if any(_glob_match(candidate, pattern) for candidate in candidates):
            excluded = not negate
    return excluded


def _glob_match(path: str, pattern: str) -> bool:
    if pattern.startswith("**/"):
        return fnmatch.fnmatch(path, pattern[3:]) or fnmatch.fnmatch(path, pattern)
    return fnmatch.fnmatch(path, pattern) and path.count("/") == pattern.count("/")


@pytest.mark.parametrize(
    "path",
    [
        ".git/HEAD",
        ".venv/bin/python",
        "node_modules/dkfds/package.json",
        "instance/borgerportal.sqlite",
        "instance/uploads/1/abc.pdf",
        "translations/da/LC_MESSAGES/messages.mo",
        "app/__pycache__/cli.cpython-311.pyc",
        "app/static/vendor/dkfds/css/dkfds-borgerdk.min.css",
        ".env",
        "tests/conftest.py",
        "bench/results/run.json",
    ],
)
def test_the_build_context_leaves_out_local_state(path):
    assert build_context_excludes(path)


@pytest.mark.parametrize(
    "path",
    [
        "app/__init__.py",
        "migrations/versions/0001_initial.py",
        "translations/da/LC_MESSAGES/messages.po",
        "scripts/docker-entrypoint.sh",
        "scripts/copy-vendor-assets.sh",
        "gunicorn.conf.py",
        "requirements.txt",
        "package-lock.json",
        ".env.example",
    ],
)
def test_the_build_context_keeps_what_the_image_needs(path):
    assert not build_context_excludes(path)


def entrypoint(*args, env: dict, **kwargs):
    """The image's entry point, with the test environment's gunicorn and flask on PATH."""
    bin_dir = str(Path(sys.executable).parent)
    full_env = {**os.environ, **env, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    return subprocess.run(
        ["sh", str(ENTRYPOINT), *args], cwd=ROOT, env=full_env, capture_output=True, text=True, **kwargs
    )


@pytest.fixture
def production_env(tmp_path) -> dict:
    return {
        "BORGERPORTAL_CONFIG": "production",
        "SECRET_KEY": "entrypoint-test-" + "k" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite'}",
        "UPLOAD_DIR": str(tmp_path / "uploads"),
    }


def test_migrate_then_worker_and_one_off_commands_run_from_the_entry_point(production_env, tmp_path):
    migrated = entrypoint("migrate", env=production_env, timeout=120)
    assert migrated.returncode == 0, migrated.stderr
    with sqlite3.connect(tmp_path / "portal.sqlite") as connection:
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"alembic_version", "citizens", "messages", "staff_users"} <= tables

    added = entrypoint(
        "flask",
        "jobcenter",
        "add",
        "kbh",
        "Jobcenter",
        "--phone",
        "1",
        "--email",
        "a@b.dk",
        env=production_env,
        timeout=60,
    )
    assert added.returncode == 0 and "added" in added.stdout, added.stderr
    worked = entrypoint("worker", "--once", env=production_env, timeout=60)
    assert worked.returncode == 0 and "Handled 0 message(s)." in worked.stdout, worked.stderr
    unknown = entrypoint("serve-everything", env=production_env, timeout=30)
    assert unknown.returncode == 64 and "use web, worker, migrate" in unknown.stderr


def test_web_serves_with_gunicorn_from_the_entry_point(production_env):
    port = free_port()
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        **production_env,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
    }
    server = subprocess.Popen(
        ["sh", str(ENTRYPOINT), "web"], cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}", server)
        assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=20).status_code == 200
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


PORTAL_SERVICES = ("migrate", "web", "worker")


def test_compose_runs_every_engine_and_each_part_of_the_portal():
    services = compose()["services"]
    assert set(services) >= {"db", "redis", "minio", "minio-init", *PORTAL_SERVICES}
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    assert services["minio"]["image"].startswith("minio/minio")
    for name in PORTAL_SERVICES:
        assert services[name]["build"] == "." and services[name]["command"] == [name]
    assert services["migrate"]["restart"] == "no"  # one shot
    assert "ports" in services["web"] and "ports" not in services["worker"]


def test_compose_keeps_data_in_volumes():
    config = compose()
    services, volumes = config["services"], set(config["volumes"])
    mounted = {
        name: {v.split(":")[0] for v in service.get("volumes", [])} for name, service in services.items()
    }
    assert "pgdata" in mounted["db"] and "redisdata" in mounted["redis"] and "miniodata" in mounted["minio"]
    for name in ("web", "worker"):
        assert {"uploads", "metrics"} <= mounted[name]
    assert set().union(*mounted.values()) <= volumes


def test_compose_checks_health_and_starts_in_order():
    services = compose()["services"]
    for name in ("db", "redis", "minio", "web"):
        assert services[name]["healthcheck"]["test"], name
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    for name in ("web", "worker"):
        conditions = {service: rule["condition"] for service, rule in services[name]["depends_on"].items()}
        assert conditions == {
            "db": "service_healthy",
            "redis": "service_healthy",
            "minio-init": "service_completed_successfully",
            "migrate": "service_completed_successfully",
        }


def test_compose_gives_the_portal_its_engines_and_production_settings():
    services = compose()["services"]
    for name in PORTAL_SERVICES:
        environment = services[name]["environment"]
        assert environment["BORGERPORTAL_CONFIG"] == "production"
        assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")  # refuses to start without it
        assert "@db/" in environment["DATABASE_URL"]
        assert environment["RATELIMIT_STORAGE_URI"].startswith("redis://redis:")
        assert environment["UPLOAD_STORAGE_URL"].startswith("s3://")
        assert environment["AWS_ENDPOINT_URL_S3"] == "http://minio:9000"
        for variable in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION", "PROXY_HOPS"):
            assert variable in environment


def variables_read_by(path: Path) -> set[str]:
    """Names passed to os.environ.get / os.environ[...] / _env_int / _env_bool in a Python file."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            function = ast.unparse(node.func)
            if function in ("os.environ.get", "os.getenv") or function.startswith("_env_"):
                names.add(node.args[0].value)
        elif (
            isinstance(node, ast.Subscript)
            and ast.unparse(node.value) == "os.environ"
            and isinstance(node.slice, ast.Constant)
        ):
            names.add(node.slice.value)
    return names


def env_example_variables() -> set[str]:
    """Every NAME=… line of .env.example, commented out or not."""
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_env_example_lists_every_variable_the_portal_reads():
    read = variables_read_by(ROOT / "config.py") | variables_read_by(ROOT / "gunicorn.conf.py")
    assert {"SECRET_KEY", "DATABASE_URL", "PROXY_HOPS", "WEB_CONCURRENCY"} <= read  # the parser works
    missing = read - READ_ONLY_IN_TESTS - env_example_variables()
    assert not missing, f"add to .env.example: {sorted(missing)}"


def test_env_example_holds_no_secret_values():
    for line in (ROOT / ".env.example").read_text().splitlines():
        name, _, value = line.lstrip("# ").partition("=")
        if any(word in name for word in ("SECRET", "PASSWORD", "TOKEN")):
            assert value == "", f"{name} must be left empty in .env.example"


def test_every_variable_in_env_example_reaches_the_compose_file():
    text = (ROOT / "docker-compose.yml").read_text()
    used = set(re.findall(r"\$\{([A-Z0-9_]+)", text)) | set(compose()["x-portal"]["environment"])
    only_outside_compose = {"DATABASE_URL", "RATELIMIT_ENABLED"}  # compose builds or needs no value
    assert env_example_variables() - used - only_outside_compose == set()
    assert set(re.findall(r"\$\{([A-Z0-9_]+)", text)) <= env_example_variables()
