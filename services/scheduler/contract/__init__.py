"""The scheduler service's contract (it serves no routes yet)."""

from common.bus.topology import Subscription
from common.contract import Contract
from gateway.contract.events import OrganisationDeleted

ORGANISATIONS = Subscription("scheduler.organisations", (OrganisationDeleted,))

CONTRACT = Contract(service="scheduler", subscriptions=(ORGANISATIONS,))
