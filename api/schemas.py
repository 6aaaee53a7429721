"""The shapes the API answers in: the OpenAPI document's components are these."""

from datetime import datetime
from typing import Literal

from django.conf import settings
from ninja import Field, Schema

Language = Literal[tuple(code for code, _ in settings.LANGUAGES)]


class Error(Schema):
    detail: str | list


class SectionRef(Schema):
    id: int
    path: str = Field(description="Slugs from the root section, e.g. `news/burma`.")
    name: str = Field(description="The section's name in the story's language.")
    url: str


class Byline(Schema):
    slug: str
    name: str


class TagRef(Schema):
    slug: str
    name: str


class Rendition(Schema):
    width: int
    url: str


class Picture(Schema):
    url: str = Field(description="The original file.")
    alt: str
    caption: str
    credit: str
    width: int | None
    height: int | None
    renditions: list[Rendition] = Field(description="WebP renditions, narrowest first.")


class Translation(Schema):
    id: int
    language: Language
    url: str


class StoryCard(Schema):
    id: int
    url: str
    language: Language
    kind: str
    headline: str
    standfirst: str
    section: SectionRef
    authors: list[Byline]
    tags: list[TagRef]
    image: Picture | None
    translation: Translation | None = Field(
        description="The same story in the other language, when it is published."
    )
    published_at: datetime
    updated_at: datetime | None = Field(description="Shown to readers as “Updated”.")
    reading_time: int = Field(description="Minutes.")


class Story(StoryCard):
    body: str = Field(description="Sanitised HTML; links and images on the site's address.")


class StoryPage(Schema):
    items: list[StoryCard]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class SectionOut(Schema):
    id: int
    path: str
    parent_id: int | None
    names: dict[str, str] = Field(description="The section's name in each language.")
    urls: dict[str, str] = Field(description="The section's page in each edition.")


class TagOut(Schema):
    slug: str
    name: str
    stories: int = Field(description="Published stories with this tag.")


class TagPage(Schema):
    items: list[TagOut]
    next_cursor: str | None


class AuthorOut(Schema):
    slug: str
    name: str
    role: str
    bio: str
    is_organisation: bool
    stories: int = Field(description="Published stories with this byline.")


class AuthorPage(Schema):
    items: list[AuthorOut]
    next_cursor: str | None
