"""The pushes of the finance and HR systems in the REST API: a night's actual costs, people's
capacity, allocation requests — each a batch of rows in JSON, through the same import
services as the upload pages (resources/services/cost_import.py, capacity.py): the same
reading of each value, the same checks, the same messages, all rows or none.

* ``preview: true`` checks the batch and says what it would do; nothing is saved.
* A row in error: 400, nothing saved, ``errors`` names each bad row by its position in the
  batch (from 1) and says why. The import log (/resources/imports/) keeps the rejection.
* Idempotent: an actual cost is keyed by its ``reference`` (the finance system's document
  number, its external id): a reference already imported is skipped, so pushing the same
  batch twice creates nothing the second time. A capacity row is keyed by its resource and
  month, an allocation by its project, resource and month: pushing the same values again
  changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from pmo_portal.api.errors import PROBLEM_CONTENT_TYPE, problem_body
from pmo_portal.api.views import ApiViewSet
from pmo_portal.models import ApiTokenScope
from pmo_portal.registry import ApiRoute
from resources.import_limits import MAX_ROWS
from resources.models import ImportKind
from resources.services import capacity as capacity_services
from resources.services import cost_import
from resources.services.import_files import UploadError

ERRORS_LISTED = 100  # a batch of 10 000 bad rows answers with the first 100 (and the count)


class CostRowSerializer(serializers.Serializer):
    """One actual cost, as a line of the finance export."""

    reference = serializers.CharField(
        help_text=gettext_lazy("The document number (N° pièce): the cost's external id.")
    )
    project = serializers.CharField(help_text=gettext_lazy("The project code (Élément d'OTP)."))
    date = serializers.CharField(help_text=gettext_lazy("2026-11-30 or 30/11/2026."))
    amount = serializers.CharField(help_text=gettext_lazy("In euros, decimal point: 1250.00."))
    nature = serializers.CharField(required=False, help_text=gettext_lazy("CAPEX or OPEX."))
    category = serializers.CharField(required=False)
    supplier = serializers.CharField(required=False)
    description = serializers.CharField(required=False)
    currency = serializers.CharField(required=False, help_text=gettext_lazy("EUR only."))


class CapacityRowSerializer(serializers.Serializer):
    resource = serializers.CharField(help_text=gettext_lazy("The resource's name."))
    month = serializers.CharField(help_text=gettext_lazy("2027-01 or 01/2027."))
    fte = serializers.CharField(help_text=gettext_lazy("FTE of the month, 0 to 10: 0.8."))


class AllocationRowSerializer(CapacityRowSerializer):
    project = serializers.CharField(help_text=gettext_lazy("The project code."))


class BatchSerializer(serializers.Serializer):
    batch = serializers.CharField(
        required=False, help_text=gettext_lazy("A name for the import log: the night's file, say.")
    )
    preview = serializers.BooleanField(
        default=False, help_text=gettext_lazy("true: check only, save nothing.")
    )


class CostBatchSerializer(BatchSerializer):
    rows = CostRowSerializer(many=True)


class CapacityBatchSerializer(BatchSerializer):
    rows = CapacityRowSerializer(many=True)


class AllocationBatchSerializer(BatchSerializer):
    rows = AllocationRowSerializer(many=True)


RESULT = inline_serializer(
    "ImportResult",
    {
        "preview": serializers.BooleanField(),
        "saved": serializers.BooleanField(),
        "rows": serializers.IntegerField(),
        "created": serializers.IntegerField(),
        "changed": serializers.IntegerField(),
        "unchanged": serializers.IntegerField(),
    },
)
REJECTED = OpenApiResponse(
    inline_serializer(
        "ImportRejected",
        {
            "type": serializers.CharField(),
            "title": serializers.CharField(),
            "status": serializers.IntegerField(),
            "detail": serializers.CharField(),
            "errors": serializers.JSONField(
                required=False,
                help_text=gettext_lazy(
                    'The rows in error: [{"row": 2, "messages": ["…"]}] (a batch that '
                    "is not one, or a query parameter, has its messages per field instead)."
                ),
            ),
            "error_count": serializers.IntegerField(required=False),
        },
    ),
    description=gettext_lazy("A row is wrong (or the batch is): nothing was saved."),
)


def _problem(detail: str, **extra) -> Response:
    return Response(
        problem_body(status.HTTP_400_BAD_REQUEST, detail, **extra),
        status=status.HTTP_400_BAD_REQUEST,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def _read_batch(request) -> tuple[list[dict], bool, str] | Response:
    data = request.data
    rows = data.get("rows") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        return _problem(_('The body must be {"rows": [ {…}, … ]}: a list of objects.'))
    if not rows:
        return _problem(_("The batch has no row."))
    if len(rows) > MAX_ROWS:
        return _problem(
            _("A batch holds at most %(max)s rows; this one has %(count)s: split it.")
            % {"max": MAX_ROWS, "count": len(rows)}
        )
    preview = data.get("preview", False)
    if not isinstance(preview, bool):
        return _problem(_("preview must be true or false."))
    batch = data.get("batch") or ""
    name = _("API: %(batch)s") % {"batch": batch} if isinstance(batch, str) and batch else _("API")
    return rows, preview, cost_import._text(name)


def _rejected(errors: list) -> Response:
    """The rows in error (position in the batch and messages), nothing saved."""
    first = errors[0]
    return _problem(
        _("Row %(row)s: %(reason)s. Nothing was saved.")
        % {"row": first.line, "reason": "; ".join(str(e) for e in first.errors)},
        errors=[
            {"row": row.line, "messages": [str(error) for error in row.errors]}
            for row in errors[:ERRORS_LISTED]
        ],
        error_count=len(errors),
    )


def _result(*, preview: bool, rows: int, created: int, changed: int = 0) -> Response:
    return Response(
        {
            "preview": preview,
            "saved": not preview,
            "rows": rows,
            "created": created,
            "changed": changed,
            "unchanged": rows - created - changed,
        },
        status=status.HTTP_200_OK,
    )


class CostImportViewSet(ApiViewSet):
    """``POST /imports/actual-costs/``: a batch of actual costs (finance). The batch is read
    row by row by the import service (its messages per row), not by the serializer, which
    documents it."""

    serializer_class = CostBatchSerializer

    write_scope = ApiTokenScope.WRITE_COSTS.value

    @extend_schema(
        request=CostBatchSerializer,
        responses={200: RESULT, (400, PROBLEM_CONTENT_TYPE): REJECTED},
        description=gettext_lazy(
            "Push actual costs (the finance system's export of the night). A reference "
            "already imported is skipped: pushing the same batch twice creates nothing the "
            "second time. One row in error and nothing is saved. Scope write:costs; the PMO "
            "or Finance."
        ),
        examples=[
            OpenApiExample(
                "A night's costs",
                value={
                    "batch": "sap-2026-12-06",
                    "rows": [
                        {
                            "reference": "FAC-2026-10452",
                            "project": "PRJ-2026-014",
                            "date": "2026-12-04",
                            "amount": "12500.00",
                            "nature": "CAPEX",
                            "category": "Prestations externes",
                            "supplier": "Sopra Steria",
                            "description": "Recette lot 2",
                        }
                    ],
                },
                request_only=True,
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        if not request.user.has_perm("resources.import_costs"):
            raise PermissionDenied
        batch = _read_batch(request)
        if isinstance(batch, Response):
            return batch
        records, preview, name = batch
        if preview:
            result = cost_import.check_rows(cost_import.parse_records(records))
            if result.errors:
                return _rejected(result.errors)
            return _result(preview=True, rows=len(records), created=len(result.new))
        try:
            result = cost_import.import_costs(records=records, user=request.user, file_name=name)
        except cost_import.ImportRejected as rejected:
            return _rejected(rejected.preview.errors)
        except (UploadError, IntegrityError):
            return _problem(_("Another import saved some of these references meanwhile."))
        return _result(preview=False, rows=len(records), created=len(result.new))


class CapacityImportViewSet(ApiViewSet):
    """``POST /imports/capacity/`` (people's FTE per month) and ``/imports/allocations/``
    (allocation requests of projects)."""

    write_scope = ApiTokenScope.WRITE_CAPACITY.value
    what = ImportKind.CAPACITY

    def create(self, request, *args, **kwargs):
        # As the upload page: anyone with a role; each allocation row is then checked
        # against its project. Capacity is the PMO's and the resource managers'.
        needed = (
            "resources.manage_resources"
            if self.what == ImportKind.CAPACITY
            else "resources.view_capacity"
        )
        if not request.user.has_perm(needed):
            raise PermissionDenied
        batch = _read_batch(request)
        if isinstance(batch, Response):
            return batch
        records, preview, name = batch
        arguments = {"records": records, "what": self.what, "user": request.user}
        if preview:
            # A dry run of the real import, rolled back: the counts are exactly what the
            # import would do (the import log row and the notifications are rolled back too).
            with transaction.atomic():
                result = capacity_services.import_capacity_file(**arguments, file_name=name)
                transaction.set_rollback(True)
        else:
            result = capacity_services.import_capacity_file(**arguments, file_name=name)
        if result.errors:
            return _rejected(result.errors)
        counts = result.counts
        return _result(
            preview=preview,
            rows=len(records),
            created=counts["created"],
            changed=counts["changed"] + counts["deleted"],
        )


CAPACITY_DOC = gettext_lazy(
    "Push people's capacity (FTE per month, from HR): each row sets the month's FTE of a "
    "resource; the same values again change nothing. One row in error and nothing is saved. "
    "Scope write:capacity; the PMO or a resource manager."
)
ALLOCATION_DOC = gettext_lazy(
    "Push allocation requests (FTE per project, resource and month), as the project's grid "
    "makes them: a new or changed value is a request for the resource manager; 0 removes it. "
    "Scope write:capacity; the project's manager or the PMO."
)


class CapacityPushViewSet(CapacityImportViewSet):
    what = ImportKind.CAPACITY
    serializer_class = CapacityBatchSerializer

    @extend_schema(
        request=CapacityBatchSerializer,
        responses={200: RESULT, (400, PROBLEM_CONTENT_TYPE): REJECTED},
        description=CAPACITY_DOC,
        examples=[
            OpenApiExample(
                "Part-time from January",
                value={"rows": [{"resource": "Camille Martin", "month": "2027-01", "fte": "0.8"}]},
                request_only=True,
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)


class AllocationPushViewSet(CapacityImportViewSet):
    what = ImportKind.ALLOCATIONS
    serializer_class = AllocationBatchSerializer

    @extend_schema(
        request=AllocationBatchSerializer,
        responses={200: RESULT, (400, PROBLEM_CONTENT_TYPE): REJECTED},
        description=ALLOCATION_DOC,
        examples=[
            OpenApiExample(
                "Half a developer in March",
                value={
                    "rows": [
                        {
                            "project": "PRJ-2026-014",
                            "resource": "Camille Martin",
                            "month": "2027-03",
                            "fte": "0.5",
                        }
                    ]
                },
                request_only=True,
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)


API_ROUTES = [
    ApiRoute("imports/actual-costs", CostImportViewSet, "import-actual-costs", 80),
    ApiRoute("imports/capacity", CapacityPushViewSet, "import-capacity", 81),
    ApiRoute("imports/allocations", AllocationPushViewSet, "import-allocations", 82),
]
