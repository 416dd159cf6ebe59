"""Share links: plain links to each network's own share page, no scripts or widgets."""

from __future__ import annotations

from urllib.parse import quote, urlencode


def share_links(url: str, title: str) -> list[tuple[str, str]]:
    """(network, link) pairs for an article at ``url`` headlined ``title``."""
    return [
        ("X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?u=" + quote(url, "")),
        (
            "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?url=" + quote(url, ""),
        ),
        ("WhatsApp", "https://wa.me/?text=" + quote(f"{title} {url}", "")),
        ("Email", f"mailto:?subject={quote(title, '')}&body={quote(url, '')}"),
    ]
