"""Benchmark what saving a photo costs: WebP renditions and the crops around its focal
point (share card, list cards, e-mail), as `Image.save()` makes them — never during a
reader's request.

Draws a busy photo-like picture (default 4000×3000, JPEG quality 90) into a scratch
media folder, then times `make_renditions` and `make_crops` (best of `--runs`) and
prints the size of every file they wrote.

    .venv/bin/python scripts/bench_images.py [--width 4000] [--height 3000] [--runs 3]
"""

import argparse
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=4000)
    parser.add_argument("--height", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    return parser.parse_args()


def busy_jpeg(width: int, height: int) -> bytes:
    """Overlapping coloured ellipses: much detail, so encoders work as on a photo."""
    from PIL import Image, ImageDraw

    shapes = random.Random(1)
    picture = Image.new("RGB", (width, height), (40, 90, 120))
    draw = ImageDraw.Draw(picture)
    for _ in range(300):
        x, y = shapes.randrange(width), shapes.randrange(height)
        colour = tuple(shapes.randrange(256) for _ in range(3))
        draw.ellipse((x, y, x + width // 10, y + height // 10), fill=colour)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    args = parse_args()
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="bench-images-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db.models.fields.files import FieldFile

    from articles.content.crops import make_crops
    from articles.content.images import make_renditions
    from articles.models import Image

    data = busy_jpeg(args.width, args.height)
    name = default_storage.save("images/bench.jpg", ContentFile(data))
    stored = FieldFile(Image(), Image._meta.get_field("file"), name)
    widths, email_width = settings.IMAGE_RENDITION_WIDTHS, settings.IMAGE_EMAIL_WIDTH
    made = {}

    def renditions():
        made["renditions"], made["email"] = make_renditions(stored, widths, email_width=email_width)

    def crops():
        made["crops"] = make_crops(
            stored, focal=(0.3, 0.4), card_widths=widths, email_width=email_width
        )

    rendition_time = best_of(args.runs, renditions)
    crop_time = best_of(args.runs, crops)

    def kib(storage_name: str) -> str:
        return f"{default_storage.size(storage_name) / 1024:.0f}"

    print(f"{args.width}×{args.height} JPEG, {len(data) / 1024:.0f} KiB; {os.cpu_count()} CPUs")
    print(f"renditions  {rendition_time:.2f} s (best of {args.runs})")
    print(f"crops       {crop_time:.2f} s (best of {args.runs})")
    sizes = {width: kib(file) for width, file in made["renditions"].items()}
    print("WebP renditions KiB:", sizes, "| e-mail:", kib(made["email"]))
    for kind, files in made["crops"].items():
        print(f"{kind} crop KiB:", {width: kib(file) for width, file in files.items()})


if __name__ == "__main__":
    main()
