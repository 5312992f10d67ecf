"""Dates in messages: SMS and letters show dates as numbers, which read the same in every language."""

from datetime import date


def numeric_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")
