"""Streamlit-side helpers shared by app.py and the pages (the only layer besides pages that imports streamlit)."""
