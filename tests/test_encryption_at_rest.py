"""No plain text of an encrypted column anywhere in the raw database (SEC-31, SEC-39, REL-06).

Every model with an encrypted field is found by introspection (``crypto.encrypted_fields()``), so a field added
later is covered without a change here. On the demo data set: every stored value of those columns is a sealed
value of the current format that decrypts for its own column; and a marker text written through the ORM into
each such column of one row (built when the demo has none) appears nowhere in the raw database — on SQLite the whole database image
(``sqlite3.Connection.serialize``: every page, free pages included), on PostgreSQL every row of every table as
text — while its sealed form is there (so the search does see the row).
"""

from __future__ import annotations

import datetime
import uuid
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, models
from django.utils import timezone

from tests.demo_database import DemoDatabase
from xuncha.core.crypto import EncryptedTextField, decrypt, encrypted_fields, envelope, is_current
from xuncha.demo.loader import LoadResult

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(demo_database: DemoDatabase) -> LoadResult:
    return demo_database.ensure()


def _raw(model: type[models.Model], fields: list[EncryptedTextField], key: Any = None) -> Iterator[tuple[Any, ...]]:
    """The rows (or the row of primary key ``key``) as stored: primary key, then the encrypted columns."""
    qn = connection.ops.quote_name
    pk = model._meta.pk
    assert pk is not None
    names = [str(pk.column), *(str(f.column) for f in fields)]
    sql = f"SELECT {', '.join(qn(n) for n in names)} FROM {qn(model._meta.db_table)}"  # noqa: S608
    params: list[Any] = []
    if key is not None:
        sql += f" WHERE {qn(names[0])} = %s"
        params.append(pk.get_db_prep_value(key, connection))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        yield from cursor.fetchall()


def _raw_database_contains(needles: list[bytes]) -> set[bytes]:
    """Which of ``needles`` occur in the raw database."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        image = connection.connection.serialize()
        return {n for n in needles if n in image}
    found: set[bytes] = set()
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT CAST(t AS text) FROM {qn(table)} t")  # noqa: S608
            for (row,) in cursor.fetchall():
                found |= {n for n in needles if n in row.encode()}
    return found


def _value(field: models.Field[Any, Any], marker: str) -> Any:
    """A valid value for a required field of a row the demo does not have."""
    if field.choices:
        return next(iter(field.flatchoices))[0]
    if isinstance(field, EncryptedTextField):
        return marker
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return datetime.date(2019, 3, 18)
    if isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
        return 1
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.CharField | models.TextField):
        return uuid.uuid4().hex[: field.max_length or 32]
    raise TypeError(f"no value for {field!r}")


def _build(model: type[models.Model], marker: str, depth: int = 0) -> models.Model:
    """One row of ``model``: required foreign keys to an existing row (a new one for one-to-one links and where
    the demo has none), other required fields filled with plausible values, encrypted fields with ``marker``."""
    assert depth < 8, f"cannot build a {model.__name__}"
    values: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.has_default() or getattr(field, "auto_now", False) \
                or getattr(field, "auto_now_add", False):
            continue
        if isinstance(field, EncryptedTextField):
            values[field.name] = marker
        elif field.null:
            continue
        elif field.is_relation:
            related = field.related_model
            assert isinstance(related, type)
            existing = None if field.one_to_one else related._base_manager.order_by("pk").first()
            values[field.name] = existing or _build(related, marker, depth + 1)
        elif not field.blank or isinstance(field, models.DateField | models.IntegerField):
            values[field.name] = _value(field, marker)
    return model._base_manager.create(**values)


def test_every_encrypted_column_holds_sealed_values_of_its_own_column_only(demo: LoadResult) -> None:
    counts: dict[str, int] = {}
    for model, fields in encrypted_fields():
        for field in fields:
            counts.setdefault(field.context(), 0)
        for row in _raw(model, fields):
            for field, stored in zip(fields, row[1:], strict=True):
                context = field.context()
                if not stored:
                    continue
                counts[context] += 1
                assert envelope(stored).format == "xc2" and is_current(stored), (context, row[0], stored[:20])
                decrypt(stored, context)  # raises if altered or sealed for another column
    assert counts.get("orgs_person.id_number", 0) >= 500, counts
    if empty := sorted(c for c, n in counts.items() if n == 0):
        warnings.warn(f"encrypted columns without demo values (checked only on the row the marker test builds): {empty}", stacklevel=1)


def test_a_marker_written_through_the_orm_is_nowhere_in_the_raw_database(demo: LoadResult) -> None:
    markers: dict[bytes, bytes] = {}  # marker → its sealed form as stored
    for model, fields in encrypted_fields():
        first = model._base_manager.order_by("pk").values_list("pk", flat=True).first()
        if first is None:  # the demo has no such row: build one
            first = _build(model, f"明文标记-建-{uuid.uuid4().hex}").pk
        values = {f.name: f"明文标记-{f.column}-{uuid.uuid4().hex}" for f in fields}
        model._base_manager.filter(pk__in=[first]).update(**values)
        (stored,) = _raw(model, fields, first)
        reread = model._base_manager.filter(pk__in=[first]).values(*values).get()
        assert reread == values  # the ORM reads back what it wrote
        for field, sealed in zip(fields, stored[1:], strict=True):
            markers[values[field.name].encode()] = str(sealed).encode()
    assert len(markers) == sum(len(fields) for _, fields in encrypted_fields())
    found = _raw_database_contains([*markers, *markers.values()])
    assert set(markers.values()) <= found, "the search does not see the rows written: it would prove nothing"
    assert not found & set(markers), [m.decode() for m in found & set(markers)]
