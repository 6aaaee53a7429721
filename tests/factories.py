"""factory_boy factories shared by every test module."""

import io
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import ExifTags, ImageCms
from PIL import Image as PILImage

from articles.models import Article, ArticleAuthor, Author, Gallery, GalleryItem, Image
from newsletter.models import Subscriber
from newsletter.subscriptions import default_newsletter
from sections.models import Section


def png_bytes(width: int = 64, height: int = 48, color: str = "steelblue") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


# What a photo can betray about its source; none of it may reach a reader.
SOURCE_SECRETS = (b"Ko Aung Min", b"SN-4471-0093", b"Hpakant")
SRGB_PROFILE = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
XMP_PACKET = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
    b' photoshop:City="Hpakant"/></rdf:RDF></x:xmpmeta>'
)


def source_exif(orientation: int = 6) -> PILImage.Exif:
    """EXIF as a phone writes it: GPS position, camera serial number, photographer."""
    exif = PILImage.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Artist] = "Ko Aung Min"
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = "SN-4471-0093"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (25.0, 37.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (96.0, 18.0, 30.0)
    return exif


def jpeg_with_source_metadata(width: int = 1400, height: int = 1000) -> bytes:
    """A landscape JPEG whose EXIF says "rotate 90°" and names its source and place."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "darkolivegreen").save(
        buffer,
        "JPEG",
        exif=source_exif(),
        icc_profile=SRGB_PROFILE,
        xmp=XMP_PACKET,
        comment=b"Hpakant jade mine",
    )
    return buffer.getvalue()


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ("parent", "slug")

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    parent = None


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.Sequence(lambda n: f"reporter-{n}")
    bio = "Covers politics and conflict."


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    file = factory.LazyFunction(lambda: ContentFile(png_bytes(), name="photo.png"))
    alt_text = "Protesters march through a city street"
    caption = "A march in Yangon."
    credit = "Newsroom"


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article from an hour ago; pass `authors=[…]` to credit authors."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Story number {n} from the newsroom")
    slug = factory.Sequence(lambda n: f"story-{n}")
    standfirst = "What happened, and why it matters."
    body = "<p>First paragraph.</p><p>Second paragraph.</p><p>Third paragraph.</p>"
    primary_section = factory.SubFactory(SectionFactory)
    status = Article.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            for position, author in enumerate(extracted):
                ArticleAuthor.objects.create(article=self, author=author, position=position)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber of the Daily Briefing."""

    class Meta:
        model = Subscriber

    newsletter = factory.LazyFunction(default_newsletter)
    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    status = "confirmed"
    confirmed_at = factory.LazyFunction(timezone.now)


class GalleryFactory(factory.django.DjangoModelFactory):
    """A gallery; `photos=N` fills it with N new images, in order."""

    class Meta:
        model = Gallery
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Gallery {n}")

    @factory.post_generation
    def photos(self, create, extracted, **kwargs):
        if create and extracted:
            for position in range(extracted):
                GalleryItem.objects.create(
                    gallery=self,
                    image=ImageFactory(alt_text=f"Photo {position + 1}"),
                    position=position,
                )


def gallery_body(gallery, before: str = "<p>Before the photos.</p>") -> str:
    """A stored body holding `gallery` as CKEditor's media embed keeps it."""
    return f'{before}<figure class="media"><oembed url="gallery:{gallery.pk}"></oembed></figure>'
