from passeurs.calls.views import (
    accompaniment,
    applications,
    calls,
    decisions,
    grid,
    jury,
    reviews,
)

app_name = "calls"
# Each views module lists its own routes; none of their paths can match another's, but the
# order is kept from the page flow: the calls, their grid, applying, then the jury's work.
urlpatterns = [
    *calls.urls,
    *grid.urls,
    *applications.urls,
    *jury.urls,
    *reviews.urls,
    *decisions.urls,
    *accompaniment.urls,
]
