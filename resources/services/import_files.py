"""Reading an imported file (CSV or .xlsx) safely: checks of the upload, then its rows one by
one, refused as soon as a limit of ``resources.import_limits`` is passed.

Shared by the finance import (cost_import) and the allocation/capacity import (capacity).
Nothing here touches the database.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from resources.import_limits import (
    MAX_COLUMNS,
    MAX_COMPRESSION_RATIO,
    MAX_LINES_READ,
    MAX_ROWS,
    MAX_UNCOMPRESSED_BYTES,
    MAX_UPLOAD_BYTES,
    MIN_BYTES_FOR_RATIO,
    megabytes,
)

ALLOWED_EXTENSIONS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx"}
# A workbook holds a dozen members; a zip of thousands is no spreadsheet, and listing them
# would already cost memory (zipfile reads the whole central directory when it opens).
MAX_ZIP_MEMBERS = 1000
_END_OF_CENTRAL_DIRECTORY = b"PK\x05\x06"


class UploadError(Exception):
    """The uploaded file cannot be read at all (type, size, limits, encoding, columns)."""


def _grouped(number: int) -> str:
    return number_format(number, force_grouping=True)


def too_many_rows() -> UploadError:
    return UploadError(
        _("The file has more than %(limit)s rows: split it into several files.")
        % {"limit": _grouped(MAX_ROWS)}
    )


def check_upload(*, name: str, data: bytes) -> str:
    """The kind of file (``"csv"`` or ``"xlsx"``) from its name and its content, or
    UploadError with a message for the user. A workbook is refused here, before any parser
    opens it, when it would unzip to more than the limits allow."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": f"{len(data) / 1024 / 1024:.1f}", "limit": megabytes(MAX_UPLOAD_BYTES)}
        )
    if not data:
        raise UploadError(_("The file is empty."))
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = ALLOWED_EXTENSIONS.get(extension)
    if kind is None:
        raise UploadError(
            _("Only .csv, .txt or .xlsx files can be imported (this one is “%(name)s”).")
            % {"name": name}
        )
    is_zip = data[:4] == b"PK\x03\x04"
    if kind == "xlsx":
        if not is_zip:
            raise UploadError(_("This file is not an Excel workbook (.xlsx) despite its name."))
        _check_workbook_archive(data)
        return kind
    if is_zip or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or data[:5] == b"%PDF-":
        raise UploadError(_("This file is not a text (CSV) file: export it as CSV or as .xlsx."))
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UploadError(_("This file is not a text (CSV) file: export it as CSV or as .xlsx."))
    return kind


def _check_workbook_archive(data: bytes) -> None:
    damaged = UploadError(_("This Excel workbook is damaged and cannot be read."))
    end = data.rfind(_END_OF_CENTRAL_DIRECTORY)
    if end < 0 or len(data) < end + 12:
        raise damaged
    if int.from_bytes(data[end + 10 : end + 12], "little") > MAX_ZIP_MEMBERS:
        raise UploadError(_("This archive is not an Excel workbook (.xlsx)."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise damaged from error
    if "xl/workbook.xml" not in {member.filename for member in members}:
        raise UploadError(_("This archive is not an Excel workbook (.xlsx)."))
    # zipfile stops reading a member at its declared size, so the declared sizes can be
    # trusted: a member that lies is cut short and fails its checksum.
    unzipped = sum(member.file_size for member in members)
    too_compressed = unzipped > MIN_BYTES_FOR_RATIO and unzipped > MAX_COMPRESSION_RATIO * len(data)
    if unzipped > MAX_UNCOMPRESSED_BYTES or too_compressed:
        raise UploadError(
            _(
                "Once unzipped, this workbook takes %(size)s MB (%(ratio)s times its size); "
                "the limits are %(limit)s MB and %(max_ratio)s times: remove the empty or "
                "repeated rows, or split it into several files."
            )
            % {
                "size": _grouped(megabytes(unzipped)),
                "ratio": _grouped(unzipped // len(data)),
                "limit": megabytes(MAX_UNCOMPRESSED_BYTES),
                "max_ratio": MAX_COMPRESSION_RATIO,
            }
        )


# --- Reading, row by row ------------------------------------------------------------------


def _valid(data: bytes, encoding: str) -> bool:
    """Whether ``data`` decodes in ``encoding``, read in chunks (no copy of the whole text)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for start in range(0, len(data), 64 * 1024):
            decoder.decode(data[start : start + 64 * 1024])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def encoding_of(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 with a BOM, else Windows-1252, else
    Latin-1 (which reads any byte)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    for encoding in ("utf-8", "cp1252"):
        if _valid(data, encoding):
            return encoding
    return "latin-1"


def _text(data: bytes) -> io.TextIOWrapper:
    return io.TextIOWrapper(
        io.BytesIO(data), encoding=encoding_of(data), errors="replace", newline=""
    )


def _csv_rows(data: bytes) -> Iterator[list]:
    header = ""
    with _text(data) as stream:
        for number, line in enumerate(stream):
            if line.strip():
                header = line
                break
            if number >= MAX_LINES_READ:
                break
    delimiter = max(";\t,", key=header.count)
    with _text(data) as stream:
        reader = csv.reader(stream, delimiter=delimiter)
        try:
            yield from reader
        except csv.Error as error:
            raise UploadError(
                _("Line %(line)s of the file cannot be read as CSV.") % {"line": reader.line_num}
            ) from error


def cell_value(value) -> str | date | Decimal:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    return str(value)


def _xlsx_rows(data: bytes) -> Iterator[list]:
    from openpyxl import load_workbook

    unreadable = _("This Excel workbook cannot be read.")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise UploadError(unreadable) from error
    try:
        sheet = workbook.worksheets[0]
        # The declared dimension may claim a million rows or columns: ignore it, and never
        # read past MAX_COLUMNS columns.
        sheet.reset_dimensions()
        for values in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
            end = len(values)
            while end and values[end - 1] is None:
                end -= 1
            yield [cell_value(value) for value in values[:end]]
    except UploadError:
        raise
    except Exception as error:
        raise UploadError(unreadable) from error
    finally:
        workbook.close()


def iter_rows(data: bytes, kind: str) -> Iterator[list]:
    """The cells of the file, line by line, header first (blank lines included, as empty
    lists or lists of empty cells). Raises UploadError as soon as the file has more than
    MAX_ROWS non-blank rows after its header, or more than MAX_LINES_READ lines in all."""
    rows = _xlsx_rows(data) if kind == "xlsx" else _csv_rows(data)
    filled = 0
    for read, cells in enumerate(rows, start=1):
        if read > MAX_LINES_READ:
            raise UploadError(
                _(
                    "The file has more than %(limit)s lines, blank lines included: remove the "
                    "empty lines or split it into several files."
                )
                % {"limit": _grouped(MAX_LINES_READ)}
            )
        if any(str(cell).strip() for cell in cells):
            filled += 1
            if filled > MAX_ROWS + 1:  # the first non-blank line is the header
                raise too_many_rows()
        yield cells[:MAX_COLUMNS]


def read_table(data: bytes, kind: str) -> list[list]:
    """Every line of the file (at most MAX_ROWS filled ones after the header)."""
    return list(iter_rows(data, kind))
