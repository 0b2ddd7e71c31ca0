"""docker-compose.yml runs the portal on several web replicas behind one port, a worker per
Celery queue and one beat; `docker-compose config -q` accepts it when the binary is here."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from pmo_portal.celery import app

ROOT = Path(settings.BASE_DIR)
COMPOSE = ROOT / "docker-compose.yml"


def services() -> dict[str, dict]:
    """The services as written, the ``${VAR:-default}`` values taken at their default."""
    return yaml.safe_load(COMPOSE.read_text())["services"]


def default_of(value) -> str:
    text = str(value)
    if text.startswith("${") and ":-" in text:
        return text[text.index(":-") + 2 : -1]
    return text


def replicas(service: dict) -> int:
    return int(default_of(service.get("deploy", {}).get("replicas", 1)))


def command(service: dict) -> list[str]:
    value = service.get("command") or []
    return value.split() if isinstance(value, str) else [str(part) for part in value]


def celery_role(service: dict) -> str | None:
    argv = command(service)
    if argv[:3] == ["celery", "-A", "pmo_portal"]:
        return argv[3]
    return None


def worker_queues(service: dict) -> set[str]:
    argv = command(service)
    return set(argv[argv.index("-Q") + 1].split(","))


def declared_queues() -> set[str]:
    """The queues the Celery app sends to: the default one and those of its routes."""
    routes = app.conf.task_routes or {}
    return {app.conf.task_default_queue} | {route["queue"] for route in routes.values()}


def test_web_runs_several_replicas_behind_the_balancers_single_port():
    declared = services()
    assert replicas(declared["web"]) > 1
    assert "ports" not in declared["web"]  # replicas cannot share a host port
    assert declared["web"]["expose"] == ["8000"]
    published = {name: svc["ports"] for name, svc in declared.items() if svc.get("ports")}
    # Mailpit's web UI (trials only) is the one other published port.
    assert set(published) - {"mailpit"} == {"balancer"}
    assert published["balancer"] == ["127.0.0.1:8000:8000"]
    balancer = declared["balancer"]
    config_path = next(v.split(":")[0] for v in balancer["volumes"] if "haproxy.cfg" in v)
    config = (ROOT / config_path).read_text()
    assert "bind :8000" in config
    assert "web:8000" in config
    # Migrations run once, before any replica serves.
    assert command(declared["migrate"])[-2:] == ["migrate", "--noinput"]
    assert declared["web"]["depends_on"]["migrate"] == {
        "condition": "service_completed_successfully"
    }
    assert not any("migrate" in part for part in command(declared["web"]))


def test_a_worker_per_queue_and_exactly_one_beat():
    declared = services()
    workers = {name: svc for name, svc in declared.items() if celery_role(svc) == "worker"}
    queues = [queue for svc in workers.values() for queue in worker_queues(svc)]
    assert sorted(queues) == sorted(declared_queues())  # each queue once, none missing
    assert declared_queues() == {"default", "pdf"}
    pdf = next(svc for svc in workers.values() if worker_queues(svc) == {"pdf"})
    assert "--prefetch-multiplier=1" in command(pdf)
    beats = [svc for svc in declared.values() if celery_role(svc) == "beat"]
    assert len(beats) == 1
    assert replicas(beats[0]) == 1
    # And a second one would wait on the lock: the scheduler is the locked one.
    assert settings.CELERY_BEAT_SCHEDULER == "pmo_portal.beat_lock:LockedDatabaseScheduler"


def test_the_replica_url_reaches_the_containers_and_is_off_by_default():
    environment = yaml.safe_load(COMPOSE.read_text())["x-env"]
    assert default_of(environment["DATABASE_REPLICA_URL"]) == ""


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose not installed")
def test_docker_compose_accepts_the_file():
    env = {**os.environ, "SECRET_KEY": "x", "POSTGRES_PASSWORD": "y"}
    result = subprocess.run(
        ["docker-compose", "-f", str(COMPOSE), "config", "-q"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
