"""Starting states for the calls core tests: an open call with a typed form and a grid, and a
project leader with an initiative of the organisation they belong to."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from passeurs.accounts.tests.factories import UserFactory
from passeurs.calls.models import QuestionKind
from passeurs.calls.tests.factories import CallFactory, CriterionFactory, QuestionFactory
from passeurs.directory.tests.factories import (
    InitiativeFactory,
    MembershipFactory,
    OrganisationFactory,
)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf_upload(name="projet.pdf", content=PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def odt_bytes() -> bytes:
    return zip_bytes(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}
    )


def docx_bytes() -> bytes:
    return zip_bytes({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"})


def call_with_form(**kwargs):
    """A published, open call with four typed questions and a two-criteria grid."""
    call = CallFactory(**kwargs)
    QuestionFactory(
        call=call,
        position=1,
        label="Présentez votre projet",
        kind=QuestionKind.LONG_TEXT,
        max_length=500,
    )
    QuestionFactory(
        call=call,
        position=2,
        label="Personnes accompagnées par an",
        kind=QuestionKind.NUMBER,
        minimum=0,
        maximum=100000,
        max_length=None,
    )
    QuestionFactory(
        call=call,
        position=3,
        label="Stade du projet",
        kind=QuestionKind.CHOICE,
        choices=["Idée", "Prototype", "Déploiement"],
        max_length=None,
    )
    QuestionFactory(
        call=call,
        position=4,
        label="Dossier de présentation",
        kind=QuestionKind.FILE,
        file_types=["pdf"],
        required=False,
        max_length=None,
    )
    CriterionFactory(call=call, position=1, name="Impact social", weight=2)
    CriterionFactory(call=call, position=2, name="Faisabilité", weight=1)
    return call


def questions(call) -> dict[str, object]:
    """The call's questions by kind (one of each in call_with_form)."""
    return {question.kind: question for question in call.questions.all()}


def leader_with_initiative(**organisation):
    """A project leader, member of an association that carries one initiative."""
    org = OrganisationFactory(**organisation)
    user = UserFactory(role="project_leader")
    MembershipFactory(user=user, organisation=org)
    initiative = InitiativeFactory(organisation=org)
    return user, initiative


def full_answers(call) -> dict[int, str]:
    by_kind = questions(call)
    return {
        by_kind[QuestionKind.LONG_TEXT].pk: "Une épicerie solidaire itinérante.",
        by_kind[QuestionKind.NUMBER].pk: "1 200",
        by_kind[QuestionKind.CHOICE].pk: "Prototype",
    }
