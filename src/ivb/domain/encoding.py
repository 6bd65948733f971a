"""Decode an uploaded text file honestly: UTF-8 unless the user names another encoding.

Guessing (falling back to Windows-1252 on the first bad byte) turned "–" and "€" into "â€“" and "â‚¬" without a
word. A file that is not what it should be is refused with the place of the first bad byte instead.
"""

from ivb.domain.numbers import format_number

# The encodings a user may name, with the name readers know. Windows-1252 is what Excel writes for
# "CSV (gescheiden door lijstscheidingsteken)".
ENCODINGS = {"utf-8": "UTF-8", "cp1252": "Windows-1252", "latin-1": "ISO-8859-1"}
ALIASES = {"utf8": "utf-8", "utf-8-sig": "utf-8", "windows-1252": "cp1252", "win1252": "cp1252",
           "latin1": "latin-1", "iso-8859-1": "latin-1", "iso8859-1": "latin-1"}


class EncodingProblem(ValueError):
    """The bytes are not text in the expected encoding; the message says where."""


def encoding_name(name: str | None) -> str:
    """The canonical name of an encoding the user named ('' or None: UTF-8); ValueError for any other."""
    key = (name or "utf-8").strip().lower()
    key = ALIASES.get(key, key)
    if key not in ENCODINGS:
        raise ValueError(f"onbekende codering '{name}'; kies uit: {', '.join(ENCODINGS)}")
    return key


def decode(content: bytes, encoding: str | None = None, *, advice: str | None = None) -> str:
    """The text of `content`: UTF-8 (a byte-order mark is dropped) unless another encoding is named. `advice`:
    what to do about a bad byte, for a file whose form offers no choice of encoding."""
    key = encoding_name(encoding)
    if key != "utf-8":
        _not_utf8(content, key)
    try:
        return content.decode("utf-8-sig" if key == "utf-8" else key)
    except UnicodeDecodeError as exc:
        raise EncodingProblem(_where(content, exc.start) + (advice or _advice(key))) from None


def _not_utf8(content: bytes, key: str) -> None:
    """A file named Windows-1252 (or ISO-8859-1) that is valid UTF-8 with letters beyond ASCII is UTF-8: read as
    the other, "café" would be stored as "cafÃ©" without a word. Text in those encodings is almost never also
    valid UTF-8 once it has such letters."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return
    wide = next((c for c in text if ord(c) > 127), None)
    if wide is None:
        return
    raise EncodingProblem(f"het bestand is UTF-8 (met tekens als '{wide}'), niet {ENCODINGS[key]}: zo gelezen zou "
                          f"'{wide}' als '{wide.encode('utf-8').decode(key, errors='replace')}' opgeslagen worden; "
                          "kies UTF-8")


# The first bytes of the files people upload by mistake where a text file is wanted.
SIGNATURES = ((b"%PDF", "een PDF"), (b"\xd0\xcf\x11\xe0", "een Word- of Excel-bestand (oud formaat)"),
              (b"{\\rtf", "een RTF-document (Word)"), (b"\x89PNG", "een afbeelding (PNG)"),
              (b"\xff\xd8\xff", "een afbeelding (JPEG)"))
ZIPPED = (("word/", "een Word-document"), ("xl/", "een Excel-bestand"), ("ppt/", "een PowerPoint-bestand"),
          ("content.xml", "een OpenDocument-bestand"))


def binary_kind(content: bytes) -> str | None:
    """What a file that is not text is, in words ("een PDF"), or None when it may be text."""
    for magic, kind in SIGNATURES:
        if content.startswith(magic):
            return kind
    if content.startswith(b"PK\x03\x04"):  # a zip: Office files are zips of XML
        import io
        import zipfile

        try:
            names = zipfile.ZipFile(io.BytesIO(content)).namelist()
        except zipfile.BadZipFile:
            names = []
        return next((kind for prefix, kind in ZIPPED if any(n.startswith(prefix) for n in names)), "een zip-bestand")
    return "een bestand met binaire gegevens" if b"\x00" in content[:4096] else None


def _where(content: bytes, offset: int) -> str:
    """'regel 12, byte 345': the line (counted from 1) and the byte in the file (counted from 1)."""
    line = content.count(b"\n", 0, offset) + 1
    return f"regel {format_number(line, 'count')}, byte {format_number(offset + 1, 'count')}: "


def _advice(key: str) -> str:
    if key == "utf-8":
        return "geen geldige UTF-8; kies de codering Windows-1252 als het bestand uit Excel komt"
    return f"geen geldige {ENCODINGS[key]}-tekst; kies een andere codering"


def python_codec(encoding: str | None) -> str:
    """The codec to open a text stream with: UTF-8 drops a byte-order mark."""
    key = encoding_name(encoding)
    return "utf-8-sig" if key == "utf-8" else key


def locate_bad_byte(chunks, encoding: str | None = None) -> str:
    """For a stream (an iterable of byte chunks) that failed to decode: where, and what to do, as `decode`
    says it. Decodes chunk by chunk, so a file of gigabytes is never held whole."""
    import codecs

    key = encoding_name(encoding)
    decoder = codecs.getincrementaldecoder(python_codec(key))()
    offset = lines = 0
    for chunk in chunks:
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            # exc.start counts in what the decoder was given: the undecoded tail of the last chunk, then this one
            pending = len(exc.object) - len(chunk)
            at = offset - pending + exc.start
            line = lines + 1 + exc.object.count(b"\n", pending, exc.start) if exc.start >= pending else lines + 1
            return (f"regel {format_number(line, 'count')}, byte {format_number(at + 1, 'count')}: "
                    + _advice(key))
        offset += len(chunk)
        lines += chunk.count(b"\n")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:  # the file ends inside a character
        at = offset - len(exc.object) + exc.start
        return f"regel {format_number(lines + 1, 'count')}, byte {format_number(at + 1, 'count')}: " + _advice(key)
    return _advice(key)


_CSV_WORDS = (("unexpected end of data", "een aanhalingsteken wordt niet gesloten"),
              ("expected after", "na een afsluitend aanhalingsteken hoort een scheidingsteken"),
              ("field larger than field limit", "een veld is te lang"),
              ("line contains nul", "het bestand bevat nul-tekens; is het een Excel-bestand?"),
              ("new-line character seen in unquoted field", "een regeleinde midden in een veld"))


def csv_words(exc: Exception) -> str:
    """Python's csv module speaks English ("',' expected after '\"'"): what it means, in Dutch."""
    text = str(exc).lower()
    return next((words for english, words in _CSV_WORDS if english in text), "de opmaak klopt niet")
