"""Pages that read across every app: each role's home page and the one search box of the top bar.

It sits on the top floor with `reports` (it reads cases, shelters, sponsorship and the report
figures); nothing below imports it.
"""
