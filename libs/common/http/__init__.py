"""aiohttp plumbing shared by every service."""
