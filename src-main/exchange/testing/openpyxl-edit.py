"""Fills in a 填报模板 the way a Python script using openpyxl would, and adds a picture anchored to a range.

Usage: openpyxl-edit.py IN.xlsx OUT.xlsx EDITS.json
EDITS.json: {"rows": {"<任务编号>": {"<header>": value}}, "filledOn": "YYYY-MM-DD", "picture": true, "copySheet": true}

A value starting with "=" is written as openpyxl writes it: a formula with no cached value (only a spreadsheet
program computes one). "copySheet": the edits go into a copy of 填报表 (openpyxl's copy_worksheet, named
"填报表 Copy") and the original is hidden, as a unit that copied the sheet and hid the original would leave it.

openpyxl needs Pillow to read a picture's size; the picture here is a known 1×1 PNG, so its size is given instead.
"""
import base64
import datetime
import json
import sys

from openpyxl import load_workbook
from openpyxl.drawing.image import Image
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, TwoCellAnchor

PNG = base64.b64decode(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
)


class KnownPng(Image):
    def __init__(self):
        self.ref = None
        self.width, self.height = 1, 1
        self.format = 'png'

    def _data(self):
        return PNG


def main(source, target, edits_path):
    with open(edits_path, encoding='utf-8') as f:
        edits = json.load(f)
    wb = load_workbook(source)
    ws = wb['填报表']
    if edits.get('copySheet'):
        original = ws
        ws = wb.copy_worksheet(original)
        original.sheet_state = 'hidden'
    header_row, columns = None, {}
    for row in ws.iter_rows(min_row=1, max_row=20):
        texts = {cell.column: str(cell.value or '') for cell in row}
        if any(text.startswith('系统键') for text in texts.values()):
            header_row = row[0].row
            columns = {text.split('（')[0]: column for column, text in texts.items() if text}
            break
    code_column = columns['任务编号']
    for r in range(header_row + 1, ws.max_row + 1):
        code = ws.cell(r, code_column).value
        for header, value in edits.get('rows', {}).get(code, {}).items():
            ws.cell(r, columns[header]).value = value
    if 'filledOn' in edits:
        for cell in ws[2]:
            if str(cell.value or '').startswith('填报日期'):
                ws.cell(2, cell.column + 1).value = datetime.datetime.fromisoformat(edits['filledOn'])
    if edits.get('picture'):
        picture = KnownPng()
        picture.anchor = TwoCellAnchor(_from=AnchorMarker(col=1, row=1), to=AnchorMarker(col=4, row=6))
        ws.add_image(picture)
    wb.save(target)


if __name__ == '__main__':
    main(*sys.argv[1:4])
