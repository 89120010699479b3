"""Figures 6-7: authenticated requests through the gateway, against an aiohttp "hello world", both driven by wrk.

Rounds alternate the contenders (hello, ``GET /api/user``, ``GET /api/customer_environment/<id>``), each a
``wrk -t2 -c32 --latency`` run; a figure is the median over rounds.
"""

from __future__ import annotations

import asyncio
import re
import statistics
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiohttp

from bench.scale import Scale
from bench.stage import Stage
from bench.table import Figure, Target, compared, interleave, say, spread
from tests.support.platform import free_port

NAMES = ("user", "environment")
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


@dataclass(frozen=True)
class Run:
    requests_per_second: float
    p99_ms: float


def parse_wrk(output: str) -> Run:
    """Requests/s and the 99th percentile latency from ``wrk --latency``; a run with failed requests is refused."""
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    if failed or (errors and any(int(n) for n in re.findall(r"\d+", errors.group(1)))):
        raise RuntimeError(f"wrk saw failed requests:\n{output}")
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\b", output, re.MULTILINE)
    if rate is None or p99 is None:
        raise RuntimeError(f"cannot read wrk's output:\n{output}")
    return Run(float(rate.group(1)), float(p99.group(1)) * _UNITS[p99.group(2)])


async def wrk(url: str, seconds: int, token: str | None = None) -> Run:
    headers = ["-H", f"Authorization: Bearer {token}"] if token else []
    process = await asyncio.create_subprocess_exec(
        "wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", *headers, url,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"wrk exited with {process.returncode}:\n{output.decode()}")
    return parse_wrk(output.decode())


@asynccontextmanager
async def hello_app() -> AsyncIterator[str]:
    """``python -m bench.hello`` as a process of its own; yields its URL."""
    async with served("bench.hello") as url:
        yield url


@asynccontextmanager
async def served(module: str, *arguments: str) -> AsyncIterator[str]:
    """``python -m <module> --port N [arguments]`` as a process of its own, once it answers; yields its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", module, "--port", str(port), *arguments)
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(100):
                try:
                    async with session.get(url) as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)
            else:
                raise TimeoutError(f"{module} did not answer")
        yield url
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), 10)


async def figures(stage: Stage, scale: Scale, wanted: set[str]) -> list[Figure]:
    gateway, token = stage.platform.gateway_url, stage.admin.token
    runs: dict[str, list[Run]] = {"hello": [], "bare proxy": [], "user": [], "environment": []}

    async def contender(name: str, url: str, bearer: str | None) -> Callable[[], Awaitable[float]]:
        await wrk(url, 1, bearer)  # warm up (connections, caches, prepared statements)

        async def run() -> float:
            runs[name].append(await wrk(url, scale.wrk_seconds, bearer))
            return runs[name][-1].requests_per_second

        return run

    async with hello_app() as hello_url, served("bench.proxy", "--upstream", hello_url) as proxy_url:
        contenders = {"hello": await contender("hello", hello_url, None)}
        contenders["bare proxy"] = await contender("bare proxy", proxy_url, None)
        if "user" in wanted:
            contenders["user"] = await contender("user", f"{gateway}/api/user", token)
        if "environment" in wanted:
            environment_id, _, _ = await stage.first_environment()
            url = f"{gateway}/api/customer_environment/{environment_id}"
            contenders["environment"] = await contender("environment", url, token)
        rates = await interleave(contenders, scale.http_rounds)
    p99 = {name: [run.p99_ms for run in found] for name, found in runs.items() if found}
    for name, values in rates.items():
        say(f"wrk {name}: {spread(values, 'requests/s')}; p99 {spread(p99[name], 'ms')}")
    hello, found = rates["hello"], []
    bare = statistics.median(rates["bare proxy"]) / statistics.median(hello)
    say(f"context: an aiohttp service that only forwards a GET to the hello world serves {bare:.2f}x of it")
    if "user" in wanted:
        found += [
            compared("GET /api/user via gateway, vs hello world", "req/s", hello, rates["user"],
                     Target(at_least=0.25)),
            compared("GET /api/user p99 latency, vs hello world", "ms", p99["hello"], p99["user"],
                     Target(at_most=15)),
        ]  # fmt: skip
    if "environment" in wanted:
        found.append(compared("GET /api/customer_environment/<id>, vs hello world", "req/s", hello,
                              rates["environment"], Target(at_least=0.15)))  # fmt: skip
    return found
