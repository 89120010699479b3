"""Request and response models of the gateway's own routes, with the seed's limits."""
