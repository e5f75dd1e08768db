"""Placing events: boundaries, the gazetteer, region assignment, region search."""
