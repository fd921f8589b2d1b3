"""Statistics, dashboards and exports drawn from the other apps' selectors.

A plain package, not a Django app: it has no models, and its pages live with the app
whose data they show (members/views/reports.py)."""
