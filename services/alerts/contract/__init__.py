"""The alerts service's contract: its routes and the queues it consumes."""

from alerts.contract.delivery_routes import DELIVERY_ROUTES
from alerts.contract.notification_routes import NOTIFICATION_ROUTES
from alerts.contract.routes import ROUTES
from alerts.contract.slack_routes import SLACK_ROUTES
from alerts.contract.sources import SOURCES
from common.bus.topology import Subscription
from common.contract import Contract
from gateway.contract.events import OrganisationDeleted, UserDeleted, UserJoinedOrganisation, UserLeftOrganisation

ORGANISATIONS = Subscription("alerts.organisations", (OrganisationDeleted,))
MEMBERS = Subscription("alerts.members", (UserJoinedOrganisation, UserLeftOrganisation, UserDeleted))
ENVIRONMENTS = Subscription("alerts.environments", tuple(SOURCES))

CONTRACT = Contract(
    service="alerts",
    routes=ROUTES + NOTIFICATION_ROUTES + DELIVERY_ROUTES + SLACK_ROUTES,
    subscriptions=(ORGANISATIONS, MEMBERS, ENVIRONMENTS),
)
