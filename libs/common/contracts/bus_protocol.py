"""The prose half of the AsyncAPI document: how messages travel on the bus."""

BUS_PROTOCOL = """\
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

Publishers wait for broker confirms; services publish from their outbox, in commit order, with
`mandatory` set. Every service's subscriptions are declared by every service's relay before it
publishes, so starting order does not matter; a message returned although some subscription
should take it is published again after the topology is declared again. Queues are durable
quorum queues. A consumer records each message id in its inbox in the same transaction as the
effects and acknowledges only after that commits, so a redelivery changes nothing. A malformed
message, an unknown type, or one refused as impossible (unknown environment, forged sender) is
rejected at once; any other failure is retried with back-off up to the consumer's delivery limit
(5 by default). Either way it ends in the dead-letter queue `<queue>.dead`, bound to
`switchyard.dead-letters` with the queue's name as routing key; agents' command queues all share one,
`cenv.commands.dead`, bound once per agent (each quorum queue costs the broker file handles). A dead-letter
queue is bounded (10,000 messages, 64 MiB, 14 days; when full the oldest go first).
"""
