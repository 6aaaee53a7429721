"""The source tree itself: one definition of the Myanmar script, clean text, no stray
imports hidden in functions, settings that point at things that exist."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
APPS = ("newsroom", "sections", "articles", "newsletter")


def app_sources() -> list[Path]:
    return [
        path
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def text_files() -> list[Path]:
    folders = (*APPS, "templates", "static", "tests", "docs", "scripts")
    files = [path for folder in folders for path in (ROOT / folder).rglob("*") if path.is_file()]
    files += [ROOT / "README.md", ROOT / "Makefile"]
    return [
        path
        for path in files
        if path.suffix in {".py", ".html", ".txt", ".xml", ".md", ".css", ".js", ""}
    ]


def test_no_text_file_holds_mojibake():
    """UTF-8 read as Latin-1 and saved again ("600Ã\\x9760" for "600×60") leaves C1
    control characters behind; no real text contains them."""
    garbled = {
        str(path.relative_to(ROOT))
        for path in text_files()
        if re.search("[\x80-\x9f]", path.read_text(encoding="utf-8"))
    }
    assert not garbled


def test_the_myanmar_code_points_are_written_down_once():
    defined_in = {
        str(path.relative_to(ROOT))
        for path in app_sources()
        if re.search(r"\\u1000-\\u109f", path.read_text(encoding="utf-8"), re.IGNORECASE)
    }
    assert defined_in == {"newsroom/text.py"}


def test_what_makes_a_word_character_is_decided_once():
    deciding = {
        str(path.relative_to(ROOT))
        for path in app_sources()
        if "unicodedata.category(" in path.read_text(encoding="utf-8")
    }
    assert deciding == {"newsroom/text.py"}


def test_imports_inside_functions_say_why():
    """An import belongs at the top of its module; one inside a function (to break an
    import cycle, or to connect signals once apps are ready) carries a comment."""
    unexplained = []
    for path in app_sources():
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for function in ast.walk(ast.parse(source)):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    nearby = lines[node.lineno - 2 : node.end_lineno]
                    if not any("#" in line for line in nearby):
                        unexplained.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not unexplained


def test_locale_paths_exist():
    assert all(Path(path).is_dir() for path in settings.LOCALE_PATHS)
