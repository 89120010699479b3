"""One ``make run`` per checkout, on ports nothing else holds: a second one says who is there and exits."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
from collections.abc import Iterator, Mapping
from pathlib import Path


class AlreadyRunning(SystemExit):
    def __init__(self, message: str) -> None:
        super().__init__(message)


@contextlib.contextmanager
def claimed(run_dir: Path, gateway_url: str) -> Iterator[None]:
    """Hold ``run_dir/devrun.lock`` for as long as this run lives (the kernel releases it if the run dies)."""
    run_dir.mkdir(exist_ok=True)
    with (run_dir / "devrun.lock").open("a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            raise AlreadyRunning(_already_running(lock.read())) from None
        lock.truncate(0)
        lock.write(json.dumps({"pid": os.getpid(), "gateway": gateway_url}))
        lock.flush()
        yield


def ensure_ports_free(host: str, ports: Mapping[str, int]) -> None:
    taken = [f"{port} ({service})" for service, port in sorted(ports.items()) if not _free(host, port)]
    if taken:
        raise AlreadyRunning(
            f"Ports in use on {host}: {', '.join(taken)}. Another Switchyard (from another checkout?) or another "
            "program listens there; stop it, or choose other ports with SWITCHYARD_<SERVICE>_PORT."
        )


def _already_running(held_by: str) -> str:
    with contextlib.suppress(ValueError):
        first = json.loads(held_by)
        return (
            f"Switchyard is already running from this checkout (pid {first['pid']}, gateway {first['gateway']}). "
            "Use that one, or stop it with Ctrl-C in its terminal before starting another."
        )
    return "Switchyard is already running from this checkout; stop it before starting another."


def _free(host: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True
