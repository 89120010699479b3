"""The gateway's HTTP entrypoints."""
