"""Check constraints validated in Python, without a query.

Django validates a model's ``CheckConstraint`` by asking the database
(``SELECT 1 WHERE COALESCE(<condition>, true)``, inside a savepoint: three queries each). A
status report has five of them and a milestone one, so a form that saves a report and ten
milestones spent some forty queries on arithmetic Python can do. ``validate_constraints``
below evaluates the conditions our models use (comparisons of a field with a value or with
another field, ``isnull``, ``in``, combined with and / or / not) in Python, with SQL's
three-valued logic (a comparison with NULL is unknown, and an unknown condition passes, as
the COALESCE does); any other condition, and unique constraints, go to the database as
before. The database still enforces every constraint on write.
"""

from __future__ import annotations

import operator

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import router
from django.db.models import CheckConstraint, F, Q

COMPARISONS = {
    "exact": operator.eq,
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
}


class NotEvaluable(Exception):
    """A condition this module does not evaluate: the database does."""


class Excluded(Exception):
    """The condition names a field the caller excluded: the constraint is not checked."""


def _field_value(instance, name: str, exclude):
    try:
        field = instance._meta.pk if name == "pk" else instance._meta.get_field(name)
    except FieldDoesNotExist:
        raise NotEvaluable(name) from None
    if not getattr(field, "concrete", False) or field.many_to_many:
        raise NotEvaluable(name)
    if exclude and (field.name in exclude or field.attname in exclude):
        raise Excluded(name)
    return getattr(instance, field.attname)


def _operand(instance, value, exclude):
    if isinstance(value, F):
        return _field_value(instance, value.name, exclude)
    if hasattr(value, "resolve_expression"):
        raise NotEvaluable(value)
    return value


def _leaf(instance, lookup: str, value, exclude) -> bool | None:
    name, _sep, kind = lookup.partition("__")
    kind = kind or "exact"
    left = _field_value(instance, name, exclude)
    if kind == "isnull":
        return (left is None) == bool(value)
    if kind == "in":
        options = [_operand(instance, option, exclude) for option in value]
        if left is None:
            return None
        return left in options
    if kind not in COMPARISONS:
        raise NotEvaluable(lookup)
    right = _operand(instance, value, exclude)
    if left is None or right is None:
        return None  # SQL: a comparison with NULL is unknown
    try:
        return COMPARISONS[kind](left, right)
    except TypeError:
        raise NotEvaluable(lookup) from None


def evaluate(condition: Q, instance, exclude=None) -> bool | None:
    """The condition's truth for ``instance``: True, False or None (unknown)."""
    results = [
        evaluate(child, instance, exclude)
        if isinstance(child, Q)
        else _leaf(instance, *child, exclude)
        for child in condition.children
    ]
    if condition.connector == Q.AND:
        result = False if False in results else (None if None in results else True)
    elif condition.connector == Q.OR:
        result = True if True in results else (None if None in results else False)
    else:
        raise NotEvaluable(condition.connector)
    if condition.negated and result is not None:
        result = not result
    return result


def _check(constraint: CheckConstraint, model, instance, exclude, using) -> None:
    condition = constraint.condition
    try:
        if not isinstance(condition, Q):
            raise NotEvaluable(condition)
        passed = evaluate(condition, instance, exclude)
    except Excluded:
        return
    except NotEvaluable:
        constraint.validate(model, instance, exclude=exclude, using=using)
        return
    if passed is False:
        raise ValidationError(
            constraint.get_violation_error_message(), code=constraint.violation_error_code
        )


def validate_constraints(instance, exclude=None) -> None:
    """``Model.validate_constraints`` with the check constraints evaluated in Python."""
    using = router.db_for_write(instance.__class__, instance=instance)
    errors = {}
    for model, constraints in instance.get_constraints():
        for constraint in constraints:
            try:
                if isinstance(constraint, CheckConstraint):
                    _check(constraint, model, instance, exclude, using)
                else:
                    constraint.validate(model, instance, exclude=exclude, using=using)
            except ValidationError as error:
                fields = getattr(constraint, "fields", ())
                if getattr(error, "code", None) == "unique" and len(fields) == 1:
                    errors.setdefault(fields[0], []).append(error)
                else:
                    errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


class PythonCheckConstraintsMixin:
    """For a model: its check constraints validated in Python (``validate_constraints``)."""

    def validate_constraints(self, exclude=None):
        validate_constraints(self, exclude)
