"""The streams service's contract: its routes and the queues it consumes (the input commands it sends agents are
the agent protocol's, in ``cenv_agent.contract``). ``streams.agent-inputs`` kept its name when the answers about
outputs joined it. Statistics and the bitrate guard's reports have a queue of their own, admitted per environment
(decision 51), so a flood of samples never delays configuration answers. The scheduler's live events, with their
labels, let guests take outputs through labels granted to them. It publishes inputs and outputs created and
deleted, and what the bitrate guard did (``streams.contract.events``)."""

from cenv_agent.contract.messages import (
    InputConfigured,
    InputRemoved,
    InputRunningHot,
    InputsReported,
    InputStoppedOverBitrate,
    OutputConfigured,
    OutputRemoved,
    StatisticsReported,
)
from common.bus.topology import Subscription
from common.contract import Contract
from environments.contract.events import EnvironmentDeleted, EnvironmentRequested, EnvironmentStateChanged
from gateway.contract.events import (
    SOURCE_ACCESS_EVENTS,
    OrganisationDeleted,
)
from scheduler.contract.events import EventShown, EventWithdrawn
from streams.contract.events import PUBLISHED
from streams.contract.routes import ROUTES

ORGANISATIONS = Subscription("streams.organisations", (OrganisationDeleted,))
ENVIRONMENTS = Subscription("streams.environments", (EnvironmentRequested, EnvironmentStateChanged, EnvironmentDeleted))
AGENT_INPUTS = Subscription(
    "streams.agent-inputs", (InputConfigured, InputRemoved, OutputConfigured, OutputRemoved, InputsReported)
)
GUESTS = Subscription("streams.guests", SOURCE_ACCESS_EVENTS)
LIVE_EVENTS = Subscription("streams.live-events", (EventShown, EventWithdrawn))
AGENT_STATISTICS = Subscription(
    "streams.agent-statistics", (StatisticsReported, InputStoppedOverBitrate, InputRunningHot)
)

CONTRACT = Contract(
    service="streams", routes=ROUTES, messages=PUBLISHED,
    subscriptions=(ORGANISATIONS, ENVIRONMENTS, AGENT_INPUTS, GUESTS, AGENT_STATISTICS, LIVE_EVENTS),
)  # fmt: skip
