"""Spreadsheets of ATRS records, behind one module so openpyxl is imported only here."""

import io
from dataclasses import dataclass


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its title, column headings and rows of text."""

    title: str
    headings: tuple[str, ...]
    rows: list[tuple[str, ...]]


def workbook(sheets: list[Sheet]) -> bytes:
    """An .xlsx file holding these sheets, headings in bold and long answers wrapped."""
    from openpyxl import Workbook  # imported here: only exports need it
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        page = book.create_sheet(sheet.title[:31])
        page.append(list(sheet.headings))
        for cell in page[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            page.append(list(row))
        widths = {"Answer": 100, "Field": 40}
        for index, heading in enumerate(sheet.headings):
            letter = chr(ord("A") + index)
            page.column_dimensions[letter].width = widths.get(heading, 12)
        for row in page.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                # A typed answer starting "=" stays text as written: never a formula to run.
                cell.data_type = "s"
        page.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
