"""Staff accounts: the admin site with a second factor (django-otp TOTP and backup
codes), the rule that can require it (`STAFF_REQUIRE_2FA`), and the enrolment page.

Login throttling is django-axes, configured in settings; nothing here needs to know
about it except that a wrong second factor counts as a failed login.
"""
