"""Burmese dates and numbers, in the order Burmese news sites write them: day, month,
year ("5 ဒီဇင်ဘာ 2026၊ 14:30" here, shown as "၅ ဒီဇင်ဘာ ၂၀၂၆၊ ၁၄:၃၀"). Django has no
formats for `my`; the month and weekday names come from our catalogue
(newsroom/formats/calendar_words.py), and pages put the digits in Myanmar script with
the `local_digits` filter, so these stay plain Django format strings.
"""

# https://docs.djangoproject.com/en/stable/ref/templates/builtins/#date
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y၊ H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 0  # Sunday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
