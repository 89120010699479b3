"""The prose half of the agent protocol's AsyncAPI description."""

AGENT_PROTOCOL = """\
## The c_env agent protocol

- **Credentials.** At provisioning the environments service creates a RabbitMQ user
  `cenv-<environment_id>` for the agent: no configure rights, read only on its own queue
  `cenv.<environment_id>.commands.<tag>` (bound to `switchyard.cenv.commands` with
  `<environment_id>.#`; the tag is derived from the platform's key and handed to the agent in its
  launch, so no other agent can even learn that the queue exists), write only on
  `switchyard.cenv.events`, and a topic permission allowing
  only routing keys that start with `<environment_id>.`. The agent sets the AMQP `user_id` on
  what it publishes, so the broker rejects impersonation, and the platform dead-letters a report
  whose sender, routing key and payload disagree. Deleting the environment deletes the user.
- **Commands.** Every command (`cenv.StartEnvironment`, `cenv.StopEnvironment`,
  `cenv.RestartEnvironment`, `cenv.UpdateEnvironment`, `cenv.UpgradeEnvironment`,
  `cenv.ShutdownAgent`) carries a `command_id`. The agent answers `cenv.CommandAcknowledged` when
  it starts, then `cenv.CommandCompleted` (with its media state, version, boot id and sequence)
  or `cenv.CommandFailed` (with a reason). A command not acknowledged in time is issued again
  and, after the last attempt, marks the environment degraded. The agent remembers the ids it
  applied and answers a repeated command with its completion again, without repeating the work.
- **Heartbeats.** `cenv.Heartbeat` every few seconds (5 by default) with the media state and the
  machine's load; an environment not heard from for a while (20 s by default) is unreachable
  until its next report.
- **Limits.** A report larger than 64 KiB, or beyond 5 a second (in bursts of up to 30) from one
  environment, is dropped unread and counted; a well-behaved agent stays far below both.
- **State reports.** On every (re)connect the agent publishes `cenv.StateReported`: its whole
  state, with a boot id and a sequence number that orders it among the same boot's completions,
  so a report overtaken by a later completion is ignored. The platform reconciles by sending a
  corrective command when the reported media state differs from what the lifecycle wants.
- **Input configurations.** The streams service sends `cenv.ConfigureInput` (the input's kind and
  every field, no secrets) when an input is created or updated and `cenv.RemoveInput` when it is
  deleted, each with a per-input `version` that grows with every change. The agent keeps the newest
  version of each input on its disk (a removal as a tombstone), ignores an older or equal version,
  and answers every one with what it holds: `cenv.InputConfigured` or `cenv.InputRemoved`
  (environment, input, version). On every (re)connect it reports the versions it holds in
  `cenv.InputsReported`; streams sends again whatever it lacks or holds stale, removes what should
  not be there, and sends an unanswered command again a few times.
- **Output configurations.** Held exactly as inputs are, by their own ids: `cenv.ConfigureOutput`
  and `cenv.RemoveOutput` (output id, version), answered by `cenv.OutputConfigured` or
  `cenv.OutputRemoved`, reported in the `outputs` field of `cenv.InputsReported`. No credential
  travels on the bus: an SRT output's settings say only `password_set`, an RTMP output's addresses
  come masked (their stream keys replaced by `********`), and `credentials` names the settings
  whose real values the agent fetches with its HTTP credential from
  `GET /api/customer_environment/<environment_id>/outputs/<output_id>/credentials` (only its own
  environment's outputs; answered with the configuration version they belong to). The agent keeps
  them in memory only, and fetches them again after a restart.
- **Statistics.** Every few seconds (5 by default) the agent publishes `cenv.StatisticsReported`: the
  media statistics of every input and output it holds (bitrate in kbps, jitter and RTT in ms, loss in
  millipercent, dropped and packets since the last reset, uptime, connected), at most 150 endpoints a
  report (`part` of `parts` when an environment holds more). `cenv.QueryStatistics` (side, endpoint id)
  asks for one endpoint now: the agent answers at once with a `cenv.StatisticsReported` whose
  `request_id` is the query's `command_id` (its `inputs`/`outputs` empty when it holds no such
  endpoint); queries are not remembered, and the platform falls back to the last sample when no answer
  comes in time. `cenv.ResetStatistics` (side, endpoint id) zeroes that endpoint's counters.
- **Bitrate guard.** An input whose bitrate exceeds its `max_allowed_bitrate_kbps` is stopped by the
  agent and reported with `cenv.InputStoppedOverBitrate`; one at 90 % of it or more is reported once
  with `cenv.InputRunningHot` (again only after it fell below 85 %). A stopped input stays stopped
  until a new configuration of it arrives.
- **Output sessions.** When the agent stops feeding an output it fed for a schedule entry, it publishes
  `cenv.OutputSessionEnded`: the schedule, input, output, start and end, why it stopped (`ended`,
  `withdrawn` from the set, `media_stopped`) and the media stream it carried (rates, loss and RTT as last
  measured, packets over the session). Its `session_id` is fixed by the environment, output, schedule
  and start, so a report sent again is the same session. As it starts feeding, it publishes
  `cenv.OutputSessionStarted` (the same session id, and its boot id), before that session's end: a
  session whose end never comes (the agent died) is ended by the platform when the agent reports
  again under another boot, or when the environment stops.
- **Provisioning.** A new agent announces itself with `cenv.Provisioned` (its version and boot id).
"""
