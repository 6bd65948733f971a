from django.contrib.auth import views as auth_views
from django.urls import path

from ivb.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("gemeente/<str:code>/", views.dashboard, name="municipality"),
    path("gemeente/<str:code>/<int:year>/", views.dashboard, name="dashboard"),
    path("gemeente/<str:code>/<int:year>/indicator/<str:key>/", views.indicator, name="indicator"),
    path("gemeente/<str:code>/beleid/", views.policy, name="policy"),
]
