from datetime import date

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cases.models import Case, CaseMember, Goal, Note, Person, Relationship, Task
from cases.services import case_number_next
from maksora.models import Unit


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Анна"
    last_name = factory.Sequence(lambda n: f"Сотрудник{n}")
    password = factory.PostGenerationMethodCall("set_password", "pass-for-tests-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
            self.is_staff = extracted in ("coordinator", "manager", "sponsorship_officer", "admin")
        self.save()

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if extracted:
            self.units.set(Unit.objects.filter(code__in=extracted))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    family_name = factory.Iterator(["Иванова", "Петрова", "Сидорова", "Кузнецова", "Смирнова"])
    given_name = factory.Iterator(["Мария", "Анна", "Ольга", "Елена", "Дарья"])
    sex = "F"
    patronymic = factory.LazyAttribute(lambda o: "Иванович" if o.sex == "M" else "Ивановна")
    birth_date = date(1995, 5, 17)
    district = "lenin"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    unit = factory.LazyFunction(lambda: unit("golubka"))
    primary_person = factory.SubFactory(PersonFactory)
    number = factory.LazyAttribute(lambda o: case_number_next(unit=o.unit, year=o.opened_on.year))
    status = "active"
    opened_on = date(2026, 1, 15)
    risk_level = "low"

    @factory.post_generation
    def with_primary_member(self, create, extracted, **kwargs):
        if create:
            CaseMember.objects.get_or_create(case=self, person=self.primary_person, defaults={"role": "primary"})


class CaseMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseMember

    case = factory.SubFactory(CaseFactory)
    person = factory.SubFactory(PersonFactory)
    role = "child"


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    from_person = factory.SubFactory(PersonFactory)
    to_person = factory.SubFactory(PersonFactory)
    kind = "mother"


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    case = factory.SubFactory(CaseFactory)
    date = date(2026, 2, 1)
    kind = "meeting"
    text = "Встреча с мамой, обсудили поиск работы."
    author = factory.SubFactory(UserFactory)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    case = factory.SubFactory(CaseFactory)
    domain = "work"
    text = "Найти постоянную работу"


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    case = factory.SubFactory(CaseFactory)
    title = "Позвонить в школу"
    due_on = date(2026, 3, 1)
    assigned_to = factory.SubFactory(UserFactory)
