"""Single sign-on with the company's identity provider (OpenID Connect, mozilla-django-oidc):
sign-in and sign-out through the provider, accounts created or updated at sign-in, the IdP's
groups mapped to roles and portfolios by the PMO's table, and the provider's JWTs accepted as
API bearer tokens. docs/sso.md tells how to configure it.

A layer beside governance and resources: it reads the portfolios (a mapping names one) and
the foundations (roles, API permissions); no app imports it, the settings and the root URLs
name it."""
