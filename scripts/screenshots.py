"""Screenshots of the home and article pages for the README, from demo content.

Builds a throwaway SQLite database and media folder, fills them with
`manage.py seed_demo`, serves them with `runserver` on a free port and lets Debian's
Chromium (through Playwright) save full-page PNGs at desktop and phone widths:

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Writes home-desktop.png, home-mobile.png, article-desktop.png, article-mobile.png.
Needs Debian's `chromium` at /usr/bin/chromium.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = {"desktop": 1280, "mobile": 375}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def shoot(base_url: str, out: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        probe = browser.new_page()
        probe.goto(base_url)
        article_url = probe.locator(".card-lead .card-headline a").get_attribute("href")
        probe.close()
        for name, path in (("home", "/"), ("article", article_url)):
            for label, width in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(base_url + path, wait_until="networkidle")
                # Scroll through once so lazy images below the fold load too.
                page.evaluate(
                    "async () => { for (let y = 0; y < document.body.scrollHeight; y += 600) {"
                    " window.scrollTo(0, y); await new Promise(r => setTimeout(r, 50)); } }"
                )
                page.wait_for_load_state("networkidle")
                page.evaluate("window.scrollTo(0, 0)")
                target = out / f"{name}-{label}.png"
                page.screenshot(path=str(target), full_page=True)
                # A 256-colour palette keeps text crisp at a third of the file size.
                with Image.open(target) as shot:
                    shot.convert("RGB").quantize(256).save(target, optimize=True)
                print(f"wrote {target.relative_to(REPO)}")
                page.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--articles", type=int, default=120)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        env = {
            **os.environ,
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{scratch}/screenshots.sqlite3",
            "MEDIA_ROOT": f"{scratch}/media",
            "REDIS_URL": "",
        }
        manage = [sys.executable, str(REPO / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
        subprocess.run(
            [*manage, "seed_demo", "--articles", str(args.articles), "-v0"], env=env, check=True
        )
        port = free_port()
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            wait_until_up(base_url + "/")
            shoot(base_url, args.out)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
