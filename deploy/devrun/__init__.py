"""Running the whole platform as local processes: ``make run`` and the end-to-end tests."""
