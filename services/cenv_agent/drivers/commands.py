"""The command lines that realise an input (its media sent as MPEG-TS datagrams to its loopback multicast group)
and an output (MPEG-TS read from its input's group, copied to the network), from the endpoint's configuration
(decision 84). Stream copy only, never a transcode.

SRT goes through srt-live-transmit when the machine has it (decision 80): it moves the SRT payload without demuxing
and remuxing it, and reports libsrt's statistics as JSON lines on its stderr. Its settings go in
the URI's query, which it splits at ``&`` and never unescapes: a value holding ``&`` goes to ffmpeg instead.
ffmpeg's protocol settings go as options, not in the URL: nothing needs escaping. Not realised: a RIST output's FEC
matrix, ttl and local port (librist has no such settings), a RIST input's remote port and max bitrate (decision 85),
an SRT caller input's expected bitrate.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cenv_agent.drivers.groups import LOOPBACK, RECEIVE_BUFFER, Group
from cenv_agent.drivers.plan import Endpoint

PBKEYLEN = {1: 16, 2: 24, 3: 32}  # encryption_type → AES key length in bytes
BASE = ["-hide_banner", "-nostats", "-loglevel", "error"]
COPY = ["-map", "0", "-ignore_unknown", "-c", "copy"]
MAX_RIST_BUFFER_MS = 30_000
PROBE = ["-analyzeduration", "1000000"]  # a second: less to wait for, and less burst when the probing ends
SRT_KINDS = frozenset({"srt_listener", "srt_caller"})
SRT_PAYLOAD = 1316  # seven MPEG-TS packets per SRT packet, as ffmpeg sends them
STATS_EVERY_PACKETS = 100  # srt-live-transmit reports every n packets: 5 a second at 5 Mbit/s, 1 at 1 Mbit/s
PROGRESS = ["-progress", "pipe:1"]  # ffmpeg's key=value progress (total_size: bytes written) every 0.5 s on stdout


class Unrealisable(ValueError):
    """The configuration names something this driver cannot run (a Zixi endpoint, a port missing)."""


def _srt_settings(endpoint: Endpoint, bind: str) -> tuple[str, dict[str, str]]:
    """The address and the libsrt options of an SRT endpoint (latency in milliseconds, key length in bytes)."""
    host, port, options = srt_settings(endpoint, bind)
    return f"srt://{host}:{port}", options


def srt_settings(endpoint: Endpoint, bind: str) -> tuple[str, int, dict[str, str]]:
    """The host, port and libsrt options of an SRT endpoint: a listener's own address, the peer a caller calls."""
    settings, listener = dict(endpoint.settings), endpoint.kind == "srt_listener"
    options = {"mode": "listener" if listener else "caller"}
    latency = settings.get("latency")
    if isinstance(latency, int) and latency >= 0:
        options["latency"] = str(latency)
    if settings.get("stream_id") and not listener:
        options["streamid"] = str(settings["stream_id"])
    encryption, password = settings.get("encryption_type", 0), endpoint.secrets.get("password")
    if encryption in PBKEYLEN and password:
        options |= {"passphrase": password, "pbkeylen": str(PBKEYLEN[encryption])}
    host = bind if listener else settings["host"]
    return str(host), _port(settings, "port"), options


def _srt(endpoint: Endpoint, bind: str) -> tuple[list[str], str]:
    url, settings = _srt_settings(endpoint, bind)
    names = {"latency": "-latency", "streamid": "-streamid", "passphrase": "-passphrase", "pbkeylen": "-pbkeylen"}
    options = ["-mode", settings["mode"]]
    for name, option in names.items():
        if name in settings:
            value = str(int(settings[name]) * 1000) if name == "latency" else settings[name]  # microseconds
            options += [option, value]
    return options, url


def transmits(endpoint: Endpoint, srt_transmit: str | None, bind: str = "0.0.0.0") -> bool:  # noqa: S104
    """Whether srt-live-transmit carries the endpoint: an SRT one, on a machine that has it, whose settings fit a
    URI query (no ``&`` in a passphrase or stream id)."""
    if srt_transmit is None or endpoint.kind not in SRT_KINDS:
        return False
    return not any("&" in value for value in _srt_settings(endpoint, bind)[1].values())


def _srt_uri(endpoint: Endpoint, bind: str) -> str:
    url, settings = _srt_settings(endpoint, bind)
    return url + "?" + "&".join(f"{name}={value}" for name, value in settings.items())


def _transmit(srt_transmit: str, source: str, target: str) -> list[str]:
    # on stdout, never -statsout /dev/stderr: under uvloop a child's stdio is a socket, which /dev/stderr cannot open
    reports = ["-s", str(STATS_EVERY_PACKETS), "-pf", "json"]
    return [srt_transmit, "-q", "-c", str(SRT_PAYLOAD), *reports, source, target]


def _port(settings: dict[str, Any], name: str) -> int:
    port = settings.get(name)
    if not isinstance(port, int) or port < 1:
        raise Unrealisable(f"no {name} in the configuration")
    return port


def sent_to(group: Group, srt_transmit: bool) -> str:
    """Where an input sends: the group, out of the loopback interface, never beyond this machine (TTL 0)."""
    if srt_transmit:
        return f"udp://{group.address}:{group.port}?adapter={LOOPBACK}&ttl=0"
    return f"udp://{group.address}:{group.port}?localaddr={LOOPBACK}&ttl=0&pkt_size={SRT_PAYLOAD}"


def read_from(group: Group, srt_transmit: bool) -> str:
    """Where an output reads: the group joined on the loopback interface, sharing its port with its siblings."""
    if srt_transmit:
        return f"udp://{group.address}:{group.port}?adapter={LOOPBACK}&rcvbuf={RECEIVE_BUFFER}"
    return (f"udp://{group.address}:{group.port}?localaddr={LOOPBACK}&reuse=1&buffer_size={RECEIVE_BUFFER}"
            "&overrun_nonfatal=1")  # fmt: skip


def input_command(ffmpeg: str, endpoint: Endpoint, group: Group, bind: str = "0.0.0.0",  # noqa: S104
                  srt_transmit: str | None = None) -> list[str]:  # fmt: skip
    settings = dict(endpoint.settings)
    if srt_transmit is not None and transmits(endpoint, srt_transmit, bind):
        return _transmit(srt_transmit, _srt_uri(endpoint, bind), sent_to(group, True))
    if endpoint.kind in SRT_KINDS:
        options, url = _srt(endpoint, bind)
    elif endpoint.kind == "rist":
        buffer = min(int(settings.get("max_latency", 1000)), MAX_RIST_BUFFER_MS)
        options = ["-rist_profile", "simple", "-buffer_size", str(buffer)]
        url = f"rist://@{bind}:{_port(settings, 'port')}"
    else:
        raise Unrealisable(f"a {endpoint.kind} input is not realised by the ffmpeg driver")
    return [ffmpeg, *BASE, *PROGRESS, "-nostdin", *PROBE, *options, "-i", url, *COPY, "-f", "mpegts",
            sent_to(group, False)]  # fmt: skip


def output_command(ffmpeg: str, endpoint: Endpoint, group: Group, attempt: int = 0,
                   bind: str = "0.0.0.0", srt_transmit: str | None = None) -> list[str]:  # fmt: skip  # noqa: S104
    """``attempt``: how many times it ran before (an RTMP output alternates between its url and backup_url)."""
    settings = dict(endpoint.settings)
    if srt_transmit is not None and transmits(endpoint, srt_transmit, bind):
        return _transmit(srt_transmit, read_from(group, True), _srt_uri(endpoint, bind))
    head = [ffmpeg, *BASE, *PROGRESS, "-nostdin", *PROBE, "-f", "mpegts", "-i", read_from(group, False)]
    if endpoint.kind in SRT_KINDS:
        options, url = _srt(endpoint, bind)
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
