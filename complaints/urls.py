"""Complaint pages: the citizen's under /cabinet/complaints/, the reviewers' under /complaints/.

URLs carry the complaint's UUID, never its number or anything personal.
"""

from django.urls import path

from complaints.views import citizen, reviewer

app_name = "complaints"

urlpatterns = [
    # The citizen (cabinet session).
    path("cabinet/complaints/", citizen.complaint_list, name="list"),
    path("cabinet/complaints/new/", citizen.complaint_new, name="new"),
    path("cabinet/complaints/<uuid:pk>/", citizen.complaint_detail, name="detail"),
    path("cabinet/complaints/<uuid:pk>/files/<uuid:attachment_pk>/", citizen.attachment, name="attachment"),
    # Reviewers (staff accounts in a reviewer group).
    path("complaints/queue/", reviewer.queue, name="queue"),
    path("complaints/<uuid:pk>/", reviewer.detail, name="review"),
    path("complaints/<uuid:pk>/assign/", reviewer.assign, name="assign"),
    path("complaints/<uuid:pk>/decide/", reviewer.decide, name="decide"),
    path("complaints/<uuid:pk>/forward/", reviewer.forward, name="forward"),
    path("complaints/<uuid:pk>/files/<uuid:attachment_pk>/", reviewer.attachment, name="review_attachment"),
    path("complaints/<uuid:pk>/case.pdf", reviewer.case_pdf, name="case_pdf"),
]
