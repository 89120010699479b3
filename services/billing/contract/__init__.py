"""The billing service's contract: its routes, the events it publishes and the queues it consumes."""

from billing.contract.events import (
    AccountBillingSwitched,
    AgreementAssigned,
    AgreementFinished,
    AgreementPurchased,
    AgreementReleased,
    ChargeDeclined,
    CreditsExhausted,
    CreditsLow,
    MonthlyBillingReportSwitched,
)
from billing.contract.routes import ROUTES
from common.bus.topology import Subscription
from common.contract import Contract
from environments.contract.events import EnvironmentDeleted, EnvironmentRequested, EnvironmentStateChanged
from gateway.contract.events import (
    OrganisationCreated,
    OrganisationDeleted,
    OrganisationUpdated,
    SourceInvitationAccepted,
    SourcePermissionsChanged,
)
from streams.contract.events import (
    InputDeleted,
    InputRunning,
    InputStopped,
    OutputBoundToAgreement,
    OutputDeleted,
    OutputRunning,
    OutputStopped,
)

ORGANISATIONS = Subscription("billing.organisations", (OrganisationCreated, OrganisationUpdated, OrganisationDeleted))

ENVIRONMENTS = Subscription("billing.environments", (EnvironmentRequested, EnvironmentStateChanged, EnvironmentDeleted))

OUTPUTS = Subscription("billing.outputs", (OutputBoundToAgreement, OutputDeleted, OutputRunning, OutputStopped))

INPUTS = Subscription("billing.inputs", (InputRunning, InputStopped, InputDeleted))

GUESTS = Subscription("billing.guests", (SourcePermissionsChanged, SourceInvitationAccepted))

CONTRACT = Contract(
    service="billing",
    routes=ROUTES,
    messages=(
        CreditsExhausted,
        CreditsLow,
        ChargeDeclined,
        AgreementPurchased,
        AgreementAssigned,
        AgreementReleased,
        AgreementFinished,
        AccountBillingSwitched,
        MonthlyBillingReportSwitched,
    ),
    subscriptions=(ORGANISATIONS, ENVIRONMENTS, OUTPUTS, INPUTS, GUESTS),
)
