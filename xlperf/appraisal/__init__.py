"""Individual performance (valutazione individuale): a workbook of its own, never merged into the master."""
