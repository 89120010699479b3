"""The streams service's contract: its routes and the queues it consumes."""

from common.bus.topology import Subscription
from common.contract import Contract
from environments.contract.events import EnvironmentDeleted, EnvironmentRequested, EnvironmentStateChanged
from gateway.contract.events import OrganisationDeleted
from streams.contract.routes import ROUTES

ORGANISATIONS = Subscription("streams.organisations", (OrganisationDeleted,))
ENVIRONMENTS = Subscription("streams.environments", (EnvironmentRequested, EnvironmentStateChanged, EnvironmentDeleted))

CONTRACT = Contract(service="streams", routes=ROUTES, subscriptions=(ORGANISATIONS, ENVIRONMENTS))
