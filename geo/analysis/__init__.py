"""The dataset (Bundle, View) and what is counted from it: codes, aggregates, deaths, mines, tolls, decrees, periods."""
