"""The alerts service's contract (it serves no routes yet)."""

from common.bus.topology import Subscription
from common.contract import Contract
from gateway.contract.events import OrganisationDeleted

ORGANISATIONS = Subscription("alerts.organisations", (OrganisationDeleted,))

CONTRACT = Contract(service="alerts", subscriptions=(ORGANISATIONS,))
