import secrets

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from newsroom.editions import edition_language
from newsroom.fields import UnicodeSlugField
from newsroom.page_urls import page_url
from newsroom.querysets import ContentQuerySet
from newsroom.replica import reads_from_primary
from newsroom.text import nfc, slug_for

TREE_CACHE_KEY = "sections:tree:v2"
TREE_CACHE_SECONDS = 60 * 60


class SectionTree:
    """The whole active section tree, loaded in one query and cached.

    The tree is small (a few hundred rows at most), so menus, breadcrumbs and URL
    resolution read it from here instead of querying per section.
    """

    def __init__(self, sections: list["Section"]):
        # Names this build of the tree: what is derived from it (rendered menus) can
        # be kept under it, and is never used with a tree built after a change.
        self.token = secrets.token_hex(8)
        self.by_id = {section.pk: section for section in sections}
        self.by_path = {section.path: section for section in sections}
        self.children: dict[int | None, list[Section]] = {}
        for section in sections:
            self.children.setdefault(section.parent_id, []).append(section)

    @property
    def roots(self) -> list["Section"]:
        return self.children.get(None, [])

    def children_of(self, section: "Section") -> list["Section"]:
        return self.children.get(section.pk, [])

    def ancestors(self, section: "Section") -> list["Section"]:
        """Return the section's ancestors from the root down, excluding itself."""
        chain = []
        parent = self.by_id.get(section.parent_id)
        while parent is not None:
            chain.append(parent)
            parent = self.by_id.get(parent.parent_id)
        return chain[::-1]

    def trail(self, section: "Section") -> list["Section"]:
        """The sections from the root down to `section` that readers can reach,
        stopping above the first inactive one: a breadcrumb without dead links, also
        for a story filed under a section that has been switched off."""
        slugs = section.path.split("/")
        trail = []
        for depth in range(1, len(slugs) + 1):
            reachable = self.by_path.get("/".join(slugs[:depth]))
            if reachable is None:
                break
            trail.append(reachable)
        return trail

    def descendant_ids(self, section: "Section") -> list[int]:
        """Return the ids of the section and everything below it."""
        ids, stack = [], [section]
        while stack:
            current = stack.pop()
            ids.append(current.pk)
            stack.extend(self.children_of(current))
        return ids

    def menu(self) -> list[tuple["Section", list["Section"]]]:
        """Two-level header menu: (section, its menu children), in order."""
        return [
            (root, [child for child in self.children_of(root) if child.show_in_menu])
            for root in self.roots
            if root.show_in_menu
        ]

    def footer(self) -> list[tuple["Section", list["Section"]]]:
        return [
            (root, [child for child in self.children_of(root) if child.show_in_footer])
            for root in self.roots
            if root.show_in_footer
        ]


class SectionQuerySet(ContentQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def tree(self) -> SectionTree:
        """Return the cached tree of active sections (one query on a cache miss)."""
        tree = cache.get(TREE_CACHE_KEY)
        if tree is None:
            with reads_from_primary():
                sections = list(self.model.objects.active().order_by("position", "name"))
            # A section under an inactive parent is unreachable: leave it out.
            active_ids = {section.pk for section in sections}
            sections = [s for s in sections if s.parent_id is None or s.parent_id in active_ids]
            tree = SectionTree(sections)
            cache.set(TREE_CACHE_KEY, tree, TREE_CACHE_SECONDS)
        return tree


class Section(models.Model):
    name = models.CharField(_("name"), max_length=100)
    # One field per edition other than the default's, named `name_<language>` as
    # django-modeltranslation names them: `local_name` reads the active edition's.
    name_my = models.CharField(
        _("name in Burmese"),
        max_length=100,
        blank=True,
        help_text=_("Shown in the Burmese edition; left empty, it shows the name."),
    )
    slug = UnicodeSlugField(_("slug"), help_text=_("Part of the URL; unique among siblings."))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    description = models.TextField(_("description"), blank=True)
    show_in_menu = models.BooleanField(_("show in header menu"), default=True)
    show_in_footer = models.BooleanField(_("show in footer"), default=True)
    is_featured = models.BooleanField(
        _("featured on home page"), default=False, help_text=_("Gets its own block on home.")
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Switched off, the section and those inside it leave the menus and their pages "
            "answer 404; published stories filed under it stay at their addresses."
        ),
    )
    path = models.CharField(_("path"), max_length=500, unique=True, editable=False)
    full_name = models.CharField(_("full name"), max_length=500, editable=False, default="")
    # Sorts the whole tree depth-first by position (parent's key + own position).
    tree_order = models.CharField(max_length=500, editable=False, default="", db_index=True)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["tree_order"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "slug"], name="section_unique_slug_among_siblings"
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(parent__isnull=True),
                name="section_unique_root_slug",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="section_not_own_parent"
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="section_slug_not_empty"),
        ]

    def __str__(self):
        return self.full_name or self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.name_my = nfc(self.name_my)
        self.slug = self.slug or slug_for(self.name, prefix="section")
        old_keys = (self.path, self.tree_order, self.full_name)
        self.path = self.build_path()
        self.tree_order = self.build_tree_order()
        self.full_name = f"{self.parent.full_name} › {self.name}" if self.parent_id else self.name
        super().save(*args, **kwargs)
        if old_keys[0] and old_keys != (self.path, self.tree_order, self.full_name):
            for child in self.children.all():
                child.save()

    def get_absolute_url(self):
        return page_url(self.path)

    def build_path(self) -> str:
        return f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug

    def build_tree_order(self) -> str:
        own = f"{self.position:05d}.{self.slug}"
        return f"{self.parent.tree_order}/{own}" if self.parent_id else own

    @property
    def local_name(self) -> str:
        """The name readers of the active edition see: its own (`name_<language>`)
        where editors gave one, else `name`, which is the default edition's."""
        return getattr(self, f"name_{edition_language()}", "") or self.name

    @property
    def depth(self) -> int:
        return self.path.count("/")

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A section cannot sit inside itself.")})
            ancestor = ancestor.parent
        self.slug = self.slug or slug_for(self.name, prefix="section")
        clash = Section.objects.filter(parent=self.parent, slug=self.slug).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError({"slug": _("Another section here already uses this slug.")})
