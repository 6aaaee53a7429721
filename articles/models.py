from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from articles import shown
from articles.content.body_images import link_library_images
from articles.content.crops import CARD_RATIO, SHARE_SIZE, crop_height, make_crops
from articles.content.image_metadata import strip_metadata
from articles.content.images import delete_files, make_renditions, validate_image_upload
from articles.content.sanitize import sanitize_html
from articles.content.text import reading_time_minutes
from articles.json_rows import JSONRows, concrete_fields
from articles.publishing import ArticleStatus, fill_defaults
from newsroom.editions import edition_language
from newsroom.fields import UnicodeSlugField
from newsroom.page_urls import page_url
from newsroom.querysets import ContentQuerySet
from newsroom.text import nfc, slug_for
from sections.models import Section


class Author(models.Model):
    """A credited byline: a person or an organisation ("Staff", "Reuters")."""

    name = models.CharField(_("name"), max_length=150)
    slug = UnicodeSlugField(_("slug"), unique=True)
    role = models.CharField(_("role"), max_length=150, blank=True, help_text=_("E.g. Editor"))
    bio = models.TextField(_("bio"), blank=True)
    photo = models.ForeignKey(
        "articles.Image",
        verbose_name=_("photo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
    )
    email = models.EmailField(_("public e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    facebook = models.URLField(_("Facebook"), blank=True)
    x = models.URLField(_("X (Twitter)"), blank=True)
    telegram = models.URLField(_("Telegram"), blank=True)
    is_organisation = models.BooleanField(_("organisation byline"), default=False)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [models.CheckConstraint(condition=~Q(slug=""), name="author_slug_not_empty")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.bio = nfc(self.bio)
        self.slug = self.slug or slug_for(self.name, prefix="author")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [
            ("Website", self.website),
            ("Facebook", self.facebook),
            ("X", self.x),
            ("Telegram", self.telegram),
        ]
        return [(label, url) for label, url in links if url]


class Image(models.Model):
    """An image in the media library, with WebP renditions made on save for srcset and
    crops cut around its focal point for cards, share cards and e-mails
    (`articles.content.crops`).

    A new file is stripped of its metadata and renamed before it is stored
    (`articles.content.image_metadata`), so nothing under MEDIA_URL tells where it was taken.
    """

    file = models.ImageField(
        _("file"),
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
        validators=[validate_image_upload],
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_("Describe the image for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    renditions = models.JSONField(
        default=dict, editable=False, help_text="Rendition width → storage name (WebP)."
    )
    email_rendition = models.CharField(
        max_length=255,
        blank=True,
        editable=False,
        help_text="Storage name of the JPEG or PNG shown in e-mails.",
    )
    file_size = models.PositiveIntegerField(
        editable=False,
        null=True,
        help_text="Bytes of the stored original, kept so that feeds need not ask the "
        "storage (a request per image on object storage).",
    )
    metadata_stripped = models.BooleanField(
        default=False,
        editable=False,
        help_text="False for images stored before uploads were cleaned: "
        "run `manage.py strip_image_metadata`.",
    )
    # Where the subject is, as fractions of the width and height from the top left:
    # every crop (cards, share cards, e-mail) keeps this point in the picture.
    focal_x = models.FloatField(
        _("focal point across"),
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("0 is the left edge, 1 the right."),
    )
    focal_y = models.FloatField(
        _("focal point down"),
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("0 is the top edge, 1 the bottom."),
    )
    crops = models.JSONField(
        default=dict,
        editable=False,
        help_text="Crop name → storage names of its renditions, made around the focal point.",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt_text or self.file.name

    def save(self, *args, **kwargs):
        self.alt_text = nfc(self.alt_text)
        self.caption = nfc(self.caption)
        self.credit = nfc(self.credit)
        if self.file and not self.file._committed:
            # Before the file field writes it to storage: no uncleaned byte is stored.
            # Assigning re-reads width and height from the upright image.
            self.file = strip_metadata(self.file)
            self.file_size = self.file.size
            self.metadata_stripped = True
        stored = (
            None
            if self._state.adding
            else Image.objects.filter(pk=self.pk).values("file", "focal_x", "focal_y").first()
        )
        file_changed = (
            stored is None
            or stored["file"] != self.file.name
            # Stored before renditions were made (images narrower than every
            # rendition width have none, but all have an e-mail rendition).
            or not (self.renditions or self.email_rendition)
        )
        focus_changed = stored is not None and (stored["focal_x"], stored["focal_y"]) != (
            self.focal_x,
            self.focal_y,
        )
        super().save(*args, **kwargs)
        if file_changed and self.file:
            self.renditions, self.email_rendition = make_renditions(
                self.file,
                settings.IMAGE_RENDITION_WIDTHS,
                email_width=settings.IMAGE_EMAIL_WIDTH,
            )
            super().save(update_fields=["renditions", "email_rendition"])
        if (file_changed or focus_changed or not self.crops) and self.file:
            self.recrop()

    def recrop(self) -> None:
        """Cut the share, card and e-mail crops afresh around the focal point and store
        them (`articles.content.crops`); the old crops' files are deleted once this
        commits, so a rolled-back change still finds its files."""
        old_names = self.crop_names()
        self.crops = make_crops(
            self.file,
            focal=(self.focal_x, self.focal_y),
            card_widths=settings.IMAGE_RENDITION_WIDTHS,
            email_width=settings.IMAGE_EMAIL_WIDTH,
        )
        Image.objects.filter(pk=self.pk).update(crops=self.crops)
        storage = self.file.storage
        transaction.on_commit(lambda: delete_files(storage, old_names))

    def rendition_url(self, width: int) -> str:
        """URL of the smallest rendition at least `width` wide, or the original."""
        for rendition_width in sorted(int(w) for w in self.renditions):
            if rendition_width >= width:
                return self.file.storage.url(self.renditions[str(rendition_width)])
        return self.file.url

    @property
    def srcset(self) -> str:
        return self._srcset_of(self.renditions)

    def _srcset_of(self, files_by_width: dict[str, str]) -> str:
        """`srcset` of stored files keyed by their width ("640" → storage name), narrowest first."""
        items = sorted((int(w), name) for w, name in files_by_width.items())
        return ", ".join(f"{self.file.storage.url(name)} {width}w" for width, name in items)

    @property
    def srcset_with_original(self) -> str:
        """`srcset` with the original as the widest candidate (renditions stop below it)."""
        original = f"{self.file.url} {self.width}w" if self.width else ""
        return ", ".join(part for part in (self.srcset, original) if part)

    @property
    def email_url(self) -> str:
        """A JPEG, PNG or GIF for e-mails (Outlook shows no WebP); "" if there is none.

        Images stored before e-mail renditions existed fall back to their original
        until `manage.py strip_image_metadata` gives them one.
        """
        if self.email_rendition:
            return self.file.storage.url(self.email_rendition)
        if self.file.name.lower().endswith((".jpg", ".jpeg", ".png", ".gif")):
            return self.file.url
        return ""

    def crop_names(self) -> list[str]:
        """Storage names of every crop file."""
        return [name for widths in self.crops.values() for name in widths.values()]

    def _crop_url(self, crop: str, width: int) -> str:
        """URL of the smallest of the crop's widths at least `width` wide, else its widest."""
        widths = sorted(int(w) for w in self.crops[crop])
        chosen = next((w for w in widths if w >= width), widths[-1])
        return self.file.storage.url(self.crops[crop][str(chosen)])

    @property
    def share_url(self) -> str:
        """The 1200×630 JPEG for link previews (`og:image`); the widest rendition until
        the image is cropped (`manage.py make_image_crops`)."""
        if self.crops.get("share"):
            return self._crop_url("share", SHARE_SIZE[0])
        return self.rendition_url(1280)

    def card_url(self, width: int) -> str:
        """The card crop (3:2, around the focal point) at least `width` wide; the
        uncropped rendition until the image is cropped."""
        if self.crops.get("card"):
            return self._crop_url("card", width)
        return self.rendition_url(width)

    @property
    def card_srcset(self) -> str:
        """`srcset` of the card crop; of the uncropped image (renditions and original)
        until the image is cropped."""
        if not self.crops.get("card"):
            return self.srcset_with_original
        return self._srcset_of(self.crops["card"])

    @property
    def card_size(self) -> tuple[int | None, int | None]:
        """Width and height of the widest card image, for `<img width height>`."""
        if not self.crops.get("card"):
            return self.width, self.height
        widest = max(int(w) for w in self.crops["card"])
        return widest, crop_height(widest, CARD_RATIO)

    @property
    def email_card_url(self) -> str:
        """The e-mail crop, a JPEG or PNG (never WebP: Outlook); the uncropped e-mail
        image until the image is cropped, "" if there is none."""
        if self.crops.get("email"):
            return self._crop_url("email", settings.IMAGE_EMAIL_WIDTH)
        return self.email_url


class Gallery(models.Model):
    """An ordered set of library images shown together in a story's body."""

    title = models.CharField(
        _("title"), max_length=200, help_text=_("For editors; readers see the photos.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("gallery")
        verbose_name_plural = _("galleries")

    def __str__(self):
        return self.title


class GalleryItem(models.Model):
    """One photo of a gallery; its caption and credit fall back to the image's own."""

    gallery = models.ForeignKey(Gallery, on_delete=models.CASCADE, related_name="items")
    image = models.ForeignKey(
        Image, verbose_name=_("image"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    caption = models.CharField(
        _("caption"), max_length=500, blank=True, help_text=_("Empty: the image's caption.")
    )
    credit = models.CharField(
        _("credit"), max_length=200, blank=True, help_text=_("Empty: the image's credit.")
    )

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return f"{self.gallery} #{self.position}"

    def save(self, *args, **kwargs):
        self.caption = nfc(self.caption).strip()
        self.credit = nfc(self.credit).strip()
        super().save(*args, **kwargs)


class Embed(models.Model):
    """What an oEmbed provider said about one link, fetched when an editor saved a story
    that embeds it, so that readers' pages never ask the provider anything."""

    url = models.URLField(_("link"), max_length=1000, unique=True)
    provider_name = models.CharField(_("provider"), max_length=100)
    title = models.CharField(_("title"), max_length=300, blank=True)
    frame_url = models.URLField(
        _("frame address"), max_length=1000, help_text="The provider's player, loaded on click."
    )
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    thumbnail = models.ForeignKey(
        Image,
        verbose_name=_("still"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Copied into the media library, so readers never fetch it from the provider."),
    )
    fetched_at = models.DateTimeField(_("fetched at"), auto_now=True)

    objects = ContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("embed")
        verbose_name_plural = _("embeds")

    def __str__(self):
        return self.url


class Tag(TagBase):
    """A topic tag whose slug keeps Myanmar-script words whole."""

    objects = ContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=~Q(slug=""), name="tag_slug_not_empty")]

    def slugify(self, tag, i=None):
        slug = slug_for(tag, prefix="tag")
        return f"{slug}-{i}" if i is not None else slug

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("articles.Article", on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")
        ]

    def __str__(self):
        return f"{self.content_object} — {self.tag}"


def bylines_in_order() -> models.Prefetch:
    """Each story's authors, in byline order."""
    return models.Prefetch("authors", queryset=Author.objects.order_by("articleauthor__position"))


def page_bylines() -> models.Prefetch:
    """An article page's bylines, in order, with the authors' photos."""
    bylines = Author.objects.select_related("photo").order_by("articleauthor__position")
    return models.Prefetch("authors", queryset=bylines)


def page_extras() -> list:
    """What an article's page shows besides its row, as prefetches: bylines with
    photos, tags, the other sections it is filed in, corrections and updates."""
    return [page_bylines(), "tags", "secondary_sections", "corrections"]


class ArticleQuerySet(ContentQuerySet):
    def published(self, *, at=None):
        """The one rule for public content: published status and a publish time ≤ now
        (or ≤ `at`)."""
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=at or timezone.now())

    def published_since(self, when):
        """Published stories whose publish time is after `when` (all of them if None)."""
        published = self.published()
        return published if when is None else published.filter(publish_at__gt=when)

    def scheduled(self, *, after=None):
        """Published stories whose time is still to come: after `after` (now)."""
        return self.filter(status=Article.Status.PUBLISHED, publish_at__gt=after or timezone.now())

    def in_edition(self, language: str | None = None):
        """Stories of one edition: `language`, or the active one (the URL's prefix)."""
        return self.filter(language=language or edition_language())

    def newest_first(self):
        return self.order_by("-publish_at", "-pk")

    def with_counterpart(self):
        """Each story's counterpart (its translation), read in the same query and only
        when `published()` returns it: `counterpart_language` and `counterpart_path`
        (section path and slug), both None otherwise (see `Article.public_counterpart`).
        """
        live = Article.objects.published().filter(pk=OuterRef("counterpart_id"))
        path = Concat("primary_section__path", Value("/"), "slug", output_field=models.TextField())
        return self.annotate(
            counterpart_language=Subquery(live.values("language")[:1]),
            counterpart_path=Subquery(live.annotate(path=path).values("path")[:1]),
        )

    def in_section(self, section, *, include_descendants=True):
        """Articles whose primary or secondary section is `section` (or below it)."""
        ids = (
            Section.objects.tree().descendant_ids(section) if include_descendants else [section.pk]
        )
        in_secondary = Article.secondary_sections.through.objects.filter(section_id__in=ids).values(
            "article_id"
        )
        return self.filter(Q(primary_section_id__in=ids) | Q(pk__in=in_secondary))

    # The shapes an article is loaded in for display, from smallest to largest. None
    # loads the search vectors: no page shows them.

    def as_links(self):
        """What a headline link or a small card shows: its section and featured image.
        Not the body."""
        return self.select_related("primary_section", "featured_image").defer(
            "body", "search_vector", "rank_vector"
        )

    def as_cards(self, *, with_body: bool = False):
        """What a full card shows: a link's data and the bylines in order. Only the
        lists that print the text as well (feeds, search snippets) ask `with_body`."""
        cards = (
            self.select_related("primary_section", "featured_image")
            .prefetch_related(bylines_in_order())
            .defer("search_vector", "rank_vector")
        )
        return cards if with_body else cards.defer("body")

    def for_page(self):
        """The article page: the body, bylines with photos, tags, every section the
        story is filed in, and its corrections and updates."""
        return self.page_rows().prefetch_related(*page_extras())

    def page_rows(self):
        """The article page's own row, without what `page_extras()` adds; with the
        share card's image (`articles.seo.cards`)."""
        return self.select_related("primary_section", "featured_image", "social_image").defer(
            "search_vector", "rank_vector"
        )

    def with_page_lists(self):
        """Each story's tags (oldest first: taggit's prefetch has no order, and gives
        them so), other sections and corrections, in the order of `for_page()`'s
        prefetches, as JSON arrays read in the same query (`page_tags`,
        `page_sections`, `page_corrections`: see `articles.json_rows`)."""
        in_sections = Article.secondary_sections.through.objects.filter(article=OuterRef("pk"))
        return self.annotate(
            page_tags=JSONRows(
                TaggedArticle.objects.filter(content_object=OuterRef("pk")).order_by("tag_id"),
                **concrete_fields(Tag, "tag__"),
            ),
            page_sections=JSONRows(
                in_sections.order_by("section__tree_order"), **concrete_fields(Section, "section__")
            ),
            page_corrections=JSONRows(
                Correction.objects.filter(article=OuterRef("pk")).order_by("published_at", "pk"),
                **concrete_fields(Correction),
            ),
        )

    def recommended(self):
        """Editor's picks, most recently picked first."""
        return self.filter(is_recommended=True).order_by("-recommended_at", "-publish_at")

    def most_read(self, *, days: int = 7):
        """Ordered by views in the last `days` days (ties: the newer story first)."""
        since = timezone.localdate() - timedelta(days=days - 1)
        # Filtering before annotating makes the join an inner one on the daily rows of
        # the window (the (day, article) index), not every article ever published.
        return (
            self.filter(daily_views__day__gte=since)
            .annotate(recent_views=Sum("daily_views__count"))
            .filter(recent_views__gt=0)
            .order_by("-recent_views", "-publish_at", "-pk")
        )


class Article(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        OPINION = "opinion", _("Opinion")
        ANALYSIS = "analysis", _("Analysis")
        INTERVIEW = "interview", _("Interview")
        FEATURE = "feature", _("Feature")
        EDITORIAL = "editorial", _("Editorial")
        OBITUARY = "obituary", _("Obituary")
        FACT_CHECK = "fact_check", _("Fact check")
        PHOTO_ESSAY = "photo_essay", _("Photo essay")

    Status = ArticleStatus

    headline = models.CharField(_("headline"), max_length=300)
    slug = UnicodeSlugField(
        _("slug"), blank=True, help_text=_("Part of the URL; made from the headline if empty.")
    )
    standfirst = models.TextField(
        _("standfirst"), blank=True, help_text=_("One or two sentences under the headline.")
    )
    body = models.TextField(_("body"), blank=True)
    primary_section = models.ForeignKey(
        "sections.Section",
        verbose_name=_("primary section"),
        on_delete=models.PROTECT,
        related_name="primary_articles",
    )
    secondary_sections = models.ManyToManyField(
        "sections.Section",
        verbose_name=_("also in sections"),
        blank=True,
        related_name="secondary_articles",
    )
    authors = models.ManyToManyField(
        Author, verbose_name=_("authors"), through="ArticleAuthor", related_name="articles"
    )
    tags = TaggableManager(_("tags"), through=TaggedArticle, blank=True)
    featured_image = models.ForeignKey(
        Image,
        verbose_name=_("featured image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="featured_in",
    )
    featured_image_caption = models.CharField(
        _("featured image caption"),
        max_length=500,
        blank=True,
        help_text=_("Leave empty to use the image's own caption."),
    )
    # Search and share cards; each falls back (articles/seo/cards.py): the headline,
    # the standfirst, the featured image.
    seo_title = models.CharField(
        _("search and share title"),
        max_length=110,
        blank=True,
        help_text=_("Empty: the headline. Search engines show about 60 characters."),
    )
    meta_description = models.CharField(
        _("meta description"),
        max_length=300,
        blank=True,
        help_text=_("Empty: the standfirst. Search engines show about 155 characters."),
    )
    social_image = models.ForeignKey(
        Image,
        verbose_name=_("share image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shared_in",
        help_text=_("Empty: the featured image. Cropped to 1200×630 around its focal point."),
    )
    editors_note = models.TextField(_("editor's note"), blank=True)
    review_note = models.TextField(
        _("note to the writer"),
        blank=True,
        help_text=_("Why the story goes back to its writer; shown to them on the story."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.NEWS)
    # The edition the story belongs to: its URL prefix (none for LANGUAGE_CODE, `/my/`
    # for Burmese), the lists it is shown in and the language its page is set in.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # The same story in the other language. Kept both ways (articles/editions.py).
    counterpart = models.OneToOneField(
        "self",
        verbose_name=_("translation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The same story in the other edition's language; linked both ways."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=False
    )
    publish_at = models.DateTimeField(
        _("publish time"),
        null=True,
        blank=True,
        help_text=_("A future time schedules the story. Empty means now when published."),
    )
    updated_at = models.DateTimeField(
        _("updated time"),
        null=True,
        blank=True,
        help_text=_("Shown to readers as “Updated” after a substantive change."),
    )
    is_recommended = models.BooleanField(_("editor's pick"), default=False)
    recommended_at = models.DateTimeField(_("picked at"), null=True, blank=True, editable=False)
    related_articles = models.ManyToManyField(
        "self",
        verbose_name=_("related stories"),
        symmetrical=False,
        blank=True,
        related_name="+",
    )
    reading_time = models.PositiveSmallIntegerField(
        _("reading time (min)"), default=1, editable=False
    )
    view_count = models.PositiveBigIntegerField(_("views"), default=0, editable=False)
    comments_open = models.BooleanField(
        _("comments open"),
        default=True,
        help_text=_("Readers may comment (until COMMENTS_CLOSE_AFTER_DAYS, if set)."),
    )
    # Approved comments, kept by the comments app so cards show it without a query.
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)
    # Weighted tsvectors kept current on save (articles/search/), used on PostgreSQL
    # only: everything (GIN-indexed, for matching) and the short fields (for ranking).
    search_vector = SearchVectorField(null=True, editable=False)
    rank_vector = SearchVectorField(null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    # Moves on with every save and bulk change: a form carries the version it was
    # opened on, and a save from an older one is refused (articles/workflow/locks.py).
    edit_version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        # Editors hold it, contributors do not (articles/workflow/roles.py).
        permissions = [("publish_article", _("Can publish, schedule, return and pick stories"))]
        constraints = [
            models.UniqueConstraint(
                fields=["primary_section", "slug"], name="article_unique_slug_in_section"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ArticleStatus.values),
                name="article_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(publish_at__isnull=False),
                name="article_published_has_time",
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="article_slug_not_empty"),
        ]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="article_status_publish_idx"),
            models.Index(
                fields=["language", "status", "publish_at"], name="article_edition_publish_idx"
            ),
            models.Index(
                fields=["primary_section", "status", "publish_at"],
                name="article_section_publish_idx",
            ),
            models.Index(
                fields=["is_recommended", "recommended_at"], name="article_recommended_idx"
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.headline = nfc(self.headline).strip()
        self.standfirst = nfc(self.standfirst).strip()
        self.editors_note = nfc(self.editors_note).strip()
        self.review_note = nfc(self.review_note).strip()
        self.featured_image_caption = nfc(self.featured_image_caption).strip()
        self.seo_title = nfc(self.seo_title).strip()
        self.meta_description = nfc(self.meta_description).strip()
        self.body = link_library_images(sanitize_html(self.body))
        self.reading_time = reading_time_minutes(self.body)
        fill_defaults(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "modified_at", "edit_version"}
        counted_in_sql = not self._state.adding
        if counted_in_sql:
            # In SQL, not from this copy's number: a save from a stale copy (a command,
            # a script) still moves the version past every form opened before it.
            self.edit_version = models.F("edit_version") + 1
        super().save(*args, **kwargs)
        if counted_in_sql:
            self.refresh_from_db(fields=["edit_version"])

    def get_absolute_url(self):
        """Under its edition's prefix, whichever edition's page links to it."""
        return page_url(f"{self.primary_section.path}/{self.slug}", language=self.language)

    @property
    def public_counterpart(self) -> "Counterpart | None":
        """The published counterpart as `with_counterpart()` read it (None without it)."""
        path = getattr(self, "counterpart_path", None)
        if self.counterpart_id is None or path is None:
            return None
        return Counterpart(
            pk=self.counterpart_id,
            language=self.counterpart_language,
            url=page_url(path, language=self.counterpart_language),
        )

    @classmethod
    def from_db(cls, db, field_names, values):
        """Note each story a page loads (articles/shown.py): a kept copy of the page
        is served only while all of them are still published."""
        article = super().from_db(db, field_names, values)
        shown.note((article.pk,))
        return article

    def clean(self):
        # Fill derived values before constraints are validated, as save() would.
        fill_defaults(self)

    def is_published(self) -> bool:
        """The `published()` rule for one article."""
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    is_published.boolean = True
    is_published.short_description = _("live")

    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    @property
    def caption(self) -> str:
        """The featured image caption shown to readers."""
        if self.featured_image_caption:
            return self.featured_image_caption
        return self.featured_image.caption if self.featured_image else ""


@dataclass(frozen=True)
class Counterpart:
    """A story's published translation, as a page links to it."""

    pk: int
    language: str
    url: str


class ArticleAuthor(models.Model):
    """An author's credit on an article, in byline order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    author = models.ForeignKey(Author, on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="unique_article_author")
        ]

    def __str__(self):
        return f"{self.author} on {self.article}"


class DailyViewCount(models.Model):
    """Views of one article on one day. Only ever incremented by single SQL statements."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="daily_views")
    day = models.DateField()
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("daily view count")
        verbose_name_plural = _("daily view counts")
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="unique_article_day_views")
        ]
        indexes = [models.Index(fields=["day", "article"], name="views_day_article_idx")]

    def __str__(self):
        return f"{self.article_id} on {self.day}: {self.count}"


class RecentVisit(models.Model):
    """A (visitor, article) pair counted recently: later loads within the window are
    not counted again. Only used without Redis; `flush_views` deletes expired rows."""

    key = models.CharField(max_length=64, primary_key=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("recent visit")
        verbose_name_plural = _("recent visits")

    def __str__(self):
        return f"{self.key} until {self.expires_at}"


class AppliedViewFlush(models.Model):
    """A Redis batch of view counts already added to the database, so that a re-run of
    an interrupted `flush_views` never adds the same batch twice."""

    flush_id = models.CharField(max_length=64, primary_key=True)
    applied_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("applied view flush")
        verbose_name_plural = _("applied view flushes")

    def __str__(self):
        return self.flush_id


class MostViewedArticle(Article):
    """The editors' "Most viewed" admin page (see `articles/admin_most_viewed.py`)."""

    class Meta:
        proxy = True
        verbose_name = _("most viewed")
        verbose_name_plural = _("most viewed")


class ArticleRedirect(models.Model):
    """A URL an article answered at before its slug or primary section changed."""

    old_path = models.CharField(_("old path"), max_length=700, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_paths")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("old article URL")
        verbose_name_plural = _("old article URLs")

    def __str__(self):
        return f"{self.old_path} → {self.article_id}"


class CorrectionKind(models.TextChoices):
    """`Correction.Kind`; declared out here so `Correction.Meta`'s constraint can name it."""

    CORRECTION = "correction", _("Correction")
    UPDATE = "update", _("Update")


class Correction(models.Model):
    """A correction or update note on a story, shown to readers at its foot, dated.

    Kept when the story is unpublished (the public list shows only those of stories
    `published()` returns).
    """

    Kind = CorrectionKind

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.CORRECTION)
    text = models.TextField(_("text"), help_text=_("What was wrong and what it says now."))
    published_at = models.DateTimeField(_("time"), default=timezone.now)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["published_at", "pk"]
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CorrectionKind.values), name="correction_kind_valid"
            )
        ]
        indexes = [models.Index(fields=["published_at"], name="correction_published_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article}"

    def save(self, *args, **kwargs):
        self.text = nfc(self.text).strip()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"


class ArticleEvent(models.Model):
    """One line of the audit trail: who did what to which story, and when.

    The story's headline and id and the user's name are copied in, so the line still
    says what happened after the story or the account is deleted.
    """

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        SUBMITTED = "submitted", _("submitted for review")
        RETURNED = "returned", _("returned to the writer")
        PUBLISHED = "published", _("published")
        SCHEDULED = "scheduled", _("scheduled")
        UNPUBLISHED = "unpublished", _("unpublished")
        RESTORED = "restored", _("restored a revision")
        CORRECTED = "corrected", _("added a correction")
        PAIRED = "paired", _("linked a translation")
        UNPAIRED = "unpaired", _("unlinked its translation")
        DELETED = "deleted", _("deleted")

    action = models.CharField(_("action"), max_length=20, choices=Action)
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    article_number = models.PositiveBigIntegerField(_("article id"))
    article_headline = models.CharField(_("headline"), max_length=300)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    user_name = models.CharField(_("by"), max_length=150, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        indexes = [
            models.Index(fields=["at"], name="event_at_idx"),
            models.Index(fields=["article_number", "at"], name="event_article_at_idx"),
        ]

    def __str__(self):
        return f"{self.user_name or '—'} {self.get_action_display()} “{self.article_headline}”"
