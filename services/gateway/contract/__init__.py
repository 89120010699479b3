"""The gateway's contract: its routes, the integration events it publishes and the queues it consumes."""

from billing.contract.events import CreditsExhausted
from common.bus.topology import Subscription
from common.contract import Contract
from common.contracts import OrganisationEvent
from environments.contract.events import EnvironmentDeleted, EnvironmentRequested
from gateway.contract import events
from gateway.contract.routes import ROUTES

PUBLISHES = (
    events.OrganisationCreated,
    events.OrganisationDeleted,
    events.UserJoinedOrganisation,
    events.UserLeftOrganisation,
    events.OrganisationUpdated,
    events.OrganisationTokenRotated,
    events.UserPermissionChanged,
    events.RootUserChanged,
    events.UserDeleted,
    events.LabelCreated,
    events.LabelRenamed,
    events.LabelDeleted,
    events.SourceInvitationCreated,
    events.SourceInvitationAccepted,
    events.SourceInvitationDeleted,
    events.SourcePermissionsChanged,
    events.SourceInputAccessGranted,
    events.SourceInputAccessRevoked,
    events.SourceLabelAccessGranted,
    events.SourceLabelAccessRevoked,
    events.SourceEnvironmentSettingsChanged,
)
DIRECTORY = Subscription("gateway.directory", (EnvironmentRequested, EnvironmentDeleted, CreditsExhausted))
ACTIVITY = Subscription("gateway.activity", every=(OrganisationEvent,))

CONTRACT = Contract(service="gateway", routes=ROUTES, messages=PUBLISHES, subscriptions=(DIRECTORY, ACTIVITY))
