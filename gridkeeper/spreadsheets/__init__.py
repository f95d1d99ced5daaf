"""Services that move records between the store and spreadsheet files (``sheets`` + ``store``).

``sheets`` reads and writes xlsx/csv cells and knows nothing of the database; ``store`` knows
nothing of files. Importing a roster, exporting a list, exporting a record's history and importing
a township's area tree need both, so they live here, above both (as ``ledgers`` does for PDFs).
"""
