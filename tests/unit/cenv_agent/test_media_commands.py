"""What the ffmpeg driver runs for each configuration (stream copy, latency in microseconds, AES key length from
encryption_type, RTMP's backup address on alternate attempts, the input's loopback multicast group between an input
and its outputs), what it plans to run from the agent's state, what its meter makes of the processes' reports, and
that no secret reaches a log line."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cenv_agent.contract.schedules import Feeding
from cenv_agent.drivers.commands import Unrealisable, input_command, output_command, redacted, transmits
from cenv_agent.drivers.groups import Group
from cenv_agent.drivers.meter import Meter
from cenv_agent.drivers.plan import Endpoint, plan
from cenv_agent.endpoints import HeldEndpoint
from cenv_agent.state import AgentState

GROUP = Group("239.255.7.9", 40_000)
SENT = "udp://239.255.7.9:40000?localaddr=127.0.0.1&ttl=0&pkt_size=1316"


def after(command: list[str], option: str) -> str:
    return command[command.index(option) + 1]


def test_an_srt_listener_input_listens_on_its_port_with_its_latency_and_copies_to_stdout() -> None:
    command = input_command("ffmpeg", Endpoint("cam", "srt_listener", 1, {"port": 20001, "latency": 250}), GROUP)
    assert after(command, "-i") == "srt://0.0.0.0:20001" and after(command, "-mode") == "listener"
    assert after(command, "-latency") == "250000" and after(command, "-c") == "copy"
    assert command[-3:] == ["-f", "mpegts", SENT]  # datagrams to its group, never beyond the machine (TTL 0)
    assert after(command, "-progress") == "pipe:1"  # what it wrote, for the meter


def test_the_senders_latency_is_no_latency_option() -> None:
    command = input_command("ffmpeg", Endpoint("cam", "srt_caller", 1, {"host": "h", "port": 9000, "latency": -1,
                                                                         "stream_id": "s"}), GROUP)  # fmt: skip
    assert "-latency" not in command and after(command, "-streamid") == "s" and after(command, "-i") == "srt://h:9000"


@pytest.mark.parametrize(("encryption", "length"), [(1, "16"), (2, "24"), (3, "32")])
def test_an_encrypted_srt_output_gets_its_passphrase_and_key_length(encryption: int, length: str) -> None:
    output = Endpoint("out", "srt_listener", 1, {"port": 21000, "encryption_type": encryption}, {"password": "p" * 12})
    command = output_command("ffmpeg", output, GROUP)
    assert after(command, "-passphrase") == "p" * 12 and after(command, "-pbkeylen") == length
    assert after(command, "-i").startswith("udp://239.255.7.9:40000?localaddr=127.0.0.1&reuse=1&")
    assert command[-1] == "srt://0.0.0.0:21000"


def test_an_unencrypted_srt_output_has_no_passphrase() -> None:
    command = output_command("ffmpeg", Endpoint("out", "srt_caller", 1, {"host": "h", "port": 2000,
                                                                         "encryption_type": 0}), GROUP)  # fmt: skip
    assert "-passphrase" not in command and command[-1] == "srt://h:2000"


def test_an_rtmp_output_alternates_between_its_address_and_its_backup() -> None:
    secrets = {"url": "rtmp://a/live/k1", "backup_url": "rtmps://b/live/k2"}
    output = Endpoint("out", "rtmp", 1, {"url": "rtmp://a/live/********"}, secrets)
    assert [output_command("ffmpeg", output, GROUP, attempt)[-1] for attempt in range(3)] == [
        "rtmp://a/live/k1", "rtmps://b/live/k2", "rtmp://a/live/k1"]  # fmt: skip
    assert after(output_command("ffmpeg", output, GROUP), "-f") == "mpegts"  # what it reads
    assert output_command("ffmpeg", output, GROUP)[-2] == "flv"


def test_rist_uses_the_simple_profile_both_ways() -> None:
    incoming = input_command("ffmpeg", Endpoint("cam", "rist", 1, {"port": 20002, "max_latency": 90_000}), GROUP)
    assert after(incoming, "-i") == "rist://@0.0.0.0:20002" and after(incoming, "-buffer_size") == "30000"
    outgoing = output_command("ffmpeg", Endpoint("out", "rist", 1, {"host": "r", "port": 4000, "fec": 1}), GROUP)
    assert after(outgoing, "-rist_profile") == "simple" and outgoing[-1] == "rist://r:4000"


@given(
    fec=st.sampled_from([0, 1, 2]), rows=st.none() | st.integers(4, 20), columns=st.none() | st.integers(1, 20),
    ttl=st.none() | st.integers(0, 225), local_port=st.just(0) | st.integers(1025, 65_534),
)  # fmt: skip
def test_a_rist_output_realises_its_receiver_and_nothing_of_fec_ttl_or_local_port(
    fec: int, rows: int | None, columns: int | None, ttl: int | None, local_port: int
) -> None:
    """librist (0.2.7, ffmpeg 5.1) has no FEC, no TTL and no local source port: those settings change nothing."""
    unrealised = {"fec": fec, "rows_d": rows, "columns_l": columns, "ttl": ttl, "local_port": local_port}
    output = Endpoint("out", "rist", 1, {"host": "receiver.example", "port": 4000, **unrealised})
    assert output_command("ffmpeg", output, GROUP) == [
        "ffmpeg", "-hide_banner", "-nostats", "-loglevel", "error", "-progress", "pipe:1", "-nostdin",
        "-analyzeduration", "1000000", "-f", "mpegts",
        "-i", "udp://239.255.7.9:40000?localaddr=127.0.0.1&reuse=1&buffer_size=1048576&overrun_nonfatal=1",
        "-map", "0", "-ignore_unknown", "-c", "copy", "-rist_profile", "simple", "-f", "mpegts",
        "rist://receiver.example:4000",
    ]  # fmt: skip


@pytest.mark.parametrize("kind", ["zixi_pull", "zixi_push"])
def test_zixi_is_not_realised(kind: str) -> None:
    with pytest.raises(Unrealisable):
        input_command("ffmpeg", Endpoint("cam", kind, 1, {"port": 2088}), GROUP)
    with pytest.raises(Unrealisable):
        output_command("ffmpeg", Endpoint("out", kind, 1, {"port": 2077}), GROUP)


def test_an_rtmp_output_without_its_address_is_not_realised() -> None:
    with pytest.raises(Unrealisable):
        output_command("ffmpeg", Endpoint("out", "rtmp", 1, {"url": "rtmp://a/live/********"}), GROUP)


@given(st.text(min_size=1, max_size=40).filter(lambda s: "\0" not in s), st.text(max_size=40), st.text(max_size=40))
def test_no_secret_survives_redaction(secret: str, before: str, after_: str) -> None:
    endpoint = Endpoint("out", "srt_caller", 1, {}, {"password": secret})
    assert secret not in redacted(endpoint)(f"{before}{secret}{after_}").replace("***", "\0") or secret in "***"


NOW = datetime(2030, 1, 1, tzinfo=UTC)


def feeding(input_id: str) -> Feeding:
    return Feeding(schedule_id=uuid.UUID(int=1), input_id=input_id, since=NOW)


def test_the_plan_runs_started_inputs_and_the_outputs_fed_now_once_their_credentials_are_here() -> None:
    state = AgentState(
        inputs={"cam": HeldEndpoint(version=1, kind="srt_listener", settings={"port": 1}),
                "off": HeldEndpoint(version=1, kind="srt_listener", settings={"port": 2}, running=False),
                "hot": HeldEndpoint(version=2, kind="rist", settings={"port": 4}),
                "zixi": HeldEndpoint(version=1, kind="zixi_push", settings={"port": 3})},
        outputs={"srt": HeldEndpoint(version=1, kind="srt_listener", settings={"port": 5}, credentials=["password"]),
                 "rtmp": HeldEndpoint(version=3, kind="rtmp", settings={}, credentials=["url"]),
                 "idle": HeldEndpoint(version=1, kind="srt_listener", settings={"port": 6}),
                 "zixi": HeldEndpoint(version=1, kind="zixi_pull", settings={})},
        stopped_inputs={"hot": 2},
    )  # fmt: skip
    live = {"srt": feeding("cam"), "rtmp": feeding("cam"), "zixi": feeding("cam"), "idle": feeding("off")}
    secrets = {"srt": {"password": "0123456789"}}
    planned = plan(state, live, lambda output_id, version: secrets.get(output_id))
    assert set(planned.inputs) == {"cam"} and set(planned.outputs) == {"srt"}
    assert planned.outputs["srt"].output.secrets == {"password": "0123456789"}
    assert planned.simulated == {("input", "zixi"), ("output", "zixi")}
    assert plan(state.model_copy(update={"media_state": "stopped"}), live, lambda *_: {}).inputs == {}


@given(st.lists(st.tuples(st.floats(0, 10), st.integers(1, 100_000)), max_size=50), st.floats(0, 100))
def test_a_meters_counters_only_grow_until_a_reset(arrivals: list[tuple[float, int]], reset_after: float) -> None:
    meter, now, last = Meter(), 1000.0, None
    first = meter.sample(now, now)
    for pause, size in arrivals:
        now += pause
        meter.add(size, now)
        sample = meter.sample(now, 1000.0)
        assert last is None or sample.packets >= last.packets
        assert sample.connected and sample.bitrate_kbps >= 0
        last = sample
    assert first.packets == 0
    assert meter.sample(now + reset_after + 1, now + reset_after + 0.5).packets == 0  # reset after the last byte


def test_a_new_limit_or_description_is_the_same_media_but_a_new_port_is_not() -> None:
    def planned(version: int, **settings: object) -> Endpoint:
        held = HeldEndpoint(version=version, kind="srt_listener", settings={"port": 1, **settings})
        return plan(AgentState(inputs={"cam": held}), {}, lambda *_: {}).inputs["cam"]

    assert planned(1) == planned(2, max_allowed_bitrate_kbps=900, user_description="studio")
    assert planned(1) != planned(2, port=2)


SLT = "/usr/bin/srt-live-transmit"


def query(uri: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in uri.split("?", 1)[1].split("&"))


def test_srt_live_transmit_carries_an_srt_listener_input_to_its_group_reporting_json_statistics() -> None:
    command = input_command(
        "ffmpeg", Endpoint("cam", "srt_listener", 1, {"port": 20001, "latency": 250}), GROUP, srt_transmit=SLT
    )
    assert command[0] == SLT and command[-1] == "udp://239.255.7.9:40000?adapter=127.0.0.1&ttl=0"
    assert command[-2].startswith("srt://0.0.0.0:20001?")
    assert query(command[-2]) == {"mode": "listener", "latency": "250"}  # milliseconds, as libsrt's apps take it
    assert after(command, "-pf") == "json" and "-statsout" not in command  # on its stdout: a socket under uvloop
    assert after(command, "-c") == "1316"


@pytest.mark.parametrize(("encryption", "length"), [(1, "16"), (2, "24"), (3, "32")])
def test_srt_live_transmit_sends_its_inputs_group_to_an_encrypted_caller_output(encryption: int, length: str) -> None:
    settings = {"host": "h", "port": 2000, "encryption_type": encryption, "stream_id": "s1", "latency": -1}
    command = output_command("ffmpeg", Endpoint("out", "srt_caller", 1, settings, {"password": "p#?= x" * 2}), GROUP,
                             srt_transmit=SLT)  # fmt: skip
    assert command[0] == SLT and command[-1].startswith("srt://h:2000?")
    assert command[-2] == "udp://239.255.7.9:40000?adapter=127.0.0.1&rcvbuf=1048576"
    assert query(command[-1]) == {"mode": "caller", "streamid": "s1", "passphrase": "p#?= x" * 2, "pbkeylen": length}


def test_a_passphrase_holding_an_ampersand_goes_to_ffmpeg_it_would_cut_the_uri_query() -> None:
    output = Endpoint("out", "srt_listener", 1, {"port": 21000, "encryption_type": 1}, {"password": "abc&defghij"})
    assert not transmits(output, SLT)
    assert output_command("ffmpeg", output, GROUP, srt_transmit=SLT)[0] == "ffmpeg"


def test_without_srt_live_transmit_or_for_rist_and_rtmp_ffmpeg_carries_it() -> None:
    assert input_command("ffmpeg", Endpoint("cam", "srt_listener", 1, {"port": 20001}), GROUP)[0] == "ffmpeg"
    assert input_command("ffmpeg", Endpoint("cam", "rist", 1, {"port": 20002}), GROUP, srt_transmit=SLT)[0] == "ffmpeg"
    rtmp = Endpoint("out", "rtmp", 1, {}, {"url": "rtmp://a/live/k"})
    assert output_command("ffmpeg", rtmp, GROUP, srt_transmit=SLT)[0] == "ffmpeg"


@given(st.text(min_size=10, max_size=80).filter(lambda p: "&" not in p))
def test_no_passphrase_survives_in_the_logged_srt_live_transmit_command(password: str) -> None:
    output = Endpoint("out", "srt_listener", 1, {"port": 21000, "encryption_type": 3}, {"password": password})
    command = output_command("ffmpeg", output, GROUP, srt_transmit=SLT)
    assert password in command[-1] and password not in redacted(output)(" ".join(command))


def report(packets: int, lost: int, dropped: int, rtt: float = 20.5, half: str = "recv") -> str:
    other = "send" if half == "recv" else "recv"
    counts = {"packetsUnique": packets, "packetsLost": lost, "packetsRetransmitted": lost, "packetsDropped": dropped}
    return json.dumps(
        {"sid": 1, "link": {"rtt": rtt}, half: counts, other: {**counts, "packetsLost": 0, "packetsRetransmitted": 0}}
    )


def test_libsrt_reports_give_rtt_loss_and_dropped_packets() -> None:
    meter = Meter()
    meter.add(1316, 1000.0)
    assert meter.report(report(990, 10, 3), "recv", 1000.0) and meter.report(report(1000, 0, 2), "recv", 1000.5)
    sample = meter.sample(1000.5, 999.0)
    assert sample.rtt_ms == 20.5 and sample.loss_millipercent == 10 * 100_000 // 1990 and sample.dropped == 5
    assert meter.sample(1011.0, 1003.0).loss_millipercent == 0  # the losses left the window; counters reset
    assert meter.sample(1011.0, 1003.0).dropped == 0
    assert not meter.report("10:07:08.004825/SRT:RcvQ:w1!W:SRT.cn: Incorrect passphrase", "recv")
    assert not meter.report(json.dumps({"link": {"rtt": 1}}), "send")


def test_an_outputs_loss_is_what_it_sent_again_not_its_count_of_loss_reports() -> None:
    meter, half = Meter(), {"packetsUnique": 1090, "packetsLost": 43, "packetsRetransmitted": 22, "packetsDropped": 0}
    meter.add(1316, 1000.0)
    assert meter.report(json.dumps({"link": {"rtt": 41.7}, "send": half, "recv": half}), "send", 1000.0)
    assert meter.sample(1000.0, 999.0).loss_millipercent == 22 * 100_000 // 1090


@given(st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 20_000), st.integers(0, 100)), max_size=30))
def test_loss_is_a_share_and_dropped_packets_only_grow(reports: list[tuple[int, int, int]]) -> None:
    meter, last = Meter(), 0
    for at, (packets, lost, dropped) in enumerate(reports):
        meter.add(1316, 1000.0 + at)
        meter.report(report(packets, lost, dropped, half="send"), "send", 1000.0 + at)
        sample = meter.sample(1000.0 + at, 999.0)
        assert 0 <= sample.loss_millipercent <= 100_000 and sample.dropped >= last
        last = sample.dropped


def srt_report(half: str, packets: int, size: int) -> str:
    counts = {"packetsUnique": packets, "packetsLost": 0, "packetsRetransmitted": 0, "packetsDropped": 0,
              "bytesUnique": size}  # fmt: skip
    return json.dumps({"link": {"rtt": 0.2}, half: counts})


def test_the_bitrate_is_what_libsrts_reports_say_flowed_between_them() -> None:
    meter = Meter()
    for second in range(8):  # 1 Mbit/s, one report a second: 95 packets of 1316 bytes
        assert meter.report(srt_report("recv", 95, 125_000), "recv", 1000.0 + second)
    sample = meter.sample(1007.9, 999.0)  # nearly a report interval after the last one: still the stream's rate
    assert sample.bitrate_kbps == 1000 and sample.connected and sample.packets == 8 * 125_000 // 1316


@pytest.mark.parametrize(("every", "silent"), [(0.2, 2.0), (3.0, 9.0), (5.0, 12.0)])
def test_sparse_reports_keep_an_endpoint_connected_for_three_of_their_intervals_and_no_longer(
    every: float, silent: float
) -> None:
    meter = Meter()
    for at in range(4):  # 5 Mbit/s reports 5 a second, 200 kbit/s one in 5 s
        meter.report(srt_report("send", 100, 131_600), "send", 1000.0 + at * every)
    last = 1000.0 + 3 * every
    assert meter.connected(last + silent - 0.1) and not meter.connected(last + silent + 0.1)
    assert meter.sample(last + silent - 0.1, 999.0).uptime_seconds == int(silent - 0.1 + 3 * every)


def test_ffmpegs_progress_counts_the_bytes_it_wrote_across_its_restarts() -> None:
    meter = Meter()
    lines = ["frame=42", "bitrate= 957.6kbits/s", "total_size=N/A", "total_size=1316", "progress=continue",
             "total_size=13160", "total_size=2632"]  # the last: a new process, counting from 0  # fmt: skip
    assert all(meter.progress(line, 1000.0 + at) for at, line in enumerate(lines))
    assert meter.total == 13160 + 2632
    assert not meter.progress("[h264 @ 0x55d] non-existing PPS 0 referenced")
    assert not meter.progress("Error opening output udp://239.255.1.1:1?x=1: Invalid argument")
