"""The fast path of register imports on PostgreSQL: COPY into staging, set-wise checks, INSERT … SELECT.

Same contract as the SQLite path (``importer``): the whole file or nothing, every bad line reported as
"line N: reason" with the same reasons, the same file again adds nothing; in constant memory.
"""

from django.db import connection

from .payments import PaymentsImport
from .refunds import RefundsImport

FAST_IMPORTS = {PaymentsImport.kind: PaymentsImport, RefundsImport.kind: RefundsImport}


def handles(kind: str) -> bool:
    return connection.vendor == "postgresql" and kind in FAST_IMPORTS


def fast_import(kind: str, **kwargs):
    return FAST_IMPORTS[kind](**kwargs)
