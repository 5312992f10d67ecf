"""Per-jobcenter settings: a dataclass of defaults, overridden by one section of the jobcenter's
settings (JSON). Unknown keys are ignored; each value takes the type of its default."""

from dataclasses import fields
from typing import TypeVar

T = TypeVar("T")


def from_section(cls: type[T], settings: dict | None, section: str) -> T:
    overrides = (settings or {}).get(section, {})
    defaults = {field.name: field.default for field in fields(cls)}
    return cls(**{key: type(defaults[key])(value) for key, value in overrides.items() if key in defaults})
