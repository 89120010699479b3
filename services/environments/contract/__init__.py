"""The environments service's contract: its routes and the messages it publishes or accepts."""

from common.contract import Contract
from environments.contract.routes import ROUTES

CONTRACT = Contract(service="environments", routes=ROUTES)
