"""The alerts service's contract: its routes and the queues it consumes."""

from alerts.contract.routes import ROUTES
from common.bus.topology import Subscription
from common.contract import Contract
from gateway.contract.events import OrganisationDeleted

ORGANISATIONS = Subscription("alerts.organisations", (OrganisationDeleted,))

CONTRACT = Contract(service="alerts", routes=ROUTES, subscriptions=(ORGANISATIONS,))
