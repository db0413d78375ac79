"""Read models for each role's dashboard, composed from the other domains' reads (no own storage)."""
