from passeurs.calls.views import applications, jury

app_name = "calls"
# Each views module lists its own routes: applications (calls, forms, drafts, submissions)
# and jury (reviewers, scores, ranking, laureates, accompaniment).
urlpatterns = [*applications.urls, *jury.urls]
