"""The streams service's contract (it serves no routes yet)."""

from common.bus.topology import Subscription
from common.contract import Contract
from gateway.contract.events import OrganisationDeleted

ORGANISATIONS = Subscription("streams.organisations", (OrganisationDeleted,))

CONTRACT = Contract(service="streams", subscriptions=(ORGANISATIONS,))
