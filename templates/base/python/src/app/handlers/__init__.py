"""Lambda entry points, one module per function (`app.handlers.<function>.handler`)."""
