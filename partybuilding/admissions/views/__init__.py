"""The admissions app's pages, one module per area (their routes: admissions/urls.py)."""
