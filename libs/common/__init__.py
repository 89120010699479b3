"""Switchyard's shared spine: event store, outbox, bus, HTTP plumbing, list queries."""
