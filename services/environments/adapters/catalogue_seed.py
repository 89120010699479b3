"""Supported clouds, their regions (with coordinates) and instance types with the capacity the scheduler uses."""

from __future__ import annotations

from collections.abc import Sequence

PROVIDERS = {
    "aws": "Amazon Web Services",
    "gcp": "Google Cloud",
    "azure": "Microsoft Azure",
    "digitalocean": "DigitalOcean",
    "local": "Local machine (development)",
}
REGIONS = {
    "aws": [("us-east-1", "N. Virginia", 38.13, -78.45), ("eu-west-1", "Ireland", 53.35, -6.26),
            ("eu-west-2", "London", 51.51, -0.13), ("ap-southeast-1", "Singapore", 1.35, 103.82)],
    "gcp": [("europe-west2", "London", 51.51, -0.13), ("us-central1", "Iowa", 41.26, -95.86)],
    "azure": [("uksouth", "UK South", 51.51, -0.13), ("eastus", "East US", 37.37, -79.82)],
    "digitalocean": [("lon1", "London 1", 51.51, -0.13), ("nyc3", "New York 3", 40.71, -74.01)],
    "local": [("local-1", "This machine", 0.0, 0.0)],
}  # fmt: skip
# id, name, vCPUs, memory GB, maximum outputs, bandwidth Mbit/s
SIZES = {
    "aws": [("c5.large", "c5.large", 2, 4, 10, 750), ("c5.xlarge", "c5.xlarge", 4, 8, 25, 1250),
            ("c5.2xlarge", "c5.2xlarge", 8, 16, 50, 2500)],
    "gcp": [("n2-standard-2", "n2-standard-2", 2, 8, 10, 1000), ("n2-standard-4", "n2-standard-4", 4, 16, 25, 2000),
            ("n2-standard-8", "n2-standard-8", 8, 32, 50, 4000)],
    "azure": [("standard-f2s-v2", "Standard_F2s_v2", 2, 4, 10, 875),
              ("standard-f4s-v2", "Standard_F4s_v2", 4, 8, 25, 1750),
              ("standard-f8s-v2", "Standard_F8s_v2", 8, 16, 50, 3500)],
    "digitalocean": [("c-2", "CPU-Optimized 2 vCPU", 2, 4, 10, 1000), ("c-4", "CPU-Optimized 4 vCPU", 4, 8, 25, 2000)],
    "local": [("standard", "Local process", 2, 4, 10, 1000)],
}  # fmt: skip


def _literal(value: object) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


def _values(rows: Sequence[tuple[object, ...]]) -> str:
    return ", ".join("(" + ", ".join(_literal(v) for v in row) + ")" for row in rows)


def seed_statements(schema: str) -> list[str]:
    providers = [(p, name) for p, name in PROVIDERS.items()]
    regions = [(p, *region) for p, rs in REGIONS.items() for region in rs]
    sizes = [(p, r[0], *size) for p, rs in REGIONS.items() for r in rs for size in SIZES[p]]
    return [
        f"INSERT INTO {schema}.cloud_providers (id, name) VALUES {_values(providers)}",
        f"INSERT INTO {schema}.regions (cloud_provider, id, name, latitude, longitude) VALUES {_values(regions)}",
        f"""INSERT INTO {schema}.instance_types
            (cloud_provider, region, id, name, vcpus, memory_gb, max_outputs, bandwidth_mbps)
            VALUES {_values(sizes)}""",
    ]
