"""Registers: the CSV files through which every payment, refund, person and category reaches the Fund."""
