"""The prose half of the AsyncAPI document: how messages travel, and how a c_env agent speaks."""

PROTOCOL = """\
Every message between Switchyard's services, and between the platform and the c_env agents, travels
on RabbitMQ as JSON in one envelope: `message_id`, `type` (`<producer>.<Name>`), `schema_version`,
`occurred_at` (UTC), `correlation_id`, `causation_id` and `producer`, with the typed `payload`.
AMQP properties repeat them: `message_id`, `correlation_id`, `type`, content type
`application/json`, persistent delivery, and headers `causation_id` and `schema_version`.

## Exchanges and routing keys

- `switchyard.events` (topic): integration events, past tense, any number of subscribers; the
  routing key is the type, e.g. `gateway.OrganisationCreated`.
- `switchyard.commands` (topic): commands, imperative, one handling service; keyed by type.
- `switchyard.cenv.commands` (topic): commands to one agent, keyed `<environment_id>.<type>`,
  e.g. `<environment_id>.cenv.StartEnvironment`.
- `switchyard.cenv.events` (topic): what agents report, keyed `<environment_id>.<type>`.
- `switchyard.dead-letters` (direct): where every queue sends what it gives up on.

## Queues and delivery

Publishers wait for broker confirms; services publish from their outbox, in commit order. Queues
are durable quorum queues. A consumer records each message id in its inbox in the same
transaction as the effects and acknowledges only after that commits, so a redelivery changes
nothing. A malformed message, an unknown type, or one refused as impossible (unknown environment,
forged sender) is rejected at once; any other failure is retried with back-off up to the
consumer's delivery limit (5 by default). Either way it ends in the dead-letter queue
`<queue>.dead`, bound to `switchyard.dead-letters` with the queue's name as routing key.

## The c_env agent protocol

- **Credentials.** At provisioning the environments service creates a RabbitMQ user
  `cenv-<environment_id>` for the agent: no configure rights, read only on its own queue
  `cenv.<environment_id>.commands` (bound to `switchyard.cenv.commands` with
  `<environment_id>.#`), write only on `switchyard.cenv.events`, and a topic permission allowing
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
- **State reports.** On every (re)connect the agent publishes `cenv.StateReported`: its whole
  state, with a boot id and a sequence number that orders it among the same boot's completions,
  so a report overtaken by a later completion is ignored. The platform reconciles by sending a
  corrective command when the reported media state differs from what the lifecycle wants.
- **Provisioning.** A new agent announces itself with `cenv.Provisioned` (its version and boot id).
"""
