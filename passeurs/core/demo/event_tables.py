"""Demo tables and solutions of the past "connexions innovantes" day (autonomy of the elderly).

Loaded through the events services: six tables of eight, everybody seated by the solver, then
eight ideas and solutions with their follow-up, some linked to the demo's initiatives and
regulatory blockers (found by title; a link whose row is missing is left out).

Idempotent: an event that already has tables is not seated again, and an output found by its
title is left as it is.
"""

import datetime

from django.db import transaction

from passeurs.blockers.models import Blocker
from passeurs.core.notify import notifications_paused
from passeurs.directory.models import Initiative
from passeurs.events.models import Event, FollowUpState, Output, OutputKind, WorkshopTable
from passeurs.events.services import outputs as output_services
from passeurs.events.services import tables as table_services

TABLES = 6
SEATS = 8

# (table, kind, title, description, owner (first, last), next step, due in days after the
# day, follow-up, initiative titles, blocker titles)
OUTPUTS = [
    (
        1,
        OutputKind.SOLUTION,
        "Un registre partagé des aînés isolés entre mairies et associations de visite",
        "Le registre des personnes vulnérables tenu par la mairie ne sert qu’en cas de canicule. "
        "La table propose une convention type qui permet aux associations de visite agréées "
        "d’y repérer, avec l’accord des personnes, les aînés qui n’ont plus de visite.",
        ("Anne", "Lefort"),
        "Rédiger avec la CNIL un modèle de convention entre CCAS et associations de visite",
        45,
        FollowUpState.IN_PROGRESS,
        ["Visites de convivialité pour les aînés isolés"],
        ["Les associations de visite n’ont pas accès au registre des personnes vulnérables"],
    ),
    (
        1,
        OutputKind.IDEA,
        "Former les aides à domicile au repérage de la fragilité",
        "Les aides à domicile voient les aînés chaque semaine : une grille simple de repérage "
        "(chutes, dénutrition, isolement) et un interlocuteur à prévenir au département.",
        ("Agnès", "Colin"),
        "Tester la grille avec deux services d’aide à domicile de la Gironde",
        90,
        FollowUpState.OPEN,
        [],
        [],
    ),
    (
        2,
        OutputKind.SOLUTION,
        "Rembourser les aides techniques reconditionnées",
        "Un fauteuil roulant reconditionné et garanti coûte trois fois moins qu’un neuf. "
        "La table chiffre l’économie pour l’Assurance maladie et propose une inscription des "
        "aides reconditionnées sur la liste des produits remboursables.",
        ("Bruno", "Fournier"),
        "Présenter l’étude de coûts à la CNSA et à la direction de la sécurité sociale",
        60,
        FollowUpState.IN_PROGRESS,
        [
            "Fauteuils roulants et aides techniques reconditionnés",
            "Location solidaire d’aides techniques",
        ],
        ["Le matériel médical reconditionné n’est pas remboursé par l’Assurance maladie"],
    ),
    (
        3,
        OutputKind.SOLUTION,
        "Cohabiter entre générations sans perdre son aide au logement",
        "La contrepartie modeste qu’un jeune verse au senior qui l’héberge fait baisser son "
        "aide au logement. Proposition : ne pas la compter dans le calcul, sous convention "
        "de cohabitation intergénérationnelle solidaire.",
        ("Nathalie", "Garcia"),
        "Saisir la direction de l’habitat d’une neutralisation de la contrepartie",
        30,
        FollowUpState.DONE,
        [
            "Cohabitation intergénérationnelle solidaire en Bretagne",
            "Colocations seniors – jeunes actifs en zone rurale",
        ],
        ["La cohabitation intergénérationnelle fait perdre au jeune son aide au logement"],
    ),
    (
        4,
        OutputKind.SOLUTION,
        "Un transport solidaire mutualisé entre communes rurales",
        "Chauffeurs bénévoles, véhicules des CCAS et réservation par téléphone partagés à "
        "l’échelle de la communauté de communes, pour les rendez-vous médicaux et les courses.",
        ("Pascal", "Aubert"),
        "Recenser les chauffeurs bénévoles et les véhicules de trois communautés de communes",
        60,
        FollowUpState.IN_PROGRESS,
        ["Transport solidaire pour les aînés des villages de Corse-du-Sud"],
        [],
    ),
    (
        5,
        OutputKind.IDEA,
        "Un guichet unique de l’autonomie à domicile",
        "Un numéro et une personne pour les aînés et leurs aidants, au lieu de cinq portes "
        "d’entrée : CLIC, CCAS, caisses de retraite, département et maisons France services.",
        ("Éric", "Bonnet"),
        "Cartographier les points d’entrée existants dans la Métropole de Lyon",
        90,
        FollowUpState.OPEN,
        [],
        [],
    ),
    (
        6,
        OutputKind.SOLUTION,
        "Des paniers de producteurs livrés avec une visite",
        "La livraison hebdomadaire de paniers de producteurs locaux devient l’occasion d’une "
        "visite de convivialité, financée pour moitié par la conférence des financeurs.",
        ("Hugo", "Simonet"),
        "Monter le dossier pour l’appel à projets de la conférence des financeurs",
        75,
        FollowUpState.OPEN,
        ["Paniers de producteurs pour les EHPAD ruraux"],
        [],
    ),
    (
        6,
        OutputKind.IDEA,
        "Des capteurs d’activité à domicile pour prévenir les chutes",
        "Des capteurs discrets qui préviennent un proche quand la journée ne ressemble pas aux "
        "autres. Abandonnée par la table : les aînés interrogés n’en voulaient pas chez eux.",
        ("Inès", "Haddad"),
        "",
        0,
        FollowUpState.DROPPED,
        [],
        [],
    ),
]


def _owner(event: Event, name: tuple[str, str], fallback):
    first, last = name
    found = output_services.owner_choices(event).filter(first_name=first, last_name=last).first()
    return found or fallback


def load_event_tables(event: Event, tally=None) -> None:
    """Seat the day's participants and record its solutions (see the module docstring)."""
    actor = event.organisers.order_by("pk").first()
    if actor is None:
        return
    with transaction.atomic(), notifications_paused():
        if not WorkshopTable.objects.filter(event=event).exists():
            table_services.tables_setup(actor=actor, event=event, count=TABLES, size=SEATS)
            table_services.tables_seat(actor=actor, event=event, seed=0)
        tables = {t.number: t for t in WorkshopTable.objects.filter(event=event)}
        existing = set(Output.objects.filter(event=event).values_list("title", flat=True))
        day = event.ends_at.date()
        for spec in OUTPUTS:
            number, kind, title, description, owner, step, days, state, initiatives, blockers = spec
            if title in existing:
                if tally is not None:
                    tally.existing += 1
                continue
            output_services.output_create(
                actor=actor,
                event=event,
                table=tables.get(number) or tables.get(1 + (number - 1) % max(len(tables), 1)),
                kind=kind,
                title=title,
                description=description,
                initiatives=list(Initiative.objects.filter(title__in=initiatives)),
                blockers=list(Blocker.objects.filter(title__in=blockers)),
                owner=_owner(event, owner, actor),
                next_step=step,
                due_on=day + datetime.timedelta(days=days) if step else None,
                follow_up=state,
            )
            if tally is not None:
                tally.created += 1
