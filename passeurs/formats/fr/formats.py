# Dates and times as French public-service pages write them; Django's own French formats
# fill in the rest.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y à H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
