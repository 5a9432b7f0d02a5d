"""Documents people print: the case summary and the paper intake form (top floor: reads cases and shelters).

Each document is one template in templates/documents/, served as the browser's print view
and as a PDF by maksora.pdf. The programme's letters and statements live in sponsorship,
the yearly report's PDF in reports.
"""
