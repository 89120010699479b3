"""The gateway: the platform's only public door, and the owner of identity and access."""
