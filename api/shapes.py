"""Stories, sections, tags and authors as the API shows them (plain dicts in the
shapes of `api.schemas`). Every URL is absolute, on the site's address."""

from django.conf import settings

from api.body import absolute_body
from articles.content.rendering import Mode, render_body
from newsroom.page_urls import page_url
from newsroom.site import absolute_url


def local_name(section, language: str) -> str:
    return getattr(section, f"name_{language}", "") or section.name


def picture(image) -> dict | None:
    if image is None or not image.file:
        return None
    storage = image.file.storage
    return {
        "url": absolute_url(image.file.url),
        "alt": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "width": image.width,
        "height": image.height,
        "renditions": [
            {"width": width, "url": absolute_url(storage.url(name))}
            for width, name in sorted((int(w), name) for w, name in image.renditions.items())
        ],
    }


def story_card(story) -> dict:
    """A story loaded with `as_cards()`, its tags and `with_counterpart()`."""
    section = story.primary_section
    counterpart = story.public_counterpart
    return {
        "id": story.pk,
        "url": absolute_url(story.get_absolute_url()),
        "language": story.language,
        "kind": story.kind,
        "headline": story.headline,
        "standfirst": story.standfirst,
        "section": {
            "id": section.pk,
            "path": section.path,
            "name": local_name(section, story.language),
            "url": absolute_url(page_url(section.path, language=story.language)),
        },
        "authors": [{"slug": a.slug, "name": a.name} for a in story.authors.all()],
        # Sorted here: taggit's prefetch lists tags in no set order.
        "tags": sorted(
            ({"slug": t.slug, "name": t.name} for t in story.tags.all()),
            key=lambda tag: tag["name"],
        ),
        "image": picture(story.featured_image),
        "translation": counterpart
        and {
            "id": counterpart.pk,
            "language": counterpart.language,
            "url": absolute_url(counterpart.url),
        },
        "published_at": story.publish_at,
        "updated_at": story.updated_at,
        "reading_time": story.reading_time,
    }


def story(story) -> dict:
    return {**story_card(story), "body": absolute_body(render_body(story.body, mode=Mode.FEED))}


def section(section) -> dict:
    languages = [code for code, _ in settings.LANGUAGES]
    return {
        "id": section.pk,
        "path": section.path,
        "parent_id": section.parent_id,
        "names": {code: local_name(section, code) for code in languages},
        "urls": {code: absolute_url(page_url(section.path, language=code)) for code in languages},
    }
