"""What leaves the page: report maps, exports, tables, the timeline, the HTML map, the note on the data."""
