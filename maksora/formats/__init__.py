"""Per-language display formats (FORMAT_MODULE_PATH): dates, numbers and money.

Every language writes a day as dd.mm.yyyy, the way the organisation's papers and AVSI's
mail write it, so a Russian worker and an Italian officer read the same record alike.
`MONEY_PATTERN` is ours, not Django's: maksora.display.money reads it.
"""
