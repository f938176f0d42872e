"""Counts the generated malformed-input cases that ran (printed at the end of the test session)."""

count = 0


def add(n: int = 1) -> None:
    global count
    count += n
