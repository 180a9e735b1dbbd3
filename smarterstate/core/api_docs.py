"""The OpenAPI schema and interactive docs: public, as they hold no data."""

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from smarterstate.authz import Level
from smarterstate.authz.api import AllowAny


class SchemaView(SpectacularAPIView):
    authz_level = Level.PUBLIC
    permission_classes = [AllowAny]
    authentication_classes = []


class DocsView(SpectacularSwaggerView):
    authz_level = Level.PUBLIC
    permission_classes = [AllowAny]
    authentication_classes = []
