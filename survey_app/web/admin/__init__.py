"""The facilitators' and the city's pages under /admin (blueprint in routes.py)."""
