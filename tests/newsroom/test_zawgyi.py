import unicodedata

import pytest

from newsroom import zawgyi
from tests.burmese_corpus import NOT_BURMESE, UNICODE_SENTENCES, UNICODE_WORDS, ZAWGYI


@pytest.mark.parametrize(("typed", "unicode"), ZAWGYI)
def test_zawgyi_is_detected_and_converted_to_nfc_unicode(typed, unicode):
    converted = zawgyi.to_unicode(typed)
    assert converted == unicode
    assert unicodedata.is_normalized("NFC", converted)


@pytest.mark.parametrize("text", UNICODE_SENTENCES + UNICODE_WORDS)
def test_correct_unicode_burmese_is_left_alone(text):
    assert not zawgyi.is_zawgyi(text)
    assert zawgyi.to_unicode(text) is text


@pytest.mark.parametrize("text", NOT_BURMESE)
def test_english_and_mixed_text_is_left_alone(text):
    assert zawgyi.to_unicode(text) is text


def test_a_short_string_needs_more_confidence():
    # "ကမၻာ" scores 0.9986: above the general threshold, short, and left alone.
    score = zawgyi.detector().get_zawgyi_probability("ကမၻာ")
    assert zawgyi.THRESHOLD < score < zawgyi.SHORT_THRESHOLD
    assert not zawgyi.is_zawgyi("ကမၻာ")


def test_html_text_is_converted_and_markup_kept():
    html = '<p class="lead">ျမန္မာႏိုင္ငံ <a href="/ေက်ာင္း/">ေက်ာင္းသား</a> <b>ေတြ</b></p>'
    assert zawgyi.html_to_unicode(html) == (
        '<p class="lead">မြန်မာနိုင်ငံ <a href="/ေက်ာင္း/">ကျောင်းသား</a> <b>တွေ</b></p>'
    )


def test_unicode_html_is_left_alone():
    html = "<p>ရန်ကုန်မြို့တွင် <strong>ဆန္ဒပြပွဲ</strong> ပြုလုပ်ခဲ့သည်။</p>"
    assert zawgyi.html_to_unicode(html) is html
