"""What the cabinet's dashboard shows: the status today and why, and the coverage timeline as a month grid.

Pure functions over ``coverage``'s answers (no database): the view loads, these arrange.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from insurance.coverage import MonthCell, MonthState

CELL = 26
GAP = 4
LABEL_WIDTH = 44
HEADER_HEIGHT = 18

# The legend, in the order a person reads it; the SVG and the text alternative use the same words.
STATE_LABELS = {
    MonthState.PAID: _("paid"),
    MonthState.PREPAID: _("paid in advance"),
    MonthState.STATE: _("paid by the state"),
    MonthState.GRACE: _("grace period (still covered)"),
    MonthState.REFUNDED: _("payment refunded"),
    MonthState.GAP: _("not paid"),
    MonthState.BEFORE_BIRTH: _("before birth"),
    MonthState.FUTURE: _("future"),
}
# One letter per state, drawn in the cell, so the grid does not rely on colour alone.
STATE_MARKS = {
    MonthState.PAID: "✓",
    MonthState.PREPAID: "+",
    MonthState.STATE: "S",
    MonthState.GRACE: "~",
    MonthState.REFUNDED: "R",
    MonthState.GAP: "×",
    MonthState.BEFORE_BIRTH: "",
    MonthState.FUTURE: "",
}


@dataclass(frozen=True)
class GridCell:
    month: date
    state: str
    x: int
    y: int
    label: str
    mark: str

    @property
    def text_x(self) -> int:
        return self.x + CELL // 2

    @property
    def text_y(self) -> int:
        return self.y + CELL // 2 + 5


@dataclass(frozen=True)
class GridRow:
    year: int
    y: int

    @property
    def text_y(self) -> int:
        return self.y + CELL // 2 + 5


@dataclass(frozen=True)
class Run:
    first: date
    last: date
    state: str
    label: str


def timeline_grid(cells: list[MonthCell]) -> dict:
    """Rows are calendar years, columns January to December: a year reads left to right at a glance."""
    years = sorted({cell.month.year for cell in cells})
    row_y = {year: HEADER_HEIGHT + index * (CELL + GAP) for index, year in enumerate(years)}
    grid = [
        GridCell(
            month=cell.month,
            state=cell.state,
            x=LABEL_WIDTH + (cell.month.month - 1) * (CELL + GAP),
            y=row_y[cell.month.year],
            label=str(STATE_LABELS.get(cell.state, cell.state)),
            mark=STATE_MARKS.get(cell.state, ""),
        )
        for cell in cells
    ]
    return {
        "cells": grid,
        "rows": [GridRow(year, row_y[year]) for year in years],
        "columns": [
            (date(2000, m, 1), LABEL_WIDTH + (m - 1) * (CELL + GAP) + CELL // 2) for m in range(1, 13)
        ],
        "width": LABEL_WIDTH + 12 * (CELL + GAP) - GAP,
        "height": HEADER_HEIGHT + len(years) * (CELL + GAP) - GAP,
        "cell": CELL,
    }


def timeline_runs(cells: list[MonthCell]) -> list[Run]:
    """The text alternative: consecutive months in the same state, e.g. "Jan 2024 – Oct 2026: paid"."""
    runs: list[Run] = []
    for cell in cells:
        if runs and runs[-1].state == cell.state:
            runs[-1] = Run(runs[-1].first, cell.month, cell.state, runs[-1].label)
        else:
            runs.append(
                Run(cell.month, cell.month, cell.state, str(STATE_LABELS.get(cell.state, cell.state)))
            )
    return runs


def legend(cells: list[MonthCell]) -> list[tuple[str, str, str]]:
    """(state, label, mark) for the states that appear, in the legend's order."""
    present = {cell.state for cell in cells}
    return [
        (state, str(label), STATE_MARKS[state]) for state, label in STATE_LABELS.items() if state in present
    ]
