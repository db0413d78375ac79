"""Global search: people, units, indicators and tasks, read from the indexes the lists already use."""
