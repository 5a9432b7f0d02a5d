"""Managers' and coordinators' yearly report.

- report.py: which sections/figures a user sees, and `ReportData`, the plain form of a
  computed report shared by the page, the exports and saved snapshots;
- forms.py: the period (a year, a date range with both days included, or "since a year");
- views.py: the page, drill-downs (`reports:drilldown`), exports (`reports:export`:
  csv/xlsx/pdf, `?lang=ru|en|it`) and saved snapshots (`reports:save`, `reports:saved_*`);
- exports.py: CSV/XLSX/PDF writers (text cells through maksora.exports.safe_cell);
- drilldown.py: the columns listed for each kind of record behind a figure.

The figures themselves live in each app's reports.py (cases, shelters, sponsorship), one
function per figure, taking a half-open period [start, end) and the user.
"""
