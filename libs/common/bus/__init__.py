"""RabbitMQ plumbing: topology, a confirming publisher and an inbox-backed consumer."""
