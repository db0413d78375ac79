"""Organisation: the unit tree, positions with job descriptions, and people."""
