"""A TCP proxy between a process and a server (the broker) that a test can hold: while held, no byte passes either
way and new connections wait; releasing drops the held connections with whatever they sent (the server never sees
it) and forwards new ones again. Deterministic where closing connections at the broker is not: what a process sent
while held is known never to have arrived."""

from __future__ import annotations

import asyncio
import contextlib


class TcpProxy:
    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.port = 0
        self._server: asyncio.Server | None = None
        self._forwarding = asyncio.Event()
        self._forwarding.set()
        self._generation = 0  # a release starts a new one: connections of an older one are dropped
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> int:
        self._server = await asyncio.start_server(self._accepted, "127.0.0.1", 0)
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self.port

    def hold(self) -> None:
        self._forwarding.clear()

    async def release(self) -> None:
        self._generation += 1
        await self._close_all()
        self._forwarding.set()

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        await self._close_all()

    async def _accepted(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        generation = self._generation
        self._writers.add(client_writer)
        if not await self._may_pass(generation):
            return
        upstream_reader, upstream_writer = await asyncio.open_connection(*self.upstream)
        self._writers.add(upstream_writer)
        await asyncio.gather(self._pipe(client_reader, upstream_writer, generation),
                             self._pipe(upstream_reader, client_writer, generation))  # fmt: skip

    async def _may_pass(self, generation: int) -> bool:
        await self._forwarding.wait()
        return generation == self._generation

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, generation: int) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while await self._may_pass(generation):
                data = await reader.read(65536)
                # read before a hold, or while held: it passes only if no release came meanwhile
                if not data or not await self._may_pass(generation):
                    break
                writer.write(data)
                await writer.drain()
        writer.close()

    async def _close_all(self) -> None:
        writers, self._writers = self._writers, set()
        for writer in writers:
            writer.close()
        for writer in writers:
            with contextlib.suppress(ConnectionError, OSError):
                await writer.wait_closed()
