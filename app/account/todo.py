"""The citizen's to-do list at the top of the front page: one short sentence per task, with its
deadline, from the cards the features plug into the front page (app/slots.py). A helper sees the
tasks their mandate lets them see."""

from app.slots import FRONT_PAGE, plugged


def to_do(cards: dict, case) -> list[str]:
    """`cards`: the value of each front-page card by name. For a helper the tasks name the
    citizen: they are the citizen's duties, not the helper's."""
    name = case.citizen.first_name if case.by_helper else None
    items = []
    for card in plugged(FRONT_PAGE):
        if card.to_do and case.allows(*card.scopes):
            items += card.to_do(cards[card.name], name)
    return items
