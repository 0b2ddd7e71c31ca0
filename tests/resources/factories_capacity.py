"""factory_boy factories of teams, skills, resources, availability and allocations."""

from datetime import date
from decimal import Decimal

import factory

from resources.models import Allocation, AllocationStatus, Availability, Resource, Skill, Team
from tests.portfolios.factories import ProjectFactory


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Équipe {n}")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Compétence {n}")


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Ressource {n}")
    team = factory.SubFactory(TeamFactory)
    cost_rate_per_day = Decimal("600.00")
    default_fte = Decimal("1.00")

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.add(*extracted)


class AvailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Availability

    resource = factory.SubFactory(ResourceFactory)
    month = date(2026, 1, 1)
    fte = Decimal("0.50")


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    resource = factory.SubFactory(ResourceFactory)
    project = factory.SubFactory(ProjectFactory)
    month = date(2026, 1, 1)
    fte = Decimal("0.50")
    status = AllocationStatus.REQUESTED
