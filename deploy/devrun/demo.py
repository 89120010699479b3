"""``python -m devrun.demo``: the first thing to see, against ``make run`` with the ffmpeg media driver. Through the
public API it makes an organisation, an environment, an SRT-listener input and output and a schedule running now;
it pushes an ffmpeg test pattern into the input and shows, every second, what arrives at the output (the
receiver's codec and size) and the bitrates the agent measures. Ctrl-C ends it (the schedule is deleted).

    python -m devrun.demo --password <the superuser's, as make run printed it>
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp

SOURCE = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-f", "lavfi", "-i",
          "testsrc=size=640x360:rate=25", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
          "-g", "25", "-x264-params", "repeat-headers=1", "-b:v", "1000k", "-f", "mpegts"]  # fmt: skip


class Client:
    def __init__(self, session: aiohttp.ClientSession, base: str) -> None:
        self.session, self.base, self.token = session, base.rstrip("/"), ""

    async def call(self, method: str, path: str, body: Any = None, expect: tuple[int, ...] = (200,)) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        async with self.session.request(method, self.base + path, json=body, headers=headers) as response:
            answer = await response.json(content_type=None) if response.content_length != 0 else None
            if response.status not in expect:
                raise SystemExit(f"{method} {path}: {response.status} {json.dumps(answer)[:300]}")
            return answer


async def until(check: Any, what: str, within: float = 120) -> Any:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        if found := await check():
            return found
        await asyncio.sleep(1)
    raise SystemExit(f"gave up waiting for {what}")


async def set_up(api: Client, email: str, password: str) -> tuple[str, str, dict[str, Any]]:
    api.token = (await api.call("POST", "/api/login", {"email": email, "password": password}))["jwt_token"]
    made = await api.call("POST", "/api/organisations", {"name": "Demo"}, expect=(201, 400, 409))
    if "id" not in made:  # one organisation on free credits per user: use the one there is
        made = (await api.call("GET", "/api/organisations/manageable"))["objects"][0]
    switched = await api.call("POST", "/api/user/managing_organisation", {"organisation_id": made["id"]})
    api.token = switched["jwt_token"]
    environment = await api.call("POST", "/api/customer_environment", {"name": "demo"}, expect=(201,))
    where = f"/api/customer_environment/{environment['id']}"

    async def running() -> bool:
        return bool((await api.call("GET", where))["state"] == "running")

    await until(running, "the environment to run")
    print(f"environment {environment['id']} runs", flush=True)  # noqa: T201
    await until(lambda: _known(api, f"{where}/inputs"), "streams to know the environment")
    camera = await api.call("POST", f"{where}/inputs/srt_listener", {"id": "demo-cam", "latency": 120}, expect=(201,))
    out = await api.call("POST", f"{where}/outputs/srt_listener", {"id": "demo-out", "latency": 120}, expect=(201,))
    end = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    body = {"input_id": "demo-cam", "output_id": "demo-out", "start_time": "NOW", "end_time": end}
    schedule = await until(lambda: _scheduled(api, body), "the schedule")
    print(f"input on port {camera['port']}, output on port {out['port']}, schedule {schedule['id']}", flush=True)  # noqa: T201
    return where, f"{camera['port']}", {**schedule, "output_port": out["port"]}


async def _known(api: Client, path: str) -> bool:
    return bool(await api.call("GET", path, expect=(200, 404)) and True)


async def _scheduled(api: Client, body: dict[str, Any]) -> dict[str, Any] | None:
    made = await api.call("POST", "/api/schedules", body, expect=(201, 404, 409))
    return made if "id" in made else None


async def probe(port: int) -> str:
    """What ffprobe sees at the output: codec and size, or nothing yet."""
    process = await asyncio.create_subprocess_exec(
        "ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height",
        "-of", "json", "-rw_timeout", "3000000", f"srt://127.0.0.1:{port}?mode=caller",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    out, _ = await process.communicate()
    streams = json.loads(out or b"{}").get("streams", [])
    return f"{streams[0]['codec_name']} {streams[0]['width']}x{streams[0]['height']}" if streams else ""


async def keep_running(command: list[str], counted: list[int] | None = None) -> None:
    """``command`` started again whenever it ends (the input's listener not up yet, say); its stdout counted."""
    while True:
        process = await asyncio.create_subprocess_exec(
            *command, stdout=asyncio.subprocess.PIPE if counted is not None else asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        try:
            while counted is not None and process.stdout and (chunk := await process.stdout.read(65536)):
                counted[0] += len(chunk)
            await process.wait()
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        await asyncio.sleep(1)


async def show(api: Client, where: str, output_port: int) -> None:
    seen = await until(lambda: probe(output_port), "the feed at the output")
    print(f"the receiver sees {seen}", flush=True)  # noqa: T201
    url = f"srt://127.0.0.1:{output_port}?mode=caller"
    counted = [0]
    receiving = asyncio.create_task(keep_running(["ffmpeg", "-v", "error", "-i", url, "-c", "copy", "-f", "mpegts",
                                                  "pipe:1"], counted))  # fmt: skip
    try:
        while True:
            before = counted[0]
            await asyncio.sleep(1)
            measured = []
            for side in ("inputs/demo-cam", "outputs/demo-out"):
                live = (await api.call("GET", f"{where}/{side}/statistics")).get("statistics") or {}
                measured.append(live.get("net_recv.bitrate", live.get("net_send.bitrate", "-")))
            print(f"{datetime.now():%H:%M:%S} receiver {seen}, {(counted[0] - before) * 8 // 1000} kbit/s; "  # noqa: T201
                  f"the agent measures in {measured[0]} kbit/s, out {measured[1]} kbit/s", flush=True)  # fmt: skip
    finally:
        receiving.cancel()


async def main(base: str, email: str, password: str) -> None:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        api = Client(session, base)
        where, port, schedule = await set_up(api, email, password)
        source = asyncio.create_task(keep_running([*SOURCE, f"srt://127.0.0.1:{port}?mode=caller"]))
        try:
            await show(api, where, int(schedule["output_port"]))
        finally:
            source.cancel()
            with contextlib.suppress(SystemExit):
                await api.call("DELETE", f"/api/schedules/{schedule['id']}", expect=(204,))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m devrun.demo", description=__doc__.split("\n\n")[0])
    parser.add_argument("--gateway", default="http://127.0.0.1:8080")
    parser.add_argument("--email", default="admin@switchyard.local")
    parser.add_argument("--password", required=True)
    arguments = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main(arguments.gateway, arguments.email, arguments.password))
