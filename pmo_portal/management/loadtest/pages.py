"""What the simulated users read in the portal's pages, as a browser would: a form's fields
(to submit it as it was rendered), the CSRF token, and the blocks a page loads after itself
(``data-hx-get`` with ``data-hx-trigger="load"``). Standard library only: the locustfile
imports it in locust's process, and the tests import it without locust."""

from __future__ import annotations

from html.parser import HTMLParser

TEXT_INPUTS = {"", "text", "hidden", "number", "date", "email", "url", "search", "tel"}


class _Forms(HTMLParser):
    """Every form of a page: its action and the (name, value) pairs a browser would send
    without a click (submit buttons are left out; the caller adds the one it presses)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.lazy: list[str] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._select_first: str | None = None
        self._option: dict | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {key: value if value is not None else "" for key, value in attrs}
        if attributes.get("data-hx-trigger") == "load" and attributes.get("data-hx-get"):
            self.lazy.append(attributes["data-hx-get"])
        if tag == "form":
            self._form = {
                "action": attributes.get("action", ""),
                "method": attributes.get("method", "get").lower(),
                "fields": [],
                "names": set(),
            }
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            self._form["names"].add(name)
            kind = attributes.get("type", "").lower()
            if kind in TEXT_INPUTS or (kind in {"checkbox", "radio"} and "checked" in attributes):
                value = attributes.get("value", "on" if kind == "checkbox" else "")
                self._form["fields"].append((name, value))
        elif tag == "select" and name:
            self._form["names"].add(name)
            self._select, self._select_value, self._select_first = name, None, None
        elif tag == "option" and self._select is not None:
            self._option = attributes
            self._text = []
        elif tag == "textarea" and name:
            self._form["names"].add(name)
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None or self._option is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            value = self._option.get("value", "".join(self._text).strip())
            if self._select_first is None:
                self._select_first = value
            if "selected" in self._option and self._select_value is None:
                self._select_value = value
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            value = self._select_value if self._select_value is not None else self._select_first
            if value is not None:
                self._form["fields"].append((self._select, value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            # A browser drops the one newline that follows <textarea>.
            text = "".join(self._text)
            self._form["fields"].append((self._textarea, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self._form = None


def parse(html: str) -> _Forms:
    parser = _Forms()
    parser.feed(html)
    parser.close()
    return parser


def form_with(html: str, field: str) -> dict | None:
    """The first form holding a field named ``field``: {"action", "method", "fields"}, the
    fields a list of (name, value) pairs in page order; None when no form holds it."""
    for form in parse(html).forms:
        if field in form["names"]:
            return {key: form[key] for key in ("action", "method", "fields")}
    return None


def csrf_token(html: str) -> str | None:
    """The CSRF token of the page's first form that carries one."""
    form = form_with(html, "csrfmiddlewaretoken")
    if form is None:
        return None
    return next(value for name, value in form["fields"] if name == "csrfmiddlewaretoken")


def lazy_blocks(html: str) -> list[str]:
    """The URLs a page loads after itself (HTMX ``load`` trigger), in page order."""
    return parse(html).lazy
