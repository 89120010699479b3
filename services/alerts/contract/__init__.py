"""The alerts service's contract (it serves no routes yet)."""

from common.contract import Contract

CONTRACT = Contract(service="alerts")
