"""axe-core in a Playwright page: the WCAG 2.x A and AA rules a page breaks.

The page's context must be opened with `bypass_csp=True`: axe is injected as a script
the Content-Security-Policy would refuse (the `browser` fixture still watches every
other context for violations)."""

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page, axe_source, within: str | None = None) -> list[str]:
    """Each rule broken in the page (or in the element `within` selects), with up to
    three of the elements breaking it."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "([within, tags]) => axe.run(within || document, {runOnly: {type: 'tag', values: tags}})",
        [within, WCAG_AA],
    )
    return [
        f"{v['id']}: {[node['target'] for node in v['nodes']][:3]}" for v in result["violations"]
    ]
