"""The base of every API view: key authentication, the scope check, the key's rate limit, no caching."""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers, patch_vary_headers
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from api.access import ApiKeyAuthentication, HasScope, KeyRateThrottle


class ApiView(APIView):
    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasScope]
    throttle_classes = [KeyRateThrottle]
    parser_classes = [JSONParser]
    renderer_classes = [JSONRenderer]
    required_scope = ""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        add_never_cache_headers(response)  # personal data: never kept by a proxy or a client cache
        patch_vary_headers(response, ["Accept", "Accept-Language", "Authorization"])
        return response
