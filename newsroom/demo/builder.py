"""Build a believable demo newsroom: sections, authors, tags, images, articles, views.

Idempotent: sections, authors, tags, images and static pages are matched by slug or
URL, and articles by (section, slug), so a second run adds nothing. Articles are
inserted with `bulk_create` in batches so `--articles 10000` takes seconds; every
value `Article.save()` would derive (sanitised body, slug, reading time) is derived
here with the same functions.

Stories with a Burmese headline are in the Burmese edition (`language="my"`); a few of
them are followed by their English version, the two paired as editors pair them
(`articles.editions.pair`). Each edition has its daily newsletter, and opinion
pieces have a weekly one. One story is a photo essay with a gallery
(`newsroom/demo/photo_essay.py`).
"""

import io
import random
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from articles.content.sanitize import sanitize_html
from articles.content.text import reading_time_minutes
from articles.editions import pair
from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    DailyViewCount,
    Image,
    Tag,
    TaggedArticle,
)
from articles.search import index_articles
from newsletter.models import Newsletter
from newsroom.demo import content
from newsroom.demo.conversation import ensure_demo_comments
from newsroom.demo.photo_essay import ensure_photo_essay
from newsroom.text import slugify
from sections.models import Section

BATCH = 1000
# Burmese stories followed by their English version, paired ("a handful").
PAIRS = 5
PALETTE = ["#1d3557", "#457b9d", "#2a9d8f", "#e76f51", "#6d597a", "#264653", "#b5838d", "#588157"]


@dataclass
class DemoReport:
    sections: int = 0
    authors: int = 0
    tags: int = 0
    images: int = 0
    articles: int = 0
    pages: int = 0
    comments: int = 0
    pairs: int = 0
    newsletters: int = 0


def build_demo(*, articles: int = 300, images: int = 24, seed: int = 2026) -> DemoReport:
    """Create whatever part of the demo newsroom is missing; return what was added."""
    rng = random.Random(seed)
    report = DemoReport()
    with transaction.atomic():
        configure_site()
        sections = ensure_sections(report)
        authors = ensure_authors(report)
        tags = ensure_tags(report)
        pictures = ensure_images(report, count=images)
        report.pages = ensure_static_pages()
        report.newsletters = ensure_newsletters()
    leaves = [s for s in sections if s.parent_id is not None] or sections
    # One of the stories is the photo essay, with its gallery of the demo images.
    with_essay = bool(articles and pictures)
    create_articles(
        rng,
        report,
        count=articles - with_essay,
        sections=leaves,
        authors=authors,
        tags=tags,
        images=pictures,
    )
    if with_essay:
        report.articles += ensure_photo_essay(pictures, leaves[0], authors[-1])
    report.comments = ensure_demo_comments()
    return report


def configure_site() -> None:
    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.SITE_NAME}
    )


def ensure_sections(report: DemoReport) -> list[Section]:
    sections = []
    for root_position, (root_name, children) in enumerate(content.SECTION_TREE):
        root, created = Section.objects.get_or_create(
            parent=None,
            slug=slugify(root_name),
            defaults={
                "name": root_name,
                "name_my": content.BURMESE_SECTION_NAMES[root_name],
                "position": root_position,
                "is_featured": root_name in content.FEATURED_SECTIONS,
                "description": f"The latest from our {root_name} desk.",
            },
        )
        report.sections += created
        sections.append(root)
        for position, child_name in enumerate(children):
            child, created = Section.objects.get_or_create(
                parent=root,
                slug=slugify(child_name),
                defaults={
                    "name": child_name,
                    "name_my": content.BURMESE_SECTION_NAMES[child_name],
                    "position": position,
                },
            )
            report.sections += created
            sections.append(child)
    return sections


def ensure_authors(report: DemoReport) -> list[Author]:
    authors = []
    for name, role, is_organisation in content.AUTHORS:
        author, created = Author.objects.get_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "role": role,
                "is_organisation": is_organisation,
                "bio": (
                    f"{name} reports for the Newsroom."
                    if is_organisation
                    else f"{name} is our {role.lower()}, covering Myanmar since 2015."
                ),
            },
        )
        report.authors += created
        authors.append(author)
    return authors


def ensure_tags(report: DemoReport) -> list[Tag]:
    existing = {tag.slug: tag for tag in Tag.objects.all()}
    missing = [
        Tag(name=word, slug=slugify(word))
        for word in dict.fromkeys(content.TAG_WORDS)
        if slugify(word) not in existing
    ]
    Tag.objects.bulk_create(missing, ignore_conflicts=True)
    report.tags += len(missing)
    return list(Tag.objects.filter(slug__in=[slugify(w) for w in content.TAG_WORDS]))


def ensure_images(report: DemoReport, *, count: int) -> list[Image]:
    pictures = list(Image.objects.filter(credit="Newsroom demo").order_by("pk")[:count])
    for picture in pictures:
        if not picture.crops:  # made before crops existed
            picture.recrop()
    for index in range(len(pictures), count):
        picture = Image(
            file=ContentFile(draw_picture(index), name=f"demo-{index + 1}.jpg"),
            alt_text=f"Illustration {index + 1}: abstract shapes in the newsroom's colours",
            caption=f"Demo illustration {index + 1}.",
            credit="Newsroom demo",
        )
        picture.save()
        pictures.append(picture)
        report.images += 1
    return pictures


def draw_picture(index: int) -> bytes:
    """A 1600×900 JPEG of overlapping shapes, different for every index."""
    rng = random.Random(index)
    width, height = 1600, 900
    picture = PILImage.new("RGB", (width, height), PALETTE[index % len(PALETTE)])
    draw = ImageDraw.Draw(picture)
    for _ in range(12):
        x, y = rng.randrange(width), rng.randrange(height)
        radius = rng.randrange(80, 400)
        colour = PALETTE[rng.randrange(len(PALETTE))]
        if rng.random() < 0.5:
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
        else:
            draw.rectangle((x - radius, y - radius // 2, x + radius, y + radius // 2), fill=colour)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def ensure_static_pages() -> int:
    site = Site.objects.get(pk=settings.SITE_ID)
    created_count = 0
    for url, title, html in content.STATIC_PAGES:
        page, created = FlatPage.objects.get_or_create(
            url=url, defaults={"title": title, "content": html}
        )
        page.sites.add(site)
        created_count += created
    return created_count


def ensure_newsletters() -> int:
    """Each edition's newsletter besides the default one, and the Weekly Opinion
    digest; how many were made."""
    made = 0
    for fields in content.NEWSLETTERS:
        fields = dict(fields)
        paths = fields.pop("sections", [])
        if "sender_name" in fields:
            fields["sender_name"] = fields["sender_name"].format(site=settings.SITE_NAME)
        newsletter, created = Newsletter.objects.get_or_create(slug=fields["slug"], defaults=fields)
        if created:
            newsletter.sections.set(Section.objects.filter(path__in=paths))
        made += created
    return made


def make_headline(rng: random.Random, used: set[str]) -> str:
    """A headline not used yet where the word lists allow (a huge archive repeats some)."""
    for _ in range(20):
        roll = rng.random()
        if roll < 0.08:
            headline = rng.choice(content.BURMESE_HEADLINES)
        elif roll < 0.25:
            headline = rng.choice(content.OTHER_HEADLINES)
        else:
            event = rng.choice(content.EVENTS).format(place=rng.choice(content.PLACES))
            headline = f"{rng.choice(content.SUBJECTS)} {event}"
        if headline not in used:
            break
    used.add(headline)
    return headline


def make_body(rng: random.Random, *, burmese: bool) -> str:
    paragraphs = rng.sample(content.PARAGRAPHS, k=rng.randint(5, 9))
    if burmese:
        paragraphs = content.BURMESE_PARAGRAPHS + paragraphs[:3]
    parts = []
    for position, paragraph in enumerate(paragraphs):
        if position == 3:
            parts.append(f"<h2>{rng.choice(content.SUBHEADS)}</h2>")
        if position == 5:
            parts.append(f"<blockquote><p>{rng.choice(content.QUOTES)}</p></blockquote>")
        parts.append(f"<p>{paragraph}</p>")
    return sanitize_html("".join(parts))


KIND_BY_SLUG = {
    "analysis": Article.Kind.ANALYSIS,
    "editorial": Article.Kind.EDITORIAL,
    "interview": Article.Kind.INTERVIEW,
    "fact-check": Article.Kind.FACT_CHECK,
    "obituaries": Article.Kind.OBITUARY,
    "investigation": Article.Kind.FEATURE,
    "profile": Article.Kind.FEATURE,
}
KIND_BY_ROOT = {
    "opinion": Article.Kind.OPINION,
    "in-person": Article.Kind.INTERVIEW,
    "lifestyle": Article.Kind.FEATURE,
    "books": Article.Kind.FEATURE,
}


def kind_for(section: Section) -> str:
    """The kind a story in this section would have (an opinion piece under Opinion…)."""
    root = section.path.split("/")[0]
    return KIND_BY_SLUG.get(section.slug) or KIND_BY_ROOT.get(root) or Article.Kind.NEWS


def pick_status(rng: random.Random, index: int, now) -> tuple[str, object]:
    """Every 25 stories: two drafts, one in review, one scheduled; one in 50 unpublished."""
    slot = index % 50
    if slot in (5, 30, 17, 42):
        return Article.Status.DRAFT, None
    if slot in (11, 36):
        return Article.Status.IN_REVIEW, None
    if slot in (3, 28):
        return Article.Status.PUBLISHED, now + timedelta(hours=rng.randint(2, 72))
    if slot == 20:
        return Article.Status.UNPUBLISHED, now - timedelta(days=rng.randint(1, 90))
    # Most stories in the last month, a long tail over the past year.
    age = rng.expovariate(1 / 20) if rng.random() < 0.85 else rng.uniform(30, 365)
    return Article.Status.PUBLISHED, now - timedelta(days=age, minutes=rng.randint(0, 600))


def create_articles(rng, report, *, count, sections, authors, tags, images) -> None:
    now = timezone.now()
    taken = set(Article.objects.values_list("primary_section_id", "slug"))
    used_headlines: set[str] = set()
    people = [a for a in authors if not a.is_organisation]
    pairs_left = PAIRS
    for start in range(0, count, BATCH):
        batch, pairs = [], []
        end = min(start + BATCH, count)
        translating = None  # the Burmese story whose English version comes next
        for index in range(start, end):
            if translating is not None:
                headline = content.ENGLISH_TRANSLATIONS[translating.headline]
                used_headlines.add(headline)
                section = translating.primary_section
                status, publish_at = translating.status, translating.publish_at
            else:
                headline = make_headline(rng, used_headlines)
                section = rng.choice(sections)
                status, publish_at = pick_status(rng, index, now)
            slug = f"{slugify(headline)[:180]}-{index + 1}"
            burmese = headline in content.BURMESE_HEADLINES
            body = make_body(rng, burmese=burmese)
            live = status == Article.Status.PUBLISHED and publish_at <= now
            views = int(rng.paretovariate(1.2) * 40) if live else 0  # no views before going live
            article = Article(
                headline=headline,
                slug=slug,
                standfirst=rng.choice(content.PARAGRAPHS),
                body=body,
                primary_section=section,
                kind=kind_for(section),
                language="my" if burmese else settings.LANGUAGE_CODE,
                status=status,
                publish_at=publish_at,
                featured_image=rng.choice(images) if images and rng.random() < 0.9 else None,
                reading_time=reading_time_minutes(body),
                view_count=min(views, 2_000_000),
                is_recommended=index % 37 == 0 and status == Article.Status.PUBLISHED,
                recommended_at=now - timedelta(hours=index) if index % 37 == 0 else None,
            )
            fresh = (section.pk, slug) not in taken
            if fresh:
                batch.append(article)
            if translating is not None:
                if fresh and translating in batch:
                    pairs.append((translating, article))
                translating = None
            elif burmese and live and pairs_left and index + 1 < end:
                translating = article
                pairs_left -= 1
        with transaction.atomic():
            created = Article.objects.bulk_create(batch)
            attach_relations(rng, created, authors=people, staff=authors[0], tags=tags, now=now)
            index_articles(created)  # bulk_create skipped the save() signals that do this
            for burmese_story, english_story in pairs:
                pair(burmese_story, english_story)
        report.articles += len(created)
        report.pairs += len(pairs)


def attach_relations(rng, articles, *, authors, staff, tags, now) -> None:
    bylines, taggings, views = [], [], []
    today = timezone.localdate()
    for article in articles:
        credited = (
            rng.sample(authors, k=rng.choice([1, 1, 1, 2])) if rng.random() < 0.85 else [staff]
        )
        bylines += [
            ArticleAuthor(article=article, author=author, position=position)
            for position, author in enumerate(credited)
        ]
        taggings += [
            TaggedArticle(content_object=article, tag=tag)
            for tag in rng.sample(tags, k=rng.randint(2, 5))
        ]
        if article.view_count and article.publish_at and article.publish_at <= now:
            age_days = (today - timezone.localdate(article.publish_at)).days
            days = [today - timedelta(days=d) for d in range(0, min(age_days, 13) + 1)]
            shares = [rng.random() for _ in days]
            total = sum(shares)
            views += [
                DailyViewCount(
                    article=article, day=day, count=round(article.view_count * s / total)
                )
                for day, s in zip(days, shares, strict=True)
            ]
    ArticleAuthor.objects.bulk_create(bylines)
    TaggedArticle.objects.bulk_create(taggings, ignore_conflicts=True)
    DailyViewCount.objects.bulk_create(views, ignore_conflicts=True)
    published = [a for a in articles if a.status == Article.Status.PUBLISHED]
    related = Article.related_articles.through
    links = []
    for article in published[::7]:
        for other in rng.sample(published, k=min(2, len(published))):
            if other.pk != article.pk:
                links.append(related(from_article_id=article.pk, to_article_id=other.pk))
    related.objects.bulk_create(links, ignore_conflicts=True)
