"""The demo's photo essay: a story of the Photo essay kind whose body holds a gallery
of the demo images, with captions of its own (some in Burmese) and credits."""

from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Gallery, GalleryItem, Image
from sections.models import Section

TITLE = "After the flood: Bago in twelve photographs"
SLUG = "after-the-flood-bago-in-twelve-photographs"
CAPTIONS = [
    "Morning on the Bago river, three days after the water rose.",
    "Volunteers carry rice to a monastery used as a shelter.",
    "ရေဘေးသင့်မိသားစုများ ဘုန်းကြီးကျောင်းတွင် ခိုလှုံနေကြသည်။",
    "A school's ground floor, still under a metre of water.",
    "Boats are the only way to reach the eastern wards.",
    "ကယ်ဆယ်ရေးအဖွဲ့ဝင်များ လှေဖြင့် ရွာများသို့ သွားရောက်နေကြသည်။",
    "Drying what could be saved: textbooks on a roof.",
    "A farmer looks over paddy fields lost days before harvest.",
    "Clean water arrives by truck; queues form within minutes.",
    "Children play where the market stood.",
    "ရေကျသွားပြီးနောက် အိမ်များကို ပြန်လည်သန့်ရှင်းနေကြသည်။",
    "Evening: the first lights back on in Oakthar ward.",
]
BODY = (
    "<p>The water came at night. Within hours the river had crossed the town's "
    "embankment and filled the lanes of six wards.</p>"
    "<p>Our photographer spent a week with the families who stayed, and the volunteers "
    "who came to help them.</p>"
    '<figure class="media"><oembed url="gallery:{gallery}"></oembed></figure>'
    "<p>Most families have returned home. Many have not yet found the money to rebuild.</p>"
)


def ensure_photo_essay(pictures: list[Image], section: Section, author: Author) -> bool:
    """Create the photo essay and its gallery if they are missing; True if created."""
    if Article.objects.filter(primary_section=section, slug=SLUG).exists():
        return False
    gallery = Gallery.objects.create(title=TITLE)
    GalleryItem.objects.bulk_create(
        GalleryItem(
            gallery=gallery,
            image=pictures[position % len(pictures)],
            position=position,
            caption=caption,
            credit="Newsroom photo desk" if position % 3 else "",
        )
        for position, caption in enumerate(CAPTIONS)
    )
    essay = Article.objects.create(
        headline=TITLE,
        slug=SLUG,
        standfirst="A week with the families who stayed, and those who came to help.",
        body=BODY.format(gallery=gallery.pk),
        primary_section=section,
        kind=Article.Kind.PHOTO_ESSAY,
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now(),
        featured_image=pictures[-1],
    )
    ArticleAuthor.objects.create(article=essay, author=author, position=0)
    return True
