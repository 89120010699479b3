"""The alerts service's contract: its routes, the events it publishes and the queues it consumes (the alert sets
it pushes to agents are the agent protocol's, in ``cenv_agent.contract.alerts``)."""

from alerts.contract.alert_routes import ALERT_ROUTES
from alerts.contract.delivery_routes import DELIVERY_ROUTES
from alerts.contract.events import PUBLISHED
from alerts.contract.notification_routes import NOTIFICATION_ROUTES
from alerts.contract.routes import ROUTES
from alerts.contract.slack_routes import SLACK_ROUTES
from alerts.contract.sources import SOURCES
from cenv_agent.contract.alerts import AlertSetApplied, AlertSetReported
from cenv_agent.contract.messages import StatisticsReported
from common.bus.topology import Subscription
from common.contract import Contract
from environments.contract.events import EnvironmentDeleted, EnvironmentRequested
from gateway.contract.events import (
    SOURCE_ACCESS_EVENTS,
    OrganisationDeleted,
    UserDeleted,
    UserJoinedOrganisation,
    UserLeftOrganisation,
)
from scheduler.contract.events import EventShown, EventWithdrawn
from streams.contract.events import InputCreated, InputDeleted, OutputCreated, OutputDeleted

ORGANISATIONS = Subscription("alerts.organisations", (OrganisationDeleted,))
MEMBERS = Subscription("alerts.members", (UserJoinedOrganisation, UserLeftOrganisation, UserDeleted))
ENVIRONMENTS = Subscription("alerts.environments", tuple(SOURCES))
ENDPOINTS = Subscription(
    "alerts.endpoints",
    (EnvironmentRequested, EnvironmentDeleted, InputCreated, InputDeleted, OutputCreated, OutputDeleted),
)
GUESTS = Subscription("alerts.guests", SOURCE_ACCESS_EVENTS)
LIVE_EVENTS = Subscription("alerts.live-events", (EventShown, EventWithdrawn))
AGENT_ALERTS = Subscription("alerts.agent-alerts", (AlertSetApplied, AlertSetReported))
AGENT_STATISTICS = Subscription("alerts.agent-statistics", (StatisticsReported,))

CONTRACT = Contract(
    service="alerts", routes=ROUTES + ALERT_ROUTES + NOTIFICATION_ROUTES + DELIVERY_ROUTES + SLACK_ROUTES,
    messages=PUBLISHED,
    subscriptions=(ORGANISATIONS, MEMBERS, ENVIRONMENTS, ENDPOINTS, GUESTS, LIVE_EVENTS, AGENT_ALERTS,
                   AGENT_STATISTICS),
)  # fmt: skip
