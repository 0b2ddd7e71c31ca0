"""The REST API's foundations (/api/v1/): bearer tokens, authentication, scopes, errors as
RFC 9457 problem details, cursor pagination, per-token rate limits, ETags, and the URLs.

Each app exposes its resources from its own ``api.py`` and lists them in the registry
(``registry.ApiRoute``), so this package names no app. Every endpoint reads through the same
selectors and permission rules as the app's web pages.
"""
