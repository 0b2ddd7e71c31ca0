"""Run the test provider: ``python -m tests.sso.provider.serve PORT`` (environment: see
settings.py). Migrates its SQLite database, then serves on 127.0.0.1:PORT until killed."""

import os
import socketserver
import sys

import django
from django.core.management import call_command
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.core.wsgi import get_wsgi_application


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def main() -> None:
    port = int(sys.argv[1])
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.sso.provider.settings"
    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    mixins = (socketserver.ThreadingMixIn, WSGIServer)
    server_class = type("Server", mixins, {"daemon_threads": True})
    server = server_class(("127.0.0.1", port), QuietHandler)
    server.set_app(get_wsgi_application())
    server.serve_forever()


if __name__ == "__main__":
    main()
