#!/usr/bin/env python3
"""Make the small spreadsheet fixture the import tests read (checked in; rerun to rebuild).

Run: pip install openpyxl==3.1.5 odfpy==1.4.1 pandas && python3 crates/data/tests/data/make_sheets.py
"""
import datetime
import pathlib

from openpyxl import Workbook

HERE = pathlib.Path(__file__).resolve().parent

wb = Workbook()
sales = wb.active
sales.title = "Sales"
sales.append(["region", "units", "price", "paid", "when"])
sales.append(["north", 3, 2.5, True, datetime.datetime(2024, 2, 29, 12, 30, 15)])
sales.append(["south", 5, 1.25, False, datetime.datetime(2024, 3, 1)])
sales.append(["north", None, 4.0, True, None])
sales.append(["east", 7, 0.5, False, datetime.datetime(2023, 12, 31, 23, 59, 59)])
notes = wb.create_sheet("Notes")
notes.append(["id", "note"])
notes.append([1, "first"])
notes.append([2, "second"])
# A table that starts at B3 (two empty rows above it): rows are numbered as the spreadsheet
# shows them.
offset = wb.create_sheet("Offset")
for r, row in enumerate([["id", "units"], [1, 10], [2, "ten"], [3, 30]], start=3):
    for c, value in enumerate(row, start=2):
        offset.cell(row=r, column=c, value=value)
wb.properties.created = datetime.datetime(2026, 1, 1)
wb.properties.modified = datetime.datetime(2026, 1, 1)
wb.save(HERE / "sales.xlsx")
print("wrote", HERE / "sales.xlsx")

# The same first sheet as OpenDocument: the import must read it as it reads the .xlsx.
import pandas as pd  # noqa: E402  (only this part needs pandas)

rows = [list(r) for r in sales.iter_rows(min_row=2, values_only=True)]
frame = pd.DataFrame(rows, columns=["region", "units", "price", "paid", "when"], dtype=object)
frame.to_excel(HERE / "sales.ods", engine="odf", index=False, sheet_name="Sales")
print("wrote", HERE / "sales.ods")
