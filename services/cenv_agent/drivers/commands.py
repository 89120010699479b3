"""The ffmpeg command lines that realise an input (its media copied to stdout as MPEG-TS) and an output (MPEG-TS
from stdin copied to the network), from the endpoint's configuration. Stream copy only, never a transcode.

Protocol settings go as ffmpeg options, not in the URL: nothing needs escaping. Not realised by ffmpeg: a RIST
output's FEC matrix, ttl and local port (librist has no such settings), an SRT caller input's expected bitrate.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cenv_agent.drivers.plan import Endpoint

PBKEYLEN = {1: 16, 2: 24, 3: 32}  # encryption_type → AES key length in bytes
BASE = ["-hide_banner", "-nostats", "-loglevel", "error"]
COPY = ["-map", "0", "-ignore_unknown", "-c", "copy"]
MAX_RIST_BUFFER_MS = 30_000
PROBE = ["-analyzeduration", "1000000"]  # a second: less to wait for, and less burst when the probing ends


class Unrealisable(ValueError):
    """The configuration names something this driver cannot run (a Zixi endpoint, a port missing)."""


def _latency(settings: dict[str, Any], name: str = "latency") -> list[str]:
    latency = settings.get(name)
    return ["-latency", str(latency * 1000)] if isinstance(latency, int) and latency >= 0 else []  # microseconds


def _srt(endpoint: Endpoint, bind: str, listener: bool) -> tuple[list[str], str]:
    settings = dict(endpoint.settings)
    options = ["-mode", "listener" if listener else "caller", *_latency(settings)]
    if settings.get("stream_id") and not listener:
        options += ["-streamid", str(settings["stream_id"])]
    encryption, password = settings.get("encryption_type", 0), endpoint.secrets.get("password")
    if encryption in PBKEYLEN and password:
        options += ["-passphrase", password, "-pbkeylen", str(PBKEYLEN[encryption])]
    host = bind if listener else settings["host"]
    return options, f"srt://{host}:{_port(settings, 'port')}"


def _port(settings: dict[str, Any], name: str) -> int:
    port = settings.get(name)
    if not isinstance(port, int) or port < 1:
        raise Unrealisable(f"no {name} in the configuration")
    return port


def input_command(ffmpeg: str, endpoint: Endpoint, bind: str = "0.0.0.0") -> list[str]:  # noqa: S104
    settings = dict(endpoint.settings)
    if endpoint.kind in ("srt_listener", "srt_caller"):
        options, url = _srt(endpoint, bind, listener=endpoint.kind == "srt_listener")
    elif endpoint.kind == "rist":
        buffer = min(int(settings.get("max_latency", 1000)), MAX_RIST_BUFFER_MS)
        options = ["-rist_profile", "simple", "-buffer_size", str(buffer)]
        url = f"rist://@{bind}:{_port(settings, 'port')}"
    else:
        raise Unrealisable(f"a {endpoint.kind} input is not realised by the ffmpeg driver")
    return [ffmpeg, *BASE, "-nostdin", *PROBE, *options, "-i", url, *COPY, "-f", "mpegts", "pipe:1"]


def output_command(ffmpeg: str, endpoint: Endpoint, attempt: int = 0, bind: str = "0.0.0.0") -> list[str]:  # noqa: S104
    """``attempt``: how many times it ran before (an RTMP output alternates between its url and backup_url)."""
    settings = dict(endpoint.settings)
    head = [ffmpeg, *BASE, *PROBE, "-f", "mpegts", "-i", "pipe:0"]
    if endpoint.kind in ("srt_listener", "srt_caller"):
        options, url = _srt(endpoint, bind, listener=endpoint.kind == "srt_listener")
        return [*head, *COPY, *options, "-f", "mpegts", url]
    if endpoint.kind == "rist":
        url = f"rist://{settings['host']}:{_port(settings, 'port')}"
        return [*head, *COPY, "-rist_profile", "simple", "-f", "mpegts", url]
    if endpoint.kind == "rtmp":
        urls = [u for u in (endpoint.secrets.get("url"), endpoint.secrets.get("backup_url")) if u]
        if not urls:
            raise Unrealisable("an RTMP output without its address")
        streams = ["-map", "0:v?", "-map", "0:a?", "-c", "copy", "-bsf:a", "aac_adtstoasc"]
        return [*head, *streams, "-f", "flv", urls[attempt % len(urls)]]
    raise Unrealisable(f"a {endpoint.kind} output is not realised by the ffmpeg driver")


def redacted(endpoint: Endpoint) -> Callable[[str], str]:
    """What of a text about the endpoint (its command line, ffmpeg's errors) may be logged: no passphrase, no RTMP
    address (it carries the stream key)."""
    secrets = sorted((s for s in endpoint.secrets.values() if s), key=len, reverse=True)

    def redact(text: str) -> str:
        for secret in secrets:
            text = text.replace(secret, "***")
        return text

    return redact
