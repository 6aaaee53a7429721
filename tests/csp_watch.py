"""Browser tests fail on anything our security headers make a browser refuse.

Every browser context a test opens is watched two ways: a listener for the
`securitypolicyviolation` event, added before any page script runs, reports each
Content-Security-Policy violation to Python at once (so a context the test closes
has already told us); and the console, where Chromium also writes what the policy
blocked — including on pages opened without JavaScript, where no listener runs —
and any Permissions-Policy it could not parse.
"""

LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "(inline)"} `
    + `on ${event.documentURI} at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""

CONSOLE_MARKERS = ("Content Security Policy", "Permissions-Policy", "X-Frame-Options")


def watch(context, violations: list[str]) -> None:
    """Record `context`'s policy violations in `violations` as they happen."""

    def on_violation(description: str) -> None:
        violations.append(description)

    context.expose_function("__cspViolation", on_violation)
    context.add_init_script(LISTENER)

    def on_console(message) -> None:
        if any(marker in message.text for marker in CONSOLE_MARKERS):
            violations.append(f"console: {message.text}")

    context.on("console", on_console)


class WatchedBrowser:
    """A Playwright browser whose every new context and page is `watch`ed; the rest
    of the browser's API passes through."""

    def __init__(self, browser):
        self._browser = browser
        self.contexts = []
        self.violations: list[str] = []

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        watch(context, self.violations)
        self.contexts.append(context)
        return context

    def new_page(self, **options):
        return self.new_context(**options).new_page()

    def close_contexts(self) -> None:
        for context in self.contexts:
            context.close()

    def __getattr__(self, name):
        return getattr(self._browser, name)
