"""Reading event files and the reference data, knowing nothing of places: formats (reader,
delimited, parquet; bounds, workbook, sheetscan guard them), the column checks (validate, parse,
coordinates, tally; what they give is schema.EventTable), the ingest cache, and the one loader of
the reference data (reference)."""
