"""Areas: municipalities, provinces, police units (reference data)."""


def add_commands(commands) -> None:
    """Filled by the reference-data work (ivb areas …)."""
