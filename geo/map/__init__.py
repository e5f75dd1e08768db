"""The interactive map: layers, classes, offline assets."""
