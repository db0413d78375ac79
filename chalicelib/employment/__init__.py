"""Employment: contracts and lifecycle events (the employment relationship)."""
