"""factory_boy factories of the shared portfolio model and of users with roles."""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from pmo_portal.roles import Role
from portfolios.models import (
    BusinessDomain,
    ObjectiveContribution,
    Portfolio,
    Project,
    ProjectStatus,
    ProjectType,
    StrategicObjective,
)

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create:
            return
        for role in extracted or []:
            # get_or_create: browser tests flush the database, migration data included.
            self.groups.add(Group.objects.get_or_create(name=Role(role).value)[0])
        self.is_staff = Role.PMO in (extracted or [])
        self.save()


class PortfolioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Portfolio

    name = factory.Sequence(lambda n: f"Portefeuille {n}")


class BusinessDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessDomain
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"DOM{n}")
    name = factory.Sequence(lambda n: f"Domaine {n}")


class ProjectTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectType
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"TYPE{n}")
    name = factory.Sequence(lambda n: f"Type {n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"PRJ-{n:05d}")
    name = factory.Sequence(lambda n: f"Projet {n}")
    portfolio = factory.SubFactory(PortfolioFactory)
    business_domain = factory.SubFactory(BusinessDomainFactory)
    project_type = factory.SubFactory(ProjectTypeFactory)
    status = ProjectStatus.ACTIVE
    manager = factory.SubFactory(UserFactory, roles=[Role.PROJECT_MANAGER])
    planned_start = date(2026, 1, 1)
    planned_end = date(2026, 12, 31)
    estimated_cost = Decimal("150000.00")

    @factory.post_generation
    def deputies(self, create, extracted, **kwargs):
        if create and extracted:
            self.deputies.set(extracted)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicObjective

    code = factory.Sequence(lambda n: f"OBJ-{n}")
    title = factory.Sequence(lambda n: f"Objectif {n}")


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ObjectiveContribution

    project = factory.SubFactory(ProjectFactory)
    objective = factory.SubFactory(ObjectiveFactory)
    score = 2
