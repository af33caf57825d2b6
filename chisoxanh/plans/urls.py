from django.urls import path

from . import views

urlpatterns = [
    path("ke-hoach/", views.plan_list, name="plan-list"),
    path("ke-hoach/tao-moi/", views.plan_create, name="plan-create"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("ke-hoach/<int:pk>/sua/", views.plan_edit, name="plan-edit"),
    path("ke-hoach/<int:plan_pk>/nhiem-vu/them/", views.task_create, name="task-create"),
    path("nhiem-vu/", views.task_list, name="task-list"),
    path("nhiem-vu/<int:pk>/sua/", views.task_edit, name="task-edit"),
]
