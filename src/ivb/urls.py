from django.urls import include, path

from ivb.api import api

urlpatterns = [
    path("api/", api.urls),
    path("", include("ivb.web.urls")),
]
