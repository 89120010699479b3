"""The environments service's contract: routes, the lifecycle events it publishes, the queues it consumes."""

from cenv_agent.contract.messages import (
    AgentHeartbeat,
    AgentProvisioned,
    AgentStateReported,
    CommandAcknowledged,
    CommandCompleted,
    CommandFailed,
)
from common.bus.topology import CENV_EVENTS, COMMANDS, Subscription
from common.contract import Contract
from environments.contract import events
from environments.contract.routes import ROUTES
from gateway.contract.events import OrganisationDeleted
from scheduler.contract.events import EnvironmentResized

PUBLISHES = (
    events.EnvironmentRequested,
    events.EnvironmentStateChanged,
    events.EnvironmentBecameRunning,
    events.EnvironmentDeleted,
    events.EnvironmentBecameUnreachable,
    events.EnvironmentRecovered,
    events.EnvironmentDegraded,
)
# its own provisioning commands are private (environments.adapters.commands): bound by pattern here
OWN_COMMANDS = Subscription("environments.commands", patterns=((COMMANDS, "environments.*"),))
# the agent reports about the environment itself; those about inputs go to streams
AGENT_REPORTS = Subscription(
    "environments.agent-events",
    (AgentProvisioned, AgentStateReported, AgentHeartbeat, CommandAcknowledged, CommandCompleted, CommandFailed),
    retired=((CENV_EVENTS, "#"),),  # bound before the input reports existed; they would be dead-lettered here
)
ORGANISATIONS = Subscription("environments.organisations", (OrganisationDeleted,))
# the instance type an agent told the scheduler it runs on (A200): environments shows it (decision 88)
RESIZES = Subscription("environments.resizes", (EnvironmentResized,))

CONTRACT = Contract(
    service="environments",
    routes=ROUTES,
    messages=PUBLISHES,
    subscriptions=(OWN_COMMANDS, AGENT_REPORTS, ORGANISATIONS, RESIZES),
)
