"""The permission matrix's rows of each feature app, one module per app (``matrix.py``, "Feature areas")."""
