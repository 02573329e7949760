from django.urls import path

from xuncha.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("2fa/verify/", views.otp_verify, name="otp-verify"),
    path("2fa/enrol/", views.otp_enrol, name="otp-enrol"),
    path("2fa/recovery-codes/", views.recovery_codes_renew, name="recovery-codes"),
    path("security/", views.account_security, name="security"),
    path("password/", views.password_change_view, name="password-change"),
    path("users/", views.user_list, name="user-list"),
    path("users/new/", views.user_create_view, name="user-create"),
    path("users/people/", views.person_search, name="person-search"),
    path("users/<int:pk>/toggle-active/", views.user_toggle_active, name="user-toggle-active"),
    path("users/<int:pk>/security/", views.user_security, name="user-security"),
    path("users/<int:pk>/reset-password/", views.user_password_reset_view, name="user-password-reset"),
    path("users/<int:pk>/reset-2fa/", views.user_otp_reset_view, name="user-otp-reset"),
    path("time-limits/", views.time_limits_list, name="time-limits-list"),
    path("time-limits/<int:pk>/", views.time_limits_edit, name="time-limits-edit"),
    path("time-limits/<int:pk>/reset/", views.time_limits_reset_view, name="time-limits-reset"),
    path("planning-rules/<int:pk>/", views.planning_rules_edit, name="planning-rules-edit"),
    path("roles/", views.role_list, name="role-list"),
    path("roles/new/", views.role_grant_view, name="role-grant"),
    path("roles/<int:pk>/revoke/", views.role_revoke_view, name="role-revoke"),
]
