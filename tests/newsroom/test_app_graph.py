"""Apps point one way: kernel ← sections ← articles ← newsletter, and
kernel ← accounts; comments may use articles and accounts; the read API (api) may
use sections and articles.

Every module of each app (function-level imports included) is read with `ast`, so a
back-edge fails here even where Python would have imported it without complaint.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The part of the project package apps may use: Burmese-aware text rules, the
# site's address, the querysets that tell caches of bulk writes and
# `reads_from_primary()` for cache fills (newsroom.replica). Settings, root URLs and
# the demo content are the project's wiring.
KERNEL = {
    "newsroom.text",
    "newsroom.editions",
    "newsroom.zawgyi",
    "newsroom.zawgyi_forms",
    "newsroom.fields",
    "newsroom.site",
    "newsroom.clients",
    "newsroom.page_urls",
    "newsroom.querysets",
    "newsroom.replica",
}
# What each app may import of the others (besides itself and the kernel).
ALLOWED = {
    "sections": set(),
    "articles": {"sections"},
    "newsletter": {"sections", "articles"},
    "accounts": set(),
    "comments": {"sections", "articles", "accounts"},
    "api": {"sections", "articles"},
}
PROJECT_PACKAGES = {"newsroom", *ALLOWED}


def imported_modules(source: Path) -> set[str]:
    """Dotted names this module imports from the project's packages."""
    names = set()
    for node in ast.walk(ast.parse(source.read_text(), filename=str(source))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # `from newsroom import text` imports newsroom.text.
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name.split(".")[0] in PROJECT_PACKAGES}


def module_imports(package: str) -> list[tuple[str, str]]:
    """(module path, imported name) for every project import inside `package`."""
    return [
        (str(source.relative_to(ROOT)), name)
        for source in sorted((ROOT / package).rglob("*.py"))
        for name in sorted(imported_modules(source))
    ]


def is_kernel(name: str) -> bool:
    return any(name == module or name.startswith(f"{module}.") for module in KERNEL)


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_an_app_imports_only_itself_the_kernel_and_the_apps_below_it(app):
    allowed = {app, *ALLOWED[app]}
    wrong = [
        (module, name)
        for module, name in module_imports(app)
        if not is_kernel(name) and name.split(".")[0] not in allowed
    ]
    assert wrong == []


def test_the_kernel_imports_no_app():
    wrong = [
        (str(source.relative_to(ROOT)), name)
        for module in sorted(KERNEL)
        for source in [ROOT / f"{module.replace('.', '/')}.py"]
        for name in sorted(imported_modules(source))
        if not is_kernel(name)
    ]
    assert wrong == []


def test_the_check_sees_a_back_edge(tmp_path):
    """The walk finds imports at any depth, in both spellings."""
    module = tmp_path / "views.py"
    module.write_text(
        "from articles.selectors import cards\n"
        "def view():\n"
        "    from newsroom import settings\n"
        "    import newsletter.services\n"
    )
    assert imported_modules(module) == {
        "articles.selectors.cards",
        "newsroom.settings",
        "newsletter.services",
    }
