"""The gateway service's contract: its routes and the messages it publishes or accepts."""

from common.contract import Contract
from gateway.contract.routes import ROUTES

CONTRACT = Contract(service="gateway", routes=ROUTES)
