"""The page: all of the Streamlit code (dashboard.py is its frame)."""
