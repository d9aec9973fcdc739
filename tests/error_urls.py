"""The real URLs plus one view that fails, to see what a person gets when we break."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as real_urlpatterns


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internals: zyxw-traceback-canary")


urlpatterns = [*real_urlpatterns, path("test-broken/", broken, name="test_broken")]
