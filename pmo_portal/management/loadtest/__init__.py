"""The load test of ``make bench`` (issue 16): the locustfile and what it reads in pages.

Nothing here imports Django: the locustfile runs in locust's own process, against gunicorn.
"""
