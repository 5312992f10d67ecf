"""Forms of Min Plan: the caseworker's plan editor, the citizen's comment, the delivery record."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectChoice,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, ValidationError

from app.cases import voiced
from app.forms import DayField, HoursField, PortalForm, at_most, stripped
from app.plan.services import ActivityContent, PlanContent

MAX_ACTIVITIES = 20


class ActivityForm(Form):
    title = StringField(_l("Name of the activity"), filters=[stripped], validators=[at_most(200)])
    provider = StringField(_l("Where (place or provider)"), filters=[stripped], validators=[at_most(200)])
    starts_on = DayField(_l("First day"), validators=[Optional()])
    ends_on = DayField(_l("Last day (optional)"), validators=[Optional()])
    hours_per_week = HoursField(
        _l("Hours a week (optional)"),
        validators=[
            Optional(),
            NumberRange(min=0, max=60, message=_l("Write a number of hours from 0 to 60.")),
        ],
    )
    is_duty = RadioField(
        _l("Duty or voluntary"),
        default="duty",
        choices=[
            SelectChoice("duty", _l("Duty: the citizen must take part")),
            SelectChoice("voluntary", _l("Voluntary: the citizen chooses")),
        ],
        validators=[InputRequired(message=_l("Choose duty or voluntary."))],
    )
    purpose = TextAreaField(
        _l("Purpose: why the citizen takes part"), filters=[stripped], validators=[at_most(2000)]
    )
    gain = TextAreaField(
        _l("What the citizen will have gained (optional)"), filters=[stripped], validators=[at_most(2000)]
    )
    remove = BooleanField(_l("Remove this activity from the plan"))

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day cannot be before the first day."))

    @property
    def is_blank(self) -> bool:
        return not any(
            (
                self.title.data,
                self.provider.data,
                self.starts_on.data,
                self.ends_on.data,
                self.hours_per_week.data is not None,
                self.purpose.data,
                self.gain.data,
            )
        )

    @property
    def kept(self) -> bool:
        return not self.remove.data and not self.is_blank

    def content(self) -> ActivityContent:
        return ActivityContent(
            title=self.title.data,
            provider=self.provider.data,
            starts_on=self.starts_on.data,
            ends_on=self.ends_on.data,
            hours_per_week=self.hours_per_week.data,
            purpose=self.purpose.data,
            gain=self.gain.data,
            is_duty=self.is_duty.data == "duty",
        )


class PlanForm(PortalForm):
    goals = TextAreaField(
        _l("Goals"),
        filters=[stripped],
        validators=[at_most(4000)],
        description=_l("In the citizen's words where you can. Short sentences."),
    )
    job_search_requirements = TextAreaField(
        _l("Job search requirements"),
        filters=[stripped],
        validators=[at_most(4000)],
        description=_l("For example: apply for 2 jobs a week and update your CV."),
    )
    contact_person = TextAreaField(
        _l("Contact person (name and phone)"), filters=[stripped], validators=[at_most(500)]
    )
    mentor = TextAreaField(_l("Mentor (optional)"), filters=[stripped], validators=[at_most(500)])
    activities = FieldList(FormField(ActivityForm), min_entries=1, max_entries=MAX_ACTIVITIES)

    def content(self) -> PlanContent:
        return PlanContent(
            goals=self.goals.data,
            job_search_requirements=self.job_search_requirements.data,
            contact_person=self.contact_person.data,
            mentor=self.mentor.data,
            activities=tuple(entry.form.content() for entry in self.activities if entry.form.kept),
        )

    def check_complete(self) -> bool:
        """What publishing needs beyond a draft: goals, a contact person, and for every activity
        its name, purpose and first day. Adds the errors to the fields; True when complete."""
        self._require(self.goals, _l("Write the goals of the plan."))
        self._require(self.contact_person, _l("Write who the citizen's contact person is."))
        for entry in (entry.form for entry in self.activities if entry.form.kept):
            self._require(entry.title, _l("Write the name of the activity."))
            self._require(entry.purpose, _l("Write why the citizen takes part in the activity."))
            self._require(entry.starts_on, _l("Write the first day of the activity."))
        return not self.errors

    @staticmethod
    def _require(field, message) -> None:
        if not field.data and not field.errors:
            field.errors = [*field.errors, message]

    def fill_from(self, version) -> None:
        """Start the editor from an existing version (the current plan or the saved draft)."""
        for name in ("goals", "job_search_requirements", "contact_person", "mentor"):
            getattr(self, name).data = getattr(version, name)
        while self.activities.entries:
            self.activities.pop_entry()
        for activity in version.activities:
            self.activities.append_entry(_activity_data(activity))
        if not version.activities:
            self.activities.append_entry()


def _activity_data(activity) -> dict:
    data = {
        name: getattr(activity, name)
        for name in ("title", "provider", "starts_on", "ends_on", "hours_per_week", "purpose", "gain")
    }
    return {**data, "is_duty": "duty" if activity.is_duty else "voluntary"}


class CommentForm(PortalForm):
    text = TextAreaField(
        _l("Your comment"),
        filters=[stripped],
        validators=[DataRequired(message=_l("Write your comment.")), at_most(2000)],
        description=_l("Your caseworker reads it. You can write in your own language."),
    )
    disagrees = BooleanField(_l("I disagree with the plan"))

    @classmethod
    def for_reader(cls, **kwargs) -> "CommentForm":
        """The form, with the hint telling a helper whose caseworker reads the comment."""
        form = cls(**kwargs)
        form.text.description = voiced(
            form.text.description, _l("The caseworker reads it. You can write in your own language.")
        )
        return form


class AnswerForm(PortalForm):
    """A caseworker's answer to one comment; one form per comment on the page."""

    answer = TextAreaField(
        _l("Your answer to the citizen"),
        filters=[stripped],
        validators=[DataRequired(message=_l("Write your answer.")), at_most(2000)],
        description=_l(
            "The citizen reads it under their comment. Say what you will do, or how it was handled."
        ),
    )

    def __init__(self, comment_id: int, **kwargs):
        super().__init__(prefix=f"answer-{comment_id}", **kwargs)
        self.comment_id = comment_id


class DeliveryForm(PortalForm):
    channel = RadioField(
        _l("How was the plan sent?"),
        choices=[
            SelectChoice("digital_post", _l("Digital post")),
            SelectChoice("letter", _l("Letter")),
        ],
        validators=[InputRequired(message=_l("Choose how the plan was sent."))],
    )
    delivered_on = DayField(
        _l("Day it was sent"), validators=[InputRequired(message=_l("Write the day it was sent."))]
    )
    note = StringField(_l("Note (optional)"), filters=[stripped], validators=[at_most(500)])

    def __init__(self, published_on: date, today: date, **kwargs):
        super().__init__(prefix="delivery", **kwargs)
        self.published_on, self.today = published_on, today

    def validate_delivered_on(self, field):
        if field.data and field.data > self.today:
            raise ValidationError(_l("The day cannot be in the future."))
        if field.data and field.data < self.published_on:
            raise ValidationError(_l("The day cannot be before the plan was published."))
