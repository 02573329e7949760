"""The permission matrix (REL-12, SEC-01, SEC-02, AUD-09): every page and API route × every persona, on the demo.

``matrix.py`` holds the expected results as data; ``test_permission_matrix.py`` discovers the routes, checks that
each has an expectation (a new route without one fails) and runs every cell against the demo data set that
``conftest.py`` loads once for the package.
"""
