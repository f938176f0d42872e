"""The Relazione sulla performance: one section model (`doc`), built once from the plan, the results
and the «Relazione» sheet (`content`, `build`), rendered by the HTML, PDF (Typst) and DOCX writers."""
