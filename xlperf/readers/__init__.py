"""Readers: any input (CSV, workbook file, live book) -> the same Plan plus a list of problems."""
