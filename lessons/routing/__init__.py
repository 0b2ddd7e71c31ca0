"""Routing of lessons to live projects (issue 13): the pure ranking engine (engine.py), its
stop words, the reasons in words (reasons.py)."""
