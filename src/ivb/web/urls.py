from django.contrib.auth import views as auth_views
from django.urls import path

from ivb.register import views as register_views
from ivb.report import views as report_views
from ivb.web import converters  # noqa: F401  (registers <year:…> and <id:…>)
from ivb.web import account_views, download_views, peer_views, plan_views, source_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", account_views.own_account, name="own_account"),
    path("account/wachtwoord/", account_views.PasswordChange.as_view(), name="password_change"),
    path("gemeente/<str:code>/", views.dashboard, name="municipality"),
    path("gemeente/<str:code>/<year:year>/", views.dashboard, name="dashboard"),
    path("gemeente/<str:code>/<year:year>/indicator/<str:key>/", views.indicator, name="indicator"),
    path("gemeente/<str:code>/reeksen/<id:pk>/", views.series, name="series"),
    path("gemeente/<str:code>/beleid/", views.policy, name="policy"),
    path("gemeente/<str:code>/beleid/nieuwe-versie/", views.policy_upload, name="policy_upload"),
    path("gemeente/<str:code>/cijfers/nieuw/", views.observation_new, name="observation_new"),
    path("gemeente/<str:code>/cijfers/<id:pk>/corrigeren/", views.observation_correct, name="observation_correct"),
    path("gemeente/<str:code>/cijfers/<id:pk>/intrekken/", views.observation_withdraw, name="observation_withdraw"),
    path("gemeente/<str:code>/cijfers/sjabloon.xlsx", views.observations_template, name="observations_template"),
    path("gemeente/<str:code>/cijfers/importeren/", views.observations_upload, name="observations_upload"),
    path("gemeente/<str:code>/bronnen/", source_views.sources, name="sources"),
    path("gemeente/<str:code>/jaarplan/", plan_views.plan_current, name="plan_current"),
    path("gemeente/<str:code>/jaarplan/<year:year>/", plan_views.plan, name="plan"),
    path("gemeente/<str:code>/jaarplan/<year:year>/nieuw/", plan_views.action_new, name="action_new"),
    path("gemeente/<str:code>/jaarplan/<year:year>/vaststellen/", plan_views.plan_adopt, name="plan_adopt"),
    path("gemeente/<str:code>/acties/<id:pk>/", plan_views.action_detail, name="action"),
    path("gemeente/<str:code>/acties/<id:pk>/bewerken/", plan_views.action_edit, name="action_edit"),
    path("gemeente/<str:code>/gebruikers/", account_views.members, name="members"),
    path("gemeente/<str:code>/vergelijking/", peer_views.peers, name="peers"),
    path("gemeente/<str:code>/signalen/nieuw/", register_views.signal_new, name="signal_new"),
    path("gemeente/<str:code>/signalen/mijn/", register_views.my_signals, name="my_signals"),
    path("gemeente/<str:code>/register/", register_views.inbox, name="register_inbox"),
    path("gemeente/<str:code>/register/signalen/<id:pk>/", register_views.signal_detail, name="register_signal"),
    path("gemeente/<str:code>/register/casussen/<id:pk>/", register_views.case_detail, name="register_case"),
    path("gemeente/<str:code>/register/audit/", register_views.audit_trail, name="register_audit"),
    path("gemeente/<str:code>/register/bijlagen/<id:pk>/", register_views.attachment, name="register_attachment"),
    path("gemeente/<str:code>/register/bevestigen/", register_views.reauthenticate, name="register_reauth"),
    path("gemeente/<str:code>/register/zoeken/", register_views.search_page, name="register_search"),
    path("gemeente/<str:code>/register/export.csv", register_views.export, name="register_export"),
    path("gemeente/<str:code>/rapport/", report_views.report_current, name="report_current"),
    path("gemeente/<str:code>/rapport/<year:year>/", report_views.report, name="report"),
    path("gemeente/<str:code>/rapport/<year:year>/<str:fmt>/", report_views.download, name="report_download"),
    # Downloads of the tables (CSV or XLSX) and of a refused upload's problem list
    path("gemeente/<str:code>/<year:year>/download/<str:table>.<str:fmt>", download_views.dashboard_table,
         name="dashboard_download"),
    path("gemeente/<str:code>/<year:year>/indicator/<str:key>/download.<str:fmt>", download_views.indicator_table,
         name="indicator_download"),
    path("gemeente/<str:code>/vergelijking/download.<str:fmt>", download_views.peers_table, name="peers_download"),
    path("gemeente/<str:code>/bronnen/download.<str:fmt>", download_views.sources_table, name="sources_download"),
    path("gemeente/<str:code>/jaarplan/<year:year>/download.<str:fmt>", download_views.plan_table,
         name="plan_download"),
    path("gemeente/<str:code>/cijfers/importeren/problemen/<str:token>.csv", download_views.upload_problems,
         name="upload_problems"),
]
