# Italian: dd/mm/yyyy is as common in Italy as dd.mm.yyyy, and both read the same way; the
# dotted form is the one of the Russian colleagues and of AVSI's mail, so a day looks the
# same on the Italian and the Russian page of one record (both are accepted when typed).
DATE_FORMAT = "d.m.Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = ","
# A space rather than Italy's "." so that amounts read "1 234,50 €" in both languages of
# the programme (also the ISO 31-0 way, which Italian usage accepts).
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
MONEY_PATTERN = "{amount}\xa0€"
