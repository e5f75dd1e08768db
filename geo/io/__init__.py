"""Reading event files: formats, bounds, validation, the ingest cache."""
