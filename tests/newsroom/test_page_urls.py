import pytest
from django.urls import reverse, set_script_prefix

from newsroom.page_urls import page_url

PATHS = [
    "news",
    "news/burma/army-shells-villages",
    "news/မြန်မာ/စစ်တပ်-ရွာများကို-ပစ်ခတ်",
    "opinion/it's-50%-a+b=c;d,e!@:~",
    "news/space here/?#[]",
]


@pytest.mark.parametrize("path", PATHS)
def test_a_page_url_is_what_reverse_gives(path):
    assert page_url(path) == reverse("articles:page", kwargs={"path": path})


def test_a_page_url_follows_the_script_prefix():
    set_script_prefix("/newsroom/")
    try:
        assert page_url("news/burma") == "/newsroom/news/burma/"
        assert page_url("news/burma") == reverse("articles:page", kwargs={"path": "news/burma"})
    finally:
        set_script_prefix("/")


def test_a_page_url_is_never_scheme_relative():
    assert page_url("/evil.example/x") == reverse(
        "articles:page", kwargs={"path": "/evil.example/x"}
    )
    assert not page_url("/evil.example/x").startswith("//")
