"""Factories of the governance tests: a methodology with its phases, templates, lifecycles."""

from __future__ import annotations

import hashlib
import io

import factory
from django.core.files.base import ContentFile
from docx import Document

from governance.models import (
    DocumentTemplate,
    Methodology,
    MethodologyVersion,
    Phase,
    ProjectLifecycle,
    RequiredDeliverable,
    TemplateFormat,
    TemplateVersion,
    VersionStatus,
)
from tests.portfolios.factories import ProjectTypeFactory

PHASES = [
    ("cadrage", "Cadrage"),
    ("conception", "Conception"),
    ("realisation", "Réalisation"),
    ("recette", "Recette"),
    ("deploiement", "Déploiement"),
    ("cloture", "Clôture"),
]


def docx_bytes(*paragraphs: str) -> bytes:
    """A real .docx whose paragraphs are ``paragraphs`` (placeholders like
    ``{{ project_name }}`` are kept as written)."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class MethodologyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Methodology

    name = factory.Sequence(lambda n: f"Méthode {n}")
    project_type = factory.SubFactory(ProjectTypeFactory)


class MethodologyVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MethodologyVersion

    methodology = factory.SubFactory(MethodologyFactory)
    number = 1
    status = VersionStatus.PUBLISHED


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    version = factory.SubFactory(MethodologyVersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    key = factory.Sequence(lambda n: f"phase-{n}")
    name = factory.Sequence(lambda n: f"Phase {n}")
    gate_name = factory.LazyAttribute(lambda phase: f"Revue de fin de {phase.name}")


class DocumentTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentTemplate

    name = factory.Sequence(lambda n: f"Modèle {n}")


class TemplateVersionFactory(factory.django.DjangoModelFactory):
    """A published .docx version (its file holds a project-name placeholder)."""

    class Meta:
        model = TemplateVersion

    template = factory.SubFactory(DocumentTemplateFactory)
    major = 1
    status = VersionStatus.PUBLISHED
    format = TemplateFormat.DOCX
    original_name = "modele.docx"
    placeholders = factory.LazyFunction(lambda: ["project_name"])
    file = factory.LazyFunction(
        lambda: ContentFile(docx_bytes("Projet : {{ project_name }}"), name="modele.docx")
    )
    size = factory.LazyAttribute(lambda version: version.file.size)
    sha256 = factory.LazyAttribute(lambda version: hashlib.sha256(version.file.read()).hexdigest())


def methodology_with_phases(project_type=None, *, phases=PHASES, deliverables_per_phase=1):
    """A published methodology version with ``phases`` (key, name) in order, each with
    ``deliverables_per_phase`` required deliverables; returns the version."""
    methodology = MethodologyFactory(
        **({"project_type": project_type} if project_type is not None else {})
    )
    version = MethodologyVersionFactory(methodology=methodology)
    for order, (key, name) in enumerate(phases, start=1):
        phase = PhaseFactory(version=version, order=order, key=key, name=name)
        for index in range(deliverables_per_phase):
            RequiredDeliverable.objects.create(
                phase=phase, name=f"Livrable {name} {index + 1}", order=index
            )
    return version


def start_lifecycle(project, version, phase_order: int = 1) -> ProjectLifecycle:
    phase = version.phases.get(order=phase_order)
    return ProjectLifecycle.objects.create(
        project=project, methodology_version=version, current_phase=phase
    )
