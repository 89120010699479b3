"""The environments service's contract: routes, the lifecycle events it publishes, the queues it consumes."""

from common.bus.topology import CENV_EVENTS, COMMANDS, Subscription
from common.contract import Contract
from environments.contract import events
from environments.contract.routes import ROUTES
from gateway.contract.events import OrganisationDeleted

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
AGENT_REPORTS = Subscription("environments.agent-events", patterns=((CENV_EVENTS, "#"),))
ORGANISATIONS = Subscription("environments.organisations", (OrganisationDeleted,))

CONTRACT = Contract(
    service="environments",
    routes=ROUTES,
    messages=PUBLISHES,
    subscriptions=(OWN_COMMANDS, AGENT_REPORTS, ORGANISATIONS),
)
