"""Share links: plain links to each network's own share page, no scripts or widgets."""

from __future__ import annotations

from urllib.parse import quote, urlencode


def share_links(url: str, title: str) -> list[tuple[str, str]]:
    """(network, link) pairs for an article at ``url`` headlined ``title``."""
    link, text = quote(url, ""), quote(title, "")  # each quoted once, used four times
    return [
        ("X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?u=" + link),
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url=" + link),
        ("WhatsApp", f"https://wa.me/?text={text}%20{link}"),
        ("Email", f"mailto:?subject={text}&body={link}"),
    ]
