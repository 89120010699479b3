"""The scheduler service's contract: its routes, the events it publishes and the queues it consumes (the schedule
sets it pushes to agents are the agent protocol's, in ``cenv_agent.contract.schedules``)."""

from billing.contract.events import AgreementAssigned, AgreementFinished, AgreementPurchased, AgreementReleased
from cenv_agent.contract.schedules import (
    OutputSessionEnded,
    OutputSessionStarted,
    ScheduleSetApplied,
    ScheduleSetReported,
    ScheduleStateDumped,
)
from common.bus.topology import Subscription
from common.contract import Contract
from environments.contract.events import EnvironmentDeleted, EnvironmentRequested, EnvironmentStateChanged
from gateway.contract import events as g
from gateway.contract.events import OrganisationDeleted
from scheduler.contract.events import PUBLISHED
from scheduler.contract.routes import ROUTES
from streams.contract.events import InputCreated, InputDeleted, InputReconfigured, OutputCreated, OutputDeleted

ORGANISATIONS = Subscription("scheduler.organisations", (OrganisationDeleted,))
ENVIRONMENTS = Subscription(
    "scheduler.environments", (EnvironmentRequested, EnvironmentStateChanged, EnvironmentDeleted)
)
ENDPOINTS = Subscription(
    "scheduler.endpoints", (InputCreated, InputReconfigured, InputDeleted, OutputCreated, OutputDeleted)
)
AGREEMENTS = Subscription(
    "scheduler.agreements", (AgreementPurchased, AgreementAssigned, AgreementReleased, AgreementFinished)
)
AGENT_SCHEDULES = Subscription(
    "scheduler.agent-schedules",
    (ScheduleSetApplied, ScheduleSetReported, ScheduleStateDumped, OutputSessionStarted, OutputSessionEnded),
)

GUESTS = Subscription(
    "scheduler.guests",
    (g.LabelCreated, g.LabelRenamed, g.LabelDeleted, g.UserJoinedOrganisation, g.UserLeftOrganisation, g.UserDeleted,
     g.SourceInvitationCreated, g.SourceInvitationAccepted, g.SourceInvitationDeleted, g.SourcePermissionsChanged,
     g.SourceLabelAccessGranted, g.SourceLabelAccessRevoked),
)  # fmt: skip

CONTRACT = Contract(
    service="scheduler", routes=ROUTES, messages=PUBLISHED,
    subscriptions=(ORGANISATIONS, ENVIRONMENTS, ENDPOINTS, AGREEMENTS, AGENT_SCHEDULES, GUESTS),
)  # fmt: skip
