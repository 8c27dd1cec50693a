"""Reads a workbook exported from a model whose names hold HTML, formulas, ESC and U+FFFE (issue 27), and checks
that openpyxl reads it whole, that no cell is a formula, and that the hostile texts are there as text.
Usage: check_hostile_xlsx.py FILE.xlsx; prints the problems and exits 1 when there are any."""
import sys
import openpyxl

problems = []
try:
    book = openpyxl.load_workbook(sys.argv[1])
except Exception as e:  # a workbook openpyxl refuses is the failure this checks for
    print(f"openpyxl cannot read the workbook: {e}")
    sys.exit(1)
texts = []
for sheet in book.worksheets:
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                problems.append(f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}")
            if isinstance(cell.value, str):
                texts.append(cell.value)
joined = "\n".join(texts)
for needle in ["<script>", "HYPERLINK"]:
    if needle not in joined:
        problems.append(f"the hostile text {needle!r} is not in any cell as text")
for bad in ["\uFFFE", "\uFFFF", "\x1b"]:
    if bad in joined:
        problems.append(f"a cell holds {bad!r}")
print("\n".join(problems))
sys.exit(1 if problems else 0)
