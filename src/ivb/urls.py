from django.urls import include, path

urlpatterns = [
    path("", include("ivb.web.urls")),
]
