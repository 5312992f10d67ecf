"""Long lists in pages of a fixed size (the journal, the list of who looked at a case).

`page_number()` reads ?side= (Danish: page) from the request, `paged()` runs the query for that page
and counts the whole list once; templates draw the links with macros/paging.html.
"""

from dataclasses import dataclass

from flask import request
from sqlalchemy import Select, func, select

from app.extensions import db

PAGE_SIZE = 20
PAGE_ARGUMENT = "side"


@dataclass(frozen=True)
class Page:
    items: list
    number: int  # 1 is the newest
    count: int  # rows in the whole list

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // PAGE_SIZE))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def page_number() -> int:
    """The page asked for; anything that is not a positive whole number is the first page."""
    asked = request.args.get(PAGE_ARGUMENT, "")
    return int(asked) if asked.isdigit() and 0 < int(asked) < 1_000_000 else 1


def paged(query: Select, number: int, scalars: bool = True) -> Page:
    """Page `number` of the ordered `query` (scalars, or rows when `scalars` is False); a page past
    the end is the last page, so a bookmark to an old page still shows something."""
    count = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    number = min(number, max(1, -(-count // PAGE_SIZE)))
    window = query.limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)
    items = list(db.session.scalars(window) if scalars else db.session.execute(window))
    return Page(items, number, count)
