"""Limits of the file imports (finance costs, allocations, capacity), in one place.

Every import is open to ordinary roles, so a file must not be able to cost the server more
than a normal import does: its size as uploaded, its size once unzipped (an .xlsx is a zip
archive) and its number of rows are capped before anything is parsed or kept.

Why these numbers: the finance export of a month for the whole company, or a year of
allocations for 200 people on a few projects each, is a few thousand rows; 10 000 leaves a
wide margin while a preview of that size still takes about a second to check. A real workbook
of 10 000 rows × 20 columns unzips to about 10 MB (5 MB for the 9 columns of the finance
export), and spreadsheets compress 10 to 30 times; 40 MB and a ratio of 100 leave room for
styles and long labels and refuse the 122 KB workbook that unzipped to 200 000 rows.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024
# Refused when the archive unzips to more than this many times its size (checked only past
# MIN_BYTES_FOR_RATIO: a tiny workbook of headers may compress very well).
MAX_COMPRESSION_RATIO = 100
MIN_BYTES_FOR_RATIO = 1024 * 1024
MAX_ROWS = 10_000
# Blank lines do not count as rows, but reading them costs time too (a workbook can declare a
# row 1 048 576): past this many lines read, blank or not, the file is refused.
MAX_LINES_READ = 10 * MAX_ROWS
MAX_COLUMNS = 100
PREVIEW_PAGE_SIZE = 50
# Errors listed in full above the preview; the rest are counted and reachable by a filter.
PREVIEW_ERRORS_LISTED = 20
STAGED_IMPORT_MAX_AGE = timedelta(hours=24)


def megabytes(size: int) -> int:
    return size // 1024 // 1024


def _limits_text() -> str:
    return gettext(
        "Limits: %(size)s MB per file, %(unzipped)s MB once unzipped for an Excel workbook, "
        "%(rows)s rows (split a longer file)."
    ) % {
        "size": megabytes(MAX_UPLOAD_BYTES),
        "unzipped": megabytes(MAX_UNCOMPRESSED_BYTES),
        "rows": number_format(MAX_ROWS, force_grouping=True),
    }


# Said on the upload pages, in the language of the request (hence lazy).
limits_text = lazy(_limits_text, str)
