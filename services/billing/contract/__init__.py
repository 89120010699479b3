"""The billing service's contract (it serves no routes yet)."""

from billing.contract.events import CreditsExhausted
from common.bus.topology import Subscription
from common.contract import Contract
from gateway.contract.events import OrganisationDeleted

ORGANISATIONS = Subscription("billing.organisations", (OrganisationDeleted,))

CONTRACT = Contract(service="billing", messages=(CreditsExhausted,), subscriptions=(ORGANISATIONS,))
