"""What each digest carries: its sections (and the sections below them) and its tags,
of its own edition, published only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Tag
from newsletter import emails, issues
from newsletter.models import Newsletter
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def opinion_digest(db) -> Newsletter:
    return Newsletter.objects.create(
        name="Weekly Opinion",
        slug="weekly-opinion",
        cadence=Newsletter.Cadence.WEEKLY,
        template=Newsletter.Template.HEADLINES,
    )


@pytest.fixture
def tree(db):
    opinion = SectionFactory(name="Opinion", slug="opinion")
    return {
        "opinion": opinion,
        "analysis": SectionFactory(name="Analysis", slug="analysis", parent=opinion),
        "news": SectionFactory(name="News", slug="news"),
    }


def headlines(newsletter: Newsletter) -> set[str]:
    return {article.headline for article in issues.plan_issue(newsletter=newsletter).articles}


def test_a_digest_without_sections_or_tags_carries_every_story_of_its_edition(opinion_digest, tree):
    ArticleFactory(headline="Column", primary_section=tree["opinion"])
    ArticleFactory(headline="Report", primary_section=tree["news"])
    ArticleFactory(headline="ကော်လံ", primary_section=tree["opinion"], language="my")

    assert headlines(opinion_digest) == {"Column", "Report"}


def test_the_section_filter_takes_subsections_and_secondary_sections(opinion_digest, tree):
    opinion_digest.sections.set([tree["opinion"]])
    ArticleFactory(headline="Column", primary_section=tree["opinion"])
    ArticleFactory(headline="Deep analysis", primary_section=tree["analysis"])
    filed_twice = ArticleFactory(headline="Report with a view", primary_section=tree["news"])
    filed_twice.secondary_sections.add(tree["analysis"])
    ArticleFactory(headline="Plain report", primary_section=tree["news"])

    assert headlines(opinion_digest) == {"Column", "Deep analysis", "Report with a view"}


def test_the_tag_filter_takes_stories_with_any_of_its_tags(opinion_digest, tree):
    elections, aid, sport = (Tag.objects.create(name=n) for n in ["Elections", "Aid", "Sport"])
    opinion_digest.tags.set([elections, aid])
    ArticleFactory(headline="Vote", primary_section=tree["news"], tags=[elections, sport])
    ArticleFactory(headline="Convoy", primary_section=tree["news"], tags=[aid])
    ArticleFactory(headline="Match", primary_section=tree["news"], tags=[sport])
    ArticleFactory(headline="Untagged", primary_section=tree["news"])

    assert headlines(opinion_digest) == {"Vote", "Convoy"}


def test_sections_and_tags_together_take_either(opinion_digest, tree):
    aid = Tag.objects.create(name="Aid")
    opinion_digest.sections.set([tree["analysis"]])
    opinion_digest.tags.set([aid])
    ArticleFactory(headline="Deep analysis", primary_section=tree["analysis"])
    ArticleFactory(headline="Convoy", primary_section=tree["news"], tags=[aid])
    ArticleFactory(headline="Column", primary_section=tree["opinion"])  # above, not below

    plan = issues.plan_issue(newsletter=opinion_digest)
    assert sorted(article.headline for article in plan.articles) == ["Convoy", "Deep analysis"]
    assert len(plan.articles) == 2  # a story in both is carried once


def test_a_filtered_digest_never_carries_unpublished_or_other_edition_stories(opinion_digest, tree):
    opinion_digest.sections.set([tree["opinion"]])
    column = {"primary_section": tree["opinion"]}
    ArticleFactory(headline="Live column", **column)
    ArticleFactory(headline="Draft column", status=Article.Status.DRAFT, **column)
    tomorrow = timezone.now() + timedelta(days=1)
    ArticleFactory(headline="Tomorrow's column", publish_at=tomorrow, **column)
    ArticleFactory(headline="ကော်လံ", language="my", **column)

    assert headlines(opinion_digest) == {"Live column"}


def test_the_burmese_digest_filters_its_own_edition(tree):
    burmese = Newsletter.objects.get(slug="daily-briefing-my")
    burmese.sections.set([tree["opinion"]])
    ArticleFactory(headline="ကော်လံ", primary_section=tree["analysis"], language="my")
    ArticleFactory(headline="သတင်း", primary_section=tree["news"], language="my")
    ArticleFactory(headline="Column", primary_section=tree["opinion"])

    assert headlines(burmese) == {"ကော်လံ"}


LONG_STANDFIRST = " ".join(f"word{n}" for n in range(60))


def headlines_issue(newsletter: Newsletter, tree, **story):
    """An issue of `newsletter` in the light template, and one reader's e-mail of it."""
    newsletter.template = Newsletter.Template.HEADLINES
    newsletter.save()
    ArticleFactory(primary_section=tree["opinion"], featured_image=ImageFactory(), **story)
    reader = SubscriberFactory(newsletter=newsletter, email="reader@example.org")
    issue = issues.create_issue(plan=issues.plan_issue(newsletter=newsletter))
    message = emails.issue_message(issue=issue, subscriber=reader)
    [(html, _type)] = message.alternatives
    return message.body, html, reader


def test_the_headlines_template_is_light(opinion_digest, tree, site_url):
    text, html, reader = headlines_issue(
        opinion_digest, tree, headline="Why the ceasefire failed", standfirst=LONG_STANDFIRST
    )

    for body in (text, html):
        assert "Why the ceasefire failed" in body
        assert "Opinion".upper() in body.upper()
        assert "word24" in body and "word25" not in body  # one line of standfirst
        assert f"{site_url}/newsletter/unsubscribe/" in body
        assert f"{site_url}/newsletter/preferences/" in body
    assert "<img" not in html
    assert "Choose your newsletters" in html and "Unsubscribe" in html


def test_the_headlines_template_in_burmese(tree, site_url):
    burmese = Newsletter.objects.get(slug="daily-briefing-my")

    text, html, _reader = headlines_issue(burmese, tree, headline="ကော်လံ", language="my")

    for body in (text, html):
        assert "ကော်လံ" in body
        assert "သင့်သတင်းလွှာများကို ရွေးချယ်ပါ" in body  # Choose your newsletters
        assert "စာရင်းမှ ထွက်ရန်" in body  # Unsubscribe
        assert f"{site_url}/my/newsletter/unsubscribe/" in body
        assert f"{site_url}/my/newsletter/preferences/" in body
    assert "Choose your newsletters" not in html
