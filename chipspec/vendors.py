"""Vendors as data: one record per vendor, read from ``specs/vendors.yaml``.

Each vendor has its Chinese name, its country (ISO 3166 alpha-2 code), the web domains
of its own documents (what ``confidence: official`` may cite) and its colour in charts.
A folder of the user's own sheets may carry a ``vendors.yaml`` of its own; its vendors
are added to (or replace) the bundled ones. A chip whose vendor has no record still
loads: it has no country, and charts draw it grey.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "COUNTRIES",
    "MARKERS",
    "VENDOR_KEYS",
    "Vendor",
    "check_colour",
    "check_country",
    "check_marker",
    "url_domain",
]

VENDOR_KEYS: tuple[str, ...] = ("zh", "country", "domains", "colour", "marker")
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X", "<", ">", "p", "h", "*")
# Country names for the codes the catalog uses (others are shown as their code).
COUNTRIES: dict[str, tuple[str, str]] = {
    "CN": ("China", "中国"),
    "US": ("United States", "美国"),
    "KR": ("South Korea", "韩国"),
    "JP": ("Japan", "日本"),
    "GB": ("United Kingdom", "英国"),
    "CA": ("Canada", "加拿大"),
    "IL": ("Israel", "以色列"),
    "FR": ("France", "法国"),
    "DE": ("Germany", "德国"),
    "TW": ("Taiwan", "台湾"),
}
NEUTRAL_COLOUR = "#999999"
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_COUNTRY = re.compile(r"[A-Z]{2}")


def check_country(text: str) -> str | None:
    """A problem with a country code, or None."""
    return None if _COUNTRY.fullmatch(text) else f"expected a two-letter country code like 'CN', got {text!r}"


def check_marker(text: str) -> str | None:
    """A problem with a chart marker, or None."""
    return None if text in MARKERS else f"expected a marker, one of {' '.join(MARKERS)}, got {text!r}"


def check_colour(text: str) -> str | None:
    """A problem with a chart colour, or None."""
    return None if _COLOUR.fullmatch(text) else f"expected a colour like '#0072B2', got {text!r}"


@dataclass(frozen=True, slots=True)
class Vendor:
    """A vendor: its names, country, the domains of its own documents, its chart colour."""

    name: str
    zh: str | None = None
    country: str | None = None
    domains: tuple[str, ...] = ()
    colour: str = NEUTRAL_COLOUR
    marker: str = "o"

    def __reduce__(self) -> tuple[Any, ...]:
        # positional, through __init__: ten times faster to unpickle than a frozen
        # dataclass's state (the bundled catalog's cache holds thousands)
        return (Vendor, (self.name, self.zh, self.country, self.domains, self.colour, self.marker))

    def owns(self, url: str) -> bool:
        """Whether ``url`` is on one of the vendor's domains (or a subdomain of one)."""
        host = url_domain(url)
        return host is not None and any(host == d or host.endswith("." + d) for d in self.domains)

    def label(self, lang: str = "en") -> str:
        """The vendor's name in ``lang`` (its Chinese name for ``zh`` when it has one)."""
        return self.zh if lang == "zh" and self.zh else self.name


def url_domain(url: str) -> str | None:
    """The host of a url, lower-case, without a port (None if it has none)."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.lower() if host else None
