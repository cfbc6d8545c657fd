from django.shortcuts import render

from passeurs.blockers import selectors as blocker_selectors
from passeurs.directory import selectors as directory_selectors


def home(request):
    return render(
        request,
        "core/home.html",
        {
            "counts": {
                **directory_selectors.directory_counts(),
                **blocker_selectors.blocker_counts(),
            },
            "latest_initiatives": directory_selectors.initiative_list_latest(user=request.user),
        },
    )


def accessibility(request):
    return render(request, "core/accessibility.html")
