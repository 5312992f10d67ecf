"""The meeting forms: staff book and record; the citizen says "I cannot come"."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from app.cases import about_citizen
from app.forms import DayField, PortalForm, at_most, reword, stripped
from app.meetings import labels
from app.meetings.services import Booking, CannotCome
from app.rules import meetings as rules


def _choices(names: dict) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in names.items()]


class BookingForm(PortalForm):
    day = DayField(_l("Day"), validators=[InputRequired(message=_l("Write the day of the meeting."))])
    clock = StringField(
        _l("Time (Danish time)"),
        filters=[stripped],
        description=_l("For example 10:30."),
        validators=[InputRequired(message=_l("Write the time of the meeting, like 10:30."))],
    )
    minutes = IntegerField(
        _l("Length in minutes"),
        default=30,
        validators=[
            InputRequired(message=_l("Write the length in minutes.")),
            NumberRange(min=5, max=480, message=_l("Write a length from 5 to 480 minutes.")),
        ],
    )
    kind = SelectField(_l("Kind of meeting"), choices=_choices(labels.KIND))
    form = RadioField(
        _l("How"),
        choices=_choices(labels.FORM),
        default=rules.IN_PERSON,
        validators=[InputRequired(message=_l("Choose how the meeting is held."))],
    )
    place = StringField(
        _l("Address (at the jobcenter)"), filters=[stripped], validators=[Optional(), at_most(300)]
    )
    video_link = StringField(_l("Video link"), filters=[stripped], validators=[Optional(), at_most(500)])
    agenda = TextAreaField(
        _l("Short agenda and what to bring (the citizen sees this)"),
        filters=[stripped],
        validators=[at_most(1000)],
    )

    # Sent back with the form after the caseworker has seen its warnings (late, short notice,
    # during an exemption): the second click books anyway.
    book_anyway = BooleanField(default=False)
    warnings = None

    def validate_clock(self, field):
        if field.data and rules.parse_clock(field.data) is None:
            raise ValidationError(_l("Write the time like 10:30."))

    def validate_place(self, field):
        if self.form.data == rules.IN_PERSON and not field.data:
            raise ValidationError(_l("Write the address of the meeting."))

    def validate_video_link(self, field):
        if self.form.data == rules.VIDEO and not (field.data or "").startswith("https://"):
            raise ValidationError(_l("Write the video link, starting with https://."))

    def booking(self) -> Booking:
        starts_at = rules.danish_start(self.day.data, rules.parse_clock(self.clock.data))
        return Booking(
            kind=self.kind.data,
            form=self.form.data,
            starts_at=starts_at,
            minutes=self.minutes.data,
            place=self.place.data or "",
            video_link=self.video_link.data or "",
            agenda=self.agenda.data or "",
        )


class OutcomeForm(PortalForm):
    outcome = RadioField(
        _l("What happened?"),
        choices=[
            SelectChoice("held", _l("Held")),
            SelectChoice("absent", _l("The citizen did not come")),
            SelectChoice("cancelled_by_jobcenter", _l("Cancelled by the jobcenter")),
        ],
        validators=[InputRequired(message=_l("Choose what happened."))],
    )
    note = TextAreaField(_l("Note"), filters=[stripped], validators=[at_most(2000)])


# The reasons as a helper reads them: about the citizen, not "I am sick".
HELPER_REASON = {
    "sick": _l("%(name)s is sick"),
    "job": _l("%(name)s has a job interview or work"),
    "sick_child": _l("%(name)s has a sick child"),
    "other": _l("Something else"),
}


class SicknessCategoryForm(PortalForm):
    category = RadioField(
        _l("Category"),  # under the heading "Category of the sygedagpenge case"
        choices=[
            SelectChoice("", _l("Not set")),
            SelectChoice("1", _l("Category 1")),
            SelectChoice("2", _l("Category 2")),
            SelectChoice("3", _l("Category 3")),
        ],
        default="",
        validators=[Optional()],
    )

    @classmethod
    def for_case(cls, category: int | None, settings: dict | None) -> "SicknessCategoryForm":
        """The form with the case's category chosen, and a hint with the jobcenter's own rhythms."""
        form = cls(prefix="category", data={"category": str(category or "")})
        days = {
            "other": rules.rhythm_for(rules.SICKNESS_BENEFIT, settings).interval_days,
            "third": rules.rhythm_for(rules.SICKNESS_BENEFIT, settings, 3).interval_days,
        }
        form.category.description = (
            _l(
                "It decides how often meetings are held: category 3 at least every %(third)s days, the "
                "other categories and a case with no category at least every %(other)s days."
            )
            % days
        )
        return form

    def chosen(self) -> int | None:
        return int(self.category.data) if self.category.data else None


class CannotComeForm(PortalForm):
    reason = RadioField(
        _l("Why can you not come?"),
        choices=_choices(labels.REASON),
        validators=[InputRequired(message=_l("Choose why you cannot come."))],
        description=_l("If you are sick, we also register that you are sick from today."),
    )
    text = TextAreaField(
        _l("Tell us more (optional)"),
        filters=[stripped],
        validators=[at_most(1000)],
        description=_l("Do not write what illness you have."),
    )
    wish = RadioField(
        _l("What would you like instead? (optional)"), choices=_choices(labels.WISH), default=""
    )

    @classmethod
    def for_reader(cls) -> "CannotComeForm":
        """The form as the reader needs it: a helper answers about the citizen (their first name)."""
        form, name = cls(), about_citizen()
        if name is not None:
            values = {"name": name}
            reword(
                form.reason,
                label=_l("Why can %(name)s not come?") % values,
                description=_l("If %(name)s is sick, we also register that %(name)s is sick from today.")
                % values,
                required=_l("Choose why %(name)s cannot come.") % values,
            )
            form.reason.choices = _choices({key: text % values for key, text in HELPER_REASON.items()})
            reword(form.text, description=_l("Do not write what illness %(name)s has.") % values)
            reword(form.wish, label=_l("What would %(name)s like instead? (optional)") % values)
        return form

    def validate_text(self, field):
        if self.reason.data == "other" and not field.data:
            name = about_citizen()
            if name is not None:
                raise ValidationError(_l("Write why %(name)s cannot come.") % {"name": name})
            raise ValidationError(_l("Write why you cannot come."))

    def answer(self) -> CannotCome:
        return CannotCome(self.reason.data, self.text.data or "", self.wish.data or "")


class ReportForm(PortalForm):
    """The timeliness report's filters, in the query string (the page and the CSV are the same)."""

    class Meta:
        csrf = False  # a GET filter changes nothing

    first_day = DayField(_l("From"), validators=[Optional()])
    last_day = DayField(_l("To"), validators=[Optional()])
    caseworker = SelectField(_l("Caseworker"), validators=[Optional()], validate_choice=False)
    group = SelectField(_l("Target group"), validators=[Optional()], validate_choice=False)

    def validate_last_day(self, field):
        if field.data and self.first_day.data and field.data < self.first_day.data:
            raise ValidationError(_l("The last day must be on or after the first day."))
