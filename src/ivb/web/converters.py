"""Path converters with a bounded number of digits. Django's `int` converter takes any run of digits, so a
twenty-digit year or id reached the database (OverflowError, a 500) or froze a report for year 99999; these
let such a URL simply not match: the site's 404 page."""

from django.urls import register_converter


class _Digits:
    regex = ""

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


class YearConverter(_Digits):
    regex = "(?:19|20|21)[0-9]{2}"  # 1900-2199, as the API; which of these a page offers is the view's business


class IdConverter(_Digits):
    regex = "[0-9]{1,18}"  # a record number: always fits the database's 64-bit integer


register_converter(YearConverter, "year")
register_converter(IdConverter, "id")
