"""Environments: customer environments (c_envs), their lifecycle over the bus, and the cloud catalogue."""
