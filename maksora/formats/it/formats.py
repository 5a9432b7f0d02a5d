# Italian: dd/mm/yyyy is as common in Italy as dd.mm.yyyy, and both read the same way; the
# dotted form is the one of the Russian colleagues and of AVSI's mail, so a day looks the
# same on the Italian and the Russian page of one record (both are accepted when typed).
# Thousands: a space rather than Italy's "." so that amounts read "1 234,50 €" in both
# languages of the programme (also the ISO 31-0 way, which Italian usage accepts).
# So Italian uses the Russian formats as they are.
from maksora.formats.ru.formats import *  # noqa: F403
