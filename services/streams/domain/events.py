"""What happens to dashboard groups, an organisation's group names, inputs, outputs and the environments they are on,
as frozen types.

The store's codec (``adapters/event_codec.py``) names and serialises them.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from streams.contract.inputs import InputKind
from streams.contract.outputs import OutputKind
from streams.contract.schemas import GroupType


class DomainEvent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    organisation_id: int


class GroupEvent(DomainEvent):
    group_id: uuid.UUID


class DashboardGroupCreated(GroupEvent):
    name: str
    group_type: GroupType


class DashboardGroupChanged(GroupEvent):
    """The group's fields after the change, all of them."""

    name: str
    group_type: GroupType


class DashboardGroupDeleted(GroupEvent):
    pass


class GroupNameClaimed(GroupEvent):
    key: str


class GroupNameReleased(GroupEvent):
    key: str


class GroupNamesClosed(DomainEvent):
    """The organisation was deleted: no group may be created in it any more."""


class EnvironmentEvent(DomainEvent):
    environment_id: uuid.UUID


class EnvironmentNoted(EnvironmentEvent):
    """What the environments service said the environment's state was ``as_of`` then."""

    state: str
    as_of: datetime


class InputEvent(EnvironmentEvent):
    input_id: str


class InputPlaced(InputEvent):
    """On the environment: the input is there, listening on ``port`` (None: it listens on none)."""

    port: int | None = None


class InputPortMoved(InputEvent):
    port: int


class InputRemoved(InputEvent):
    """On the environment: the input is gone and its port free."""


class InputConfigurationEvent(InputEvent):
    """A change of what the input's c_env should hold. ``version`` grows with each, over the lives of an input id
    (0: recorded before versions, counted by the fold instead)."""

    version: int = 0


class InputCreated(InputConfigurationEvent):
    kind: InputKind
    settings: dict[str, Any]


class InputChanged(InputConfigurationEvent):
    """The input's whole configuration after the change (``kind``: None when recorded before it was carried;
    ``running``: whether it is started, True when recorded before start and stop)."""

    settings: dict[str, Any]
    kind: InputKind | None = None
    running: bool = True


class InputDeleted(InputConfigurationEvent):
    pass


class InputStarted(InputConfigurationEvent):
    """Started (A078): the input's media should run; the warnings of its agent (running hot, stopped for its bitrate)
    are cleared. The whole configuration goes with it, as with every configuration event."""

    kind: InputKind
    settings: dict[str, Any]


class InputStopped(InputConfigurationEvent):
    """Stopped (A080): the input stays configured on its c_env, its media does not run."""

    kind: InputKind
    settings: dict[str, Any]


class InputHeldByAgent(InputEvent):
    """The environment's agent said it holds ``version`` of the input (for a deleted input: its removal), and whether
    its media runs (None: not said), with the most it may reach (kbps; 0 or None: not configured)."""

    version: int
    running: bool | None = None
    bitrate_kbps: int | None = None


class InputConfigurationResent(InputEvent):
    """The agent lacked ``version`` (it did not answer, or reported an older one): the configuration goes again."""

    version: int
    attempt: int
    kind: InputKind
    settings: dict[str, Any]
    running: bool = True


class InputRemovalResent(InputEvent):
    """The agent of ``environment_id`` still holds the input, which is not (or no longer) there: removed again."""

    version: int
    attempt: int


class InputGuardEvent(InputEvent):
    """What the bitrate guard of the input's c_env did, as its agent measured it (each: None when not said)."""

    bitrate_kbps: int | None = None
    max_allowed_bitrate_kbps: int | None = None


class InputMarkedStopped(InputGuardEvent):
    """The c_env stopped the input: over its maximum bitrate (A084). Sets ``input_stopped``."""


class InputWarnedRunningHot(InputGuardEvent):
    """The input came near its maximum bitrate (A085). Sets ``warning_sent``."""


class InputStatisticsReset(InputEvent):
    """The input's agent is to zero its counters: ``request_id`` is the command's id."""

    request_id: uuid.UUID


class OutputEvent(EnvironmentEvent):
    """``organisation_id``: the output's taker organisation."""

    output_id: str


class OutputPlaced(OutputEvent):
    """On the environment: the output is there, listening on ``port`` (None: it listens on none), taken by
    ``taker_organisation_id`` (None: the environment's organisation, as every output was before guests)."""

    port: int | None = None
    taker_organisation_id: int | None = None


class OutputPortMoved(OutputEvent):
    """On the environment: the output listens on ``port`` now (None: on none any more)."""

    port: int | None


class OutputRemoved(OutputEvent):
    """On the environment: the output is gone and its port free."""


class OutputConfigurationEvent(OutputEvent):
    """A change of what the output's c_env should hold; ``version`` grows with each, over the lives of an id.
    ``settings`` never hold a password, only whether one is kept (``password_set``)."""

    version: int


class OutputCreated(OutputConfigurationEvent):
    """``agreement_id``: the permanent-schedule agreement the output was created on, if any."""

    kind: OutputKind
    settings: dict[str, Any]
    agreement_id: uuid.UUID | None = None


class OutputChanged(OutputConfigurationEvent):
    """The output's whole configuration after the change (``running``: whether it is started)."""

    kind: OutputKind
    settings: dict[str, Any]
    running: bool = True


class OutputDeleted(OutputConfigurationEvent):
    """``agreement_id``: the agreement the output was bound to, which billing then releases (A102)."""

    agreement_id: uuid.UUID | None = None


class OutputStarted(OutputConfigurationEvent):
    """Started (A109): the output's media should run. The whole configuration goes with it."""

    kind: OutputKind
    settings: dict[str, Any]


class OutputStopped(OutputConfigurationEvent):
    """Stopped (A110): the output stays configured on its c_env, its media does not run."""

    kind: OutputKind
    settings: dict[str, Any]


class OutputHeldByAgent(OutputEvent):
    """The environment's agent said it holds ``version`` of the output (for a deleted output: its removal), and
    whether its media runs (None: not said), with the bitrate it was configured with (kbps; 0 or None: the
    source's)."""

    version: int
    running: bool | None = None
    bitrate_kbps: int | None = None


class OutputConfigurationResent(OutputEvent):
    """The agent lacked ``version``: the configuration (with ``password_set``, never a password) goes again."""

    version: int
    attempt: int
    kind: OutputKind
    settings: dict[str, Any]
    running: bool = True


class OutputRemovalResent(OutputEvent):
    """The agent of ``environment_id`` still holds the output, which is not (or no longer) there: removed again."""

    version: int
    attempt: int


class OutputStatisticsReset(OutputEvent):
    """The output's agent is to zero its counters: ``request_id`` is the command's id."""

    request_id: uuid.UUID


ALL: tuple[type[DomainEvent], ...] = (
    DashboardGroupCreated,
    DashboardGroupChanged,
    DashboardGroupDeleted,
    GroupNameClaimed,
    GroupNameReleased,
    GroupNamesClosed,
    EnvironmentNoted,
    InputPlaced,
    InputPortMoved,
    InputRemoved,
    InputCreated,
    InputChanged,
    InputDeleted,
    InputHeldByAgent,
    InputConfigurationResent,
    InputRemovalResent,
    InputStarted,
    InputStopped,
    OutputPlaced,
    OutputPortMoved,
    OutputRemoved,
    OutputCreated,
    OutputChanged,
    OutputDeleted,
    OutputHeldByAgent,
    OutputConfigurationResent,
    OutputRemovalResent,
    OutputStarted,
    OutputStopped,
    InputMarkedStopped,
    InputWarnedRunningHot,
    InputStatisticsReset,
    OutputStatisticsReset,
)
