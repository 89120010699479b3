"""The baseline of figure 3: the ``eventsourcing`` library's Postgres application recorder, written by threads.

It gets its own schema, its table created by the library itself, and its own connection pool (psycopg)
with one connection per writer thread. Each ``insert_events`` call is one transaction of one event.
"""

from __future__ import annotations

import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import psycopg
from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from yarl import URL

TOPIC = "bench:BenchHappened"
STATE = json.dumps({"environment_id": str(uuid.uuid4()), "name": "bench-environment", "region": "eu-west-1",
                    "size": 3}).encode()  # fmt: skip


class TheirRecorder:
    def __init__(self, database_url: str, schema: str, writers: int) -> None:
        url = URL(database_url)
        self.url, self.schema = url, schema
        self.datastore = PostgresDatastore(
            dbname=url.path.lstrip("/"),
            host=url.host or "127.0.0.1",
            port=url.port or 5432,
            user=url.user or "postgres",
            password=url.password or "",
            pool_size=writers,
            schema=schema,
        )
        self.recorder = PostgresApplicationRecorder(self.datastore)
        self.versions = {uuid.uuid4(): 0 for _ in range(writers)}
        self.threads = ThreadPoolExecutor(max_workers=writers, thread_name_prefix="eventsourcing")

    def create(self) -> None:
        """The schema is ours to make; the library then creates its table, type and index in it."""
        with psycopg.connect(self._conninfo(), autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {self.schema}")
        self.recorder.create_table()

    def round(self, per_writer: int) -> float:
        """Every writer thread appends ``per_writer`` events to its own aggregate, one per transaction: events/s."""
        started = time.perf_counter()
        for future in [self.threads.submit(self._write, originator, per_writer) for originator in self.versions]:
            future.result()
        return len(self.versions) * per_writer / (time.perf_counter() - started)

    def _write(self, originator: uuid.UUID, count: int) -> None:
        for _ in range(count):
            self.versions[originator] += 1
            event = StoredEvent(originator, self.versions[originator], TOPIC, STATE)
            self.recorder.insert_events([event])

    def close(self) -> None:
        self.threads.shutdown()
        self.datastore.close()

    def _conninfo(self) -> str:
        return str(self.url)
