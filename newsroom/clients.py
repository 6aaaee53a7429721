"""The client's network address: one rule for every part that tells readers apart,
the sign-up rate limit (django-ratelimit's `RATELIMIT_IP_META_KEY` points here) and
view counting alike."""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """`REMOTE_ADDR`, or the address a trusted proxy put in `CLIENT_IP_HEADER`.

    Each proxy of ours appends the address it saw to the header, so with
    `CLIENT_IP_HEADER = "X-Forwarded-For"` and `TRUSTED_PROXY_COUNT = 1` the last
    address is used: the one our own proxy wrote, which a client cannot forge (what
    the client sent comes before it). A header too short or holding no address there
    (a request that bypassed the proxy, or a misconfiguration) falls back to
    `REMOTE_ADDR`.
    """
    header = settings.CLIENT_IP_HEADER
    if header:
        meta_name = "HTTP_" + header.upper().replace("-", "_")
        hops = [hop.strip() for hop in request.META.get(meta_name, "").split(",") if hop.strip()]
        if len(hops) >= settings.TRUSTED_PROXY_COUNT:
            hop = hops[-settings.TRUSTED_PROXY_COUNT]
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR", "")
