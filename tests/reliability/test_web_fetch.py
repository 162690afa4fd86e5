"""Case 2: the guarded fetch refuses loopback/private/link-local/multicast addresses (redirects
included). That the web app fetches nothing by default, and answers a refused address with one
generic error, is tested with the app in tests/web/test_app.py."""

from __future__ import annotations

import ipaddress

import pytest

from warclaims.ingest.url import FetchRefused, fetch_guarded, is_public_address
from web.support import page_server


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                                     "100.64.0.1", "0.0.0.0", "224.0.0.1", "239.255.255.250", "::1", "fe80::1",
                                     "fc00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1"])
def test_case2_internal_addresses_are_not_public(address):
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"])
def test_case2_public_addresses_are_public(address):
    assert is_public_address(ipaddress.ip_address(address))


def test_case2_redirect_to_a_refused_address_is_not_followed():
    first_only = ipaddress.ip_address("127.0.0.1")
    with page_server("127.0.0.2") as (inner, inner_hits), \
            page_server("127.0.0.1", redirect_to=inner + "/secret") as (outer, outer_hits):
        with pytest.raises(FetchRefused, match="refused address"):
            fetch_guarded(outer + "/start", allowed=lambda ip: ip == first_only)
        assert outer_hits == ["/start"] and inner_hits == [], "the redirect to a refused address was followed"
        # control: where both addresses are allowed, the same redirect is followed to the page
        fetched = fetch_guarded(outer + "/again", allowed=lambda ip: ip.is_loopback)
        assert b"SECRET" in fetched.body and inner_hits == ["/secret"] and fetched.url == inner + "/secret"


def test_case2_guarded_fetch_pins_the_checked_address_and_keeps_the_host_name():
    with page_server() as (url, hits):
        fetched = fetch_guarded(url.replace("127.0.0.1", "localhost") + "/p",
                                allowed=lambda ip: ip == ipaddress.ip_address("127.0.0.1") or ip.is_loopback)
    assert b"SECRET" in fetched.body and hits == ["/p"]
