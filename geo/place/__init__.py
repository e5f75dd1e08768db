"""Placing events: boundaries, the gazetteer (find_place), reading and placing a file (locate),
region assignment, region search."""
