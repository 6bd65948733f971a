from django.urls import include, path

from ivb.api import api

urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("ivb.web.urls")),
]

handler400 = "ivb.params.bad_request"
handler404 = "ivb.api.not_found_anywhere"
