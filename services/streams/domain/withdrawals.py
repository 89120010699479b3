"""An organisation's deletion takes its own inputs and outputs off their environments (the gateway's
``OrganisationDeleted``): unlike a caller's delete it asks nothing of the caller, and what is gone already (a second
delivery, a delete that came first) changes nothing. An environment being deleted, or deleted, keeps them: its agent
goes with it, so there is nobody to tell."""

from __future__ import annotations

import uuid

from streams.domain import inputs, outputs
from streams.domain.environment import CLOSED, Environment
from streams.domain.events import DomainEvent, InputRemoved, OutputRemoved


def _open(env: Environment) -> uuid.UUID | None:
    return env.environment_id if env.known and env.state not in CLOSED else None


def input_off(env: Environment, organisation_id: int, input_id: str) -> list[DomainEvent]:
    environment_id = _open(env)
    if environment_id is None or env.organisation_id != organisation_id or input_id not in env.inputs:
        return []
    return [InputRemoved(organisation_id=organisation_id, environment_id=environment_id, input_id=input_id)]


def output_off(env: Environment, taker: int, output_id: str) -> list[DomainEvent]:
    environment_id = _open(env)
    if environment_id is None or output_id not in env.outputs or env.taker_of(output_id) != taker:
        return []
    return [OutputRemoved(organisation_id=env.organisation_id, environment_id=environment_id, output_id=output_id)]


def input_deleted(current: inputs.Input, environment_id: uuid.UUID) -> list[DomainEvent]:
    live_there = current.live and current.environment_id == environment_id
    return inputs.delete(current, environment_id) if live_there else []


def output_deleted(current: outputs.Output, environment_id: uuid.UUID) -> list[DomainEvent]:
    live_there = current.live and current.environment_id == environment_id
    return outputs.delete(current, environment_id) if live_there else []
