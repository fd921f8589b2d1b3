"""The meetings app's pages, one module per area (their routes: meetings/urls.py)."""
