"""Uploads bounded while they stream in, before anything is read into memory.

Django writes a large upload to a temporary file and leaves the size check to the view, which then read the
whole file (a 1 GB upload took the server to 993 MB before the 50 MB check). `LimitedUploadHandler` stands
first among the upload handlers: it counts each file's bytes as they arrive and, past the limit, passes no
more on; the rest of the request is read and dropped. The form then receives a `RefusedUpload` that knows
the file's size but holds none of its content, and `BoundedFileField` refuses it with a clear message.
"""

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _

from ivb.domain.numbers import format_size

DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # the largest file any page takes (a figures file)


def upload_limit() -> int:
    return getattr(settings, "IVB_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)


class RefusedUpload(UploadedFile):
    """A file that was larger than any page takes: its name and size, none of its content."""

    def __init__(self, name: str, content_type: str, size: int):
        super().__init__(file=None, name=name, content_type=content_type, size=size)

    def read(self, *args, **kwargs):  # never reached through BoundedFileField; refuse loudly otherwise
        raise ValueError("refused upload has no content")

    def chunks(self, chunk_size=None):
        raise ValueError("refused upload has no content")


class LimitedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.limit = upload_limit()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        return raw_data if self.received <= self.limit else None  # None: the later handlers get no more

    def file_complete(self, file_size):
        if self.received > self.limit:
            return RefusedUpload(self.file_name, self.content_type, self.received)
        return None  # within the limit: the next handler (memory or temporary file) gives the file


class BoundedFileField(forms.FileField):
    """A file field with its own maximum, checked on the size the upload handlers counted, before any read."""

    def __init__(self, *args, max_bytes: int | None = None, **kwargs):
        self.max_bytes = max_bytes
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        limit = min(self.max_bytes or upload_limit(), upload_limit())
        if data and (isinstance(data, RefusedUpload) or getattr(data, "size", 0) > limit):
            raise forms.ValidationError(
                _("%(name)s is %(size)s; het maximum is %(max)s. Er is niets gelezen of opgeslagen.")
                % {"name": data.name, "size": format_size(data.size), "max": format_size(limit)})
        return super().clean(data, initial)
