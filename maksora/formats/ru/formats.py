# Russian: Django's own short forms, used for every date (the long "1 сентября 2025 г."
# form is not used anywhere, so plain {{ day }} shows the short one too).
DATE_FORMAT = "d.m.Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
MONEY_PATTERN = "{amount}\xa0€"
