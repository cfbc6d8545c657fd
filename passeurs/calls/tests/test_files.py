"""Uploaded files: the extension must match the content, and the size the question's limit.
A refused file stores nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from passeurs.calls import filetypes
from passeurs.calls.models import Answer, QuestionKind
from passeurs.calls.services import applications as services
from passeurs.calls.tests.application_factories import (
    PDF,
    PNG,
    call_with_form,
    docx_bytes,
    leader_with_initiative,
    odt_bytes,
    pdf_upload,
    questions,
    zip_bytes,
)
from passeurs.calls.tests.factories import QuestionFactory


@pytest.mark.parametrize(
    ("extension", "data"),
    [("pdf", PDF), ("png", PNG), ("jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 8)],
)
def test_known_signatures_are_recognised(extension, data):
    assert filetypes.content_matches(extension, data)


def test_opendocument_and_word_files_are_opened_to_be_recognised():
    assert filetypes.content_matches("odt", odt_bytes())
    assert filetypes.content_matches("docx", docx_bytes())
    assert not filetypes.content_matches("odt", docx_bytes())
    assert not filetypes.content_matches("docx", zip_bytes({"hello.txt": b"hi"}))
    assert not filetypes.content_matches("docx", b"PK\x03\x04 broken archive")


def test_a_renamed_file_is_not_what_its_extension_says():
    assert not filetypes.content_matches("pdf", PNG)
    assert not filetypes.content_matches("png", PDF)
    assert not filetypes.content_matches("exe", b"MZ")


@given(st.binary(max_size=64))
def test_random_bytes_are_never_taken_for_a_pdf_unless_they_start_like_one(data):
    assert filetypes.content_matches("pdf", data) == data.startswith(b"%PDF-")


@given(st.text(max_size=30))
def test_the_extension_is_lower_case_after_the_last_dot(name):
    extension = filetypes.extension_of(name)
    assert extension == extension.lower()
    assert "." not in extension


@pytest.fixture
def draft(db):
    call = call_with_form()
    user, initiative = leader_with_initiative()
    application = services.application_start(actor=user, call=call, initiative=initiative)
    return user, application, questions(call)[QuestionKind.FILE]


def save_file(user, application, question, upload):
    return services.application_save_draft(
        actor=user,
        application=application,
        version=application.version,
        files={question.pk: upload},
    )


def test_a_pdf_is_stored_privately_under_a_random_name_with_its_original_name_kept(draft):
    user, application, question = draft

    save_file(user, application, question, pdf_upload("Présentation projet.pdf"))

    answer = Answer.objects.get(application=application, question=question)
    assert answer.file_name == "Présentation projet.pdf"
    assert answer.file.name.startswith("calls/")
    assert "Présentation" not in answer.file.name
    assert answer.file.storage.exists(answer.file.name)


def test_a_file_of_the_wrong_type_is_refused_and_nothing_is_stored(draft):
    user, application, question = draft

    with pytest.raises(ValidationError) as error:
        save_file(user, application, question, SimpleUploadedFile("photo.png", PNG))

    assert error.value.message_dict[f"q_{question.pk}"] == [
        "Ce type de fichier n’est pas accepté : déposez un fichier PDF."
    ]
    assert not Answer.objects.filter(application=application).exists()


def test_a_file_whose_content_is_not_a_pdf_is_refused(draft):
    user, application, question = draft

    with pytest.raises(ValidationError) as error:
        save_file(user, application, question, SimpleUploadedFile("faux.pdf", b"MZ\x90\x00"))

    assert "ne correspond pas à son extension .pdf" in str(error.value)
    assert not Answer.objects.filter(application=application).exists()


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_stored(draft):
    user, application, question = draft
    big = PDF + b"0" * (5 * 1024 * 1024)

    with pytest.raises(ValidationError) as error:
        save_file(user, application, question, pdf_upload(content=big))

    assert error.value.message_dict[f"q_{question.pk}"] == [
        "Le fichier dépasse la taille maximale de 5 Mo."
    ]
    assert not Answer.objects.filter(application=application).exists()
    application.refresh_from_db()
    assert application.version == 1


def test_a_new_file_replaces_the_previous_one(draft, django_capture_on_commit_callbacks):
    user, application, question = draft
    save_file(user, application, question, pdf_upload("v1.pdf"))
    first = Answer.objects.get(application=application).file.name
    application.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        save_file(user, application, question, pdf_upload("v2.pdf"))

    answer = Answer.objects.get(application=application)
    assert answer.file_name == "v2.pdf"
    assert answer.file.name != first
    assert not answer.file.storage.exists(first)


def test_an_odt_is_accepted_where_the_question_asks_for_one(db):
    call = call_with_form()
    question = QuestionFactory(
        call=call, position=9, kind=QuestionKind.FILE, file_types=["odt"], max_length=None
    )
    user, initiative = leader_with_initiative()
    application = services.application_start(actor=user, call=call, initiative=initiative)

    save_file(user, application, question, SimpleUploadedFile("budget.odt", odt_bytes()))

    assert Answer.objects.get(question=question).file_name == "budget.odt"
