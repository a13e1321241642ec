"""R9: the feed of service-stage events for the public-services monitoring system, cursor-paginated.

A cursor (not a page number) keeps the feed stable while new events arrive: the next page starts after
the last event seen. Events carry the request's UUID and the stage — no personal data.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.pagination import CursorPagination

from api.models import Scope
from api.schema import problems
from api.serializers import StageEventSerializer
from insurance.models import ServiceStageEvent

from .base import ApiView


class EventCursor(CursorPagination):
    ordering = "id"
    page_size = 100
    page_size_query_param = "limit"
    max_page_size = 500


class StageEventListView(ApiView, ListAPIView):
    required_scope = Scope.MONITORING_READ
    serializer_class = StageEventSerializer
    pagination_class = EventCursor
    queryset = ServiceStageEvent.objects.all()

    @extend_schema(
        operation_id="monitoring_events",
        summary="Service-stage events, oldest first (cursor pagination: follow `next`)",
        responses={200: StageEventSerializer(many=True), **problems(400, 404)},
        tags=["monitoring"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
