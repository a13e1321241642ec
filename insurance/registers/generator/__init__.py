"""Realistic registers for load tests and the benchmark: ``manage.py generate_registers``.

People are processed in blocks ("regions"): a block's profiles are derived once, then its payments are
written month by month. Memory is bounded by the block size, whatever the number of people, and the files
are streamed to disk.
"""

from .writing import Plan, Totals, generate

__all__ = ["Plan", "Totals", "generate"]
