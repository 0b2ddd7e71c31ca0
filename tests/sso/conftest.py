"""A real OpenID Connect provider for the SSO tests: django-oauth-toolkit with OIDC on,
started in a second process on a loopback port (tests/sso/provider/), with an RSA key this
session generates. The portal talks to it over HTTP exactly as to Keycloak or Entra ID:
discovery, authorization code flow with PKCE, RS256 ID tokens, JWKS, userinfo, end-session.

``provider`` is the running provider (its users, its client, its faults: ``set_mode``);
``sso_on`` turns the portal's single sign-on on against it; ``sign_in_through_provider``
walks the round trip with Django's test client on our side and ``requests`` as the browser
on the provider's side (its sign-in form is filled in)."""

from __future__ import annotations

import base64
import hashlib
import html
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

CLIENT_ID = "pmo-portal"
CLIENT_SECRET = "portal-client-secret-for-tests"
TESTSERVER = "http://testserver"
PASSWORD = "provider-password-1"
NEXT_INPUT = re.compile(r'name="next" value="([^"]*)"')
START_TIMEOUT = 30  # seconds


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Provider:
    url: str
    secret: str
    private_key: rsa.RSAPrivateKey
    redirect_uris: list[str] = field(default_factory=list)
    logout_uris: list[str] = field(default_factory=list)

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def control(self, what: str, **data) -> dict:
        response = requests.post(
            f"{self.url}/control/{what}",
            json=data,
            headers={"X-Control-Secret": self.secret},
            timeout=10,
        )
        response.raise_for_status()
        return response.json()

    def set_user(self, username: str, *, groups, **profile) -> str:
        """Create or update a person at the provider; returns their subject (``sub``)."""
        return self.control("user", username=username, password=PASSWORD, groups=groups, **profile)[
            "sub"
        ]

    def register(self, base_url: str) -> None:
        """Accept ``base_url``'s callback and its sign-in page after logout."""
        self.redirect_uris.append(f"{base_url}/accounts/sso/callback/")
        self.logout_uris.append(f"{base_url}/accounts/login/")
        self.control(
            "client",
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            redirect_uris=self.redirect_uris,
            post_logout_redirect_uris=self.logout_uris,
        )

    def set_mode(self, mode: str) -> None:
        """ "" (honest), "wrong_audience", "expired" or "bad_signature": the next ID tokens."""
        self.control("mode", mode=mode)

    def follow(self, browser: requests.Session, url: str, *, username: str, stop: str) -> str:
        """Follow the provider's redirects as a browser, filling in its sign-in form, until it
        sends the browser to a URL starting with ``stop``; returns that URL."""
        response = browser.get(url, allow_redirects=False, timeout=10)
        for _step in range(10):
            if response.is_redirect:
                target = urljoin(response.url, response.headers["Location"])
                if target.startswith(stop):
                    return target
                response = browser.get(target, allow_redirects=False, timeout=10)
            elif response.status_code == 200 and 'name="password"' in response.text:
                response = browser.post(
                    response.url,
                    data={
                        "csrfmiddlewaretoken": browser.cookies["provider_csrftoken"],
                        "username": username,
                        "password": PASSWORD,
                        "next": html.unescape(NEXT_INPUT.search(response.text).group(1)),
                    },
                    allow_redirects=False,
                    timeout=10,
                )
            else:
                raise AssertionError(f"provider answered {response.status_code}: {response.text}")
        raise AssertionError("too many redirects at the provider")

    def id_token(self, username: str, *, browser: requests.Session | None = None) -> str:
        """An ID token of ``username`` for our client, by the authorization code flow (with
        PKCE) straight against the provider, as another application of ours would get it."""
        browser = browser or requests.Session()
        verifier = secrets.token_urlsafe(48)
        challenge = (
            base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        redirect_uri = self.redirect_uris[0]
        query = urlencode(
            {
                "response_type": "code",
                "client_id": CLIENT_ID,
                "redirect_uri": redirect_uri,
                "scope": "openid profile email",
                "state": "state",
                "nonce": "nonce",
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            }
        )
        back = self.follow(
            browser, f"{self.issuer}/authorize/?{query}", username=username, stop=redirect_uri
        )
        code = dict(part.split("=", 1) for part in urlsplit(back).query.split("&"))["code"]
        response = requests.post(
            f"{self.issuer}/token/",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "code_verifier": verifier,
            },
            timeout=10,
        )
        response.raise_for_status()
        return response.json()["id_token"]


@pytest.fixture(scope="session")
def provider_process(tmp_path_factory):
    folder = tmp_path_factory.mktemp("oidc-provider")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_file = folder / "key.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    port, secret = _free_port(), secrets.token_urlsafe(16)
    env = {
        **os.environ,
        "SSO_PROVIDER_DB": str(folder / "provider.sqlite3"),
        "SSO_PROVIDER_KEY_FILE": str(key_file),
        "SSO_PROVIDER_CONTROL_SECRET": secret,
    }
    log = (folder / "provider.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.sso.provider.serve", str(port)],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    provider = Provider(url=f"http://127.0.0.1:{port}", secret=secret, private_key=key)
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            if requests.get(provider.discovery_url, timeout=2).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("the OIDC provider did not start:\n" + Path(log.name).read_text())
        time.sleep(0.2)
    provider.register(TESTSERVER)
    yield provider
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture
def provider(provider_process):
    """The running provider, honest again after the test."""
    yield provider_process
    provider_process.set_mode("")


@pytest.fixture
def sso_on(settings, provider):
    """The portal's single sign-on against the test provider (through its discovery)."""
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_DISCOVERY_URL = provider.discovery_url
    settings.OIDC_PROVIDER_NAME = "Keycloak"
    cache.clear()  # discovery and keys of another provider or test
    yield provider
    cache.clear()


@pytest.fixture
def sign_in_through_provider():
    """``sign_in_through_provider(client, provider, "jeanne")``: the SSO button, the
    provider's sign-in, the callback; returns the portal's answer to the callback."""

    def _sign_in(client, provider: Provider, username: str, *, browser=None):
        start = client.get(reverse("sso:login"))
        assert start.status_code == 302, start.status_code
        browser = browser or requests.Session()
        back = provider.follow(browser, start["Location"], username=username, stop=TESTSERVER)
        parts = urlsplit(back)
        return client.get(f"{parts.path}?{parts.query}")

    return _sign_in
