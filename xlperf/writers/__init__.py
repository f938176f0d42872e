"""Writers: put a computed summary layout in place (openpyxl files, live Excel via xlwings)."""
