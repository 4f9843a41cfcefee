from __future__ import annotations

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from integra import views
from network import views as network_views

handler404 = "integra.views.not_found"
handler403 = "integra.views.forbidden"
handler500 = "integra.views.server_error"

admin.site.site_header = "Integra"

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", include("api.urls")),
    path("bench/bare/", views.bare, name="bare"),
]

urlpatterns += i18n_patterns(
    path("", network_views.home, name="home"),
    path("", include("network.urls")),
    path("library/", include("library.urls")),
    path("audit/", include("audit.urls")),
    path("surveys/", include("surveys.urls")),
    path("agenda/", include("agenda.urls")),
    path("events/", include("participation.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
