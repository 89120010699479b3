"""The reference c_env agent: what runs on a customer environment and speaks the bus protocol."""

AGENT_VERSION = "1.0.0"
