from django.urls import path

from xuncha.accounts import views

# The administrators' pages (xuncha.administration.urls) share this namespace: config/urls.py joins them.
app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("2fa/verify/", views.otp_verify, name="otp-verify"),
    path("2fa/enrol/", views.otp_enrol, name="otp-enrol"),
    path("2fa/recovery-codes/", views.recovery_codes_renew, name="recovery-codes"),
    path("security/", views.account_security, name="security"),
    path("password/", views.password_change_view, name="password-change"),
]
