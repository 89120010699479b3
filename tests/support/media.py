"""Real media for tests of the agent's ffmpeg driver: an H.264 test source pushing MPEG-TS, receivers (ffprobe, or
an ffmpeg whose bytes a test counts), free ports, and a TLS terminator with a throwaway certificate (RTMPS)."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import random
import socket
import ssl
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SIZE = (640, 360)
SOURCE_KBPS = 1000
ENCODE = ["-re", "-f", "lavfi", "-i", f"testsrc=size={SIZE[0]}x{SIZE[1]}:rate=25", "-c:v", "libx264",
          "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-x264-params", "repeat-headers=1:nal-hrd=cbr",
          "-b:v", f"{SOURCE_KBPS}k", "-minrate", f"{SOURCE_KBPS}k", "-maxrate", f"{SOURCE_KBPS}k",
          "-bufsize", f"{SOURCE_KBPS // 2}k", "-f", "mpegts"]  # fmt: skip
QUIET = ["-hide_banner", "-nostats", "-loglevel", "error", "-nostdin"]


def free_port(kind: int = socket.SOCK_DGRAM, even: bool = False, within: range | None = None) -> int:
    """A port free for UDP (SRT, RIST) and TCP alike; ``even`` for RIST (RTP on it, RTCP on the next)."""
    for port in random.sample(within, len(within)) if within else ():
        if (not even or port % 2 == 0) and port_is_free(port) and port_is_free(port + 1):
            return port
    while True:
        with socket.socket(socket.AF_INET, kind) as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        if (not even or port % 2 == 0) and port < 65_000 and port_is_free(port) and port_is_free(port + 1):
            return port


def port_is_free(port: int) -> bool:
    """Nothing listens on ``port``, over UDP or TCP."""
    for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
        with socket.socket(socket.AF_INET, kind) as probe:
            try:
                probe.bind(("0.0.0.0", port))  # noqa: S104
            except OSError:
                return False
    return True


class Kept:
    """An ffmpeg started again whenever it ends (a caller's listener not up yet, say), until stopped."""

    def __init__(self, command: list[str], stdout: int = asyncio.subprocess.DEVNULL) -> None:
        self.command, self.stdout = command, stdout
        self.process: asyncio.subprocess.Process | None = None
        self._stopping = asyncio.Event()
        self._task = asyncio.create_task(self._keep())

    async def _keep(self) -> None:
        while not self._stopping.is_set():
            self.process = await asyncio.create_subprocess_exec(
                *self.command, stdout=self.stdout, stderr=asyncio.subprocess.DEVNULL, stdin=asyncio.subprocess.DEVNULL
            )
            ran = asyncio.create_task(self.run(self.process))
            await asyncio.wait([ran, asyncio.create_task(self._stopping.wait())], return_when=asyncio.FIRST_COMPLETED)
            if self.process.returncode is None:
                self.process.kill()
            await self.process.wait()
            ran.cancel()
            await asyncio.gather(ran, return_exceptions=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), 0.2)

    async def run(self, process: asyncio.subprocess.Process) -> None:
        await process.wait()

    async def stop(self) -> None:
        self._stopping.set()
        await self._task


class Source(Kept):
    """Pushes the test pattern to ``url`` (``options`` before it)."""

    def __init__(self, url: str, *options: str) -> None:
        super().__init__(["ffmpeg", *QUIET, *ENCODE, *options, url])


async def probe(url: str, *options: str, within: float = 20) -> dict[str, Any]:
    """The first video stream ffprobe finds at ``url`` (trying again until ``within`` seconds passed)."""
    deadline = time.monotonic() + within
    while True:
        process = await asyncio.create_subprocess_exec(
            "ffprobe", "-v", "error", *options, "-select_streams", "v:0", "-show_entries",
            "stream=codec_name,width,height", "-of", "json", "-rw_timeout", "8000000", url,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        try:
            out, _ = await asyncio.wait_for(process.communicate(), 10)
            streams = json.loads(out or b"{}").get("streams", [])
            if streams:
                return dict(streams[0])
        except TimeoutError:
            process.kill()
            await process.wait()
        if time.monotonic() > deadline:
            raise AssertionError(f"no video stream at {url}")
        await asyncio.sleep(0.5)


class Counted(Kept):
    """A receiving process whose stdout bytes are counted, with their arrival times."""

    def __init__(self, command: list[str]) -> None:
        self.received = 0
        self.arrivals: list[tuple[float, int]] = []
        super().__init__(command, stdout=asyncio.subprocess.PIPE)

    async def run(self, process: asyncio.subprocess.Process) -> None:
        assert process.stdout is not None
        while chunk := await process.stdout.read(65536):
            self.received += len(chunk)
            self.arrivals.append((time.monotonic(), len(chunk)))
        await process.wait()

    def longest_gap(self, since: float) -> float:
        times = [since] + [t for t, _ in self.arrivals if t >= since]
        return max((b - a for a, b in itertools.pairwise(times)), default=0.0)


class Receiver(Counted):
    """An ffmpeg pulling ``url``, copied to its stdout as MPEG-TS (it probes the stream before the first byte)."""

    def __init__(self, url: str, *options: str, fmt: str = "mpegts") -> None:
        super().__init__(["ffmpeg", *QUIET, *options, "-i", url, "-c", "copy", "-f", fmt, "pipe:1"])


def raw_receiver(port: int, latency_ms: int = 120) -> Counted:
    """srt-live-transmit listening on ``port``: the bytes as they arrive, with no probing of its own."""
    url = f"srt://127.0.0.1:{port}?mode=listener&latency={latency_ms}"
    return Counted(["srt-live-transmit", "-q", url, "file://con"])


class DelayingHop(asyncio.DatagramProtocol):
    """A UDP hop on ``port`` to ``target`` on 127.0.0.1 that delays every datagram by ``delay`` seconds each way
    and loses every ``lose_every``-th media-sized one (over 1000 bytes: SRT's data, never its handshakes or acks):
    a network with a known round trip and a known loss, for one peer at a time."""

    def __init__(self, target: int, delay: float, lose_every: int) -> None:
        self.target, self.delay, self.lose_every = target, delay, lose_every
        self.media = self.lost = 0
        self.client: tuple[str, int] | None = None
        self.outer: asyncio.DatagramTransport | None = None
        self.inner: asyncio.DatagramTransport | None = None

    @classmethod
    async def open(cls, port: int, target: int, delay: float = 0.02, lose_every: int = 50) -> DelayingHop:
        loop, hop = asyncio.get_running_loop(), cls(target, delay, lose_every)
        hop.outer, _ = await loop.create_datagram_endpoint(lambda: hop, local_addr=("127.0.0.1", port))
        hop.inner, _ = await loop.create_datagram_endpoint(
            lambda: _Back(hop), local_addr=("127.0.0.1", 0), remote_addr=("127.0.0.1", target)
        )
        return hop

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:  # from the outer peer
        self.client = addr
        self.forward(data, lambda: self.inner.sendto(data) if self.inner else None)

    def back(self, data: bytes) -> None:  # from the target
        client, outer = self.client, self.outer
        if client is not None and outer is not None:
            self.forward(data, lambda: outer.sendto(data, client))

    def forward(self, data: bytes, send: Callable[[], object]) -> None:
        if len(data) > 1000:
            self.media += 1
            if self.media % self.lose_every == 0:
                self.lost += 1
                return
        asyncio.get_running_loop().call_later(self.delay, send)

    def close(self) -> None:
        for transport in (self.outer, self.inner):
            if transport is not None:
                transport.close()


class _Back(asyncio.DatagramProtocol):
    def __init__(self, hop: DelayingHop) -> None:
        self.hop = hop

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        self.hop.back(data)


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A throwaway certificate for 127.0.0.1 and its key (openssl; the venv has no ``cryptography``)."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)  # fmt: skip
    return cert, key


class TlsTerminator:
    """Accepts TLS on ``port`` and forwards the plain bytes to ``target`` on 127.0.0.1: an RTMPS receiver made of an
    RTMP one (ffmpeg cannot listen for RTMPS). ``sessions``: the TLS handshakes that completed."""

    def __init__(self, port: int, target: int, cert: Path, key: Path) -> None:
        self.port, self.target, self.sessions = port, target, 0
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.load_cert_chain(cert, key)
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()

    async def __aenter__(self) -> TlsTerminator:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", self.port, ssl=self.context)
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self.server is not None
        self.server.close()
        for writer in self.writers:  # Python 3.11's server waits for its connections before it closes
            writer.close()
        await self.server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.sessions += 1
        try:
            inner_reader, inner_writer = await asyncio.open_connection("127.0.0.1", self.target)
        except OSError:
            writer.close()
            return
        self.writers |= {writer, inner_writer}
        await asyncio.gather(_pipe(reader, inner_writer), _pipe(inner_reader, writer), return_exceptions=True)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while chunk := await reader.read(65536):
            writer.write(chunk)
            await writer.drain()
    finally:
        writer.close()
