"""The 'openai' backend: any OpenAI-compatible chat-completions endpoint rewrites.

One POST to ``{OPENAI_BASE_URL}/chat/completions`` (model ``OPENAI_MODEL``, a Bearer
``OPENAI_API_KEY`` when set) with the source copy and the default draft; the model is
asked for JSON with "headline" and "standfirst". httpx does the HTTP. The endpoint is
configured by the operator, often a model server on loopback, so the SSRF guard used
for agency feeds does not apply; the answer is still bounded in time
(``OPENAI_TIMEOUT`` for the whole exchange) and in size. Every failure raises
``BackendFailure`` with the reason; the caller keeps the default draft.
"""

from __future__ import annotations

import json
import re
import time

import httpx
from django.conf import settings

from wiredesk.drafting import headline as headline_rules
from wiredesk.drafting.backends import BackendFailure, DraftRequest, DraftText

# A headline and a paragraph in JSON take a few kilobytes; anything near this is not
# an answer to our question.
MAX_RESPONSE_BYTES = 256 * 1024
# Source copy sent to the model, in characters: several agency items, and within the
# context of small local models.
MAX_SOURCE_CHARS = 12_000

SYSTEM_PROMPT = (
    "You are a sub-editor on a news desk. You rewrite an agency story's headline "
    "and standfirst (the one-paragraph summary shown under the headline). Use only "
    "facts stated in the source text: every number, name, organisation and place "
    "you write must appear in the source exactly as there. Add no opinion, no "
    "speculation and no agency names or datelines. Answer with one JSON object "
    'and nothing else: {"headline": "...", "standfirst": "..."}'
)

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL | re.IGNORECASE)
_THINKING = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)


def user_prompt(request: DraftRequest) -> str:
    """The request: limits, the source items and the current draft to improve on."""
    sources, room = [], MAX_SOURCE_CHARS
    for number, text in enumerate(request.sources, 1):
        if room <= 0:
            break
        piece = text[:room]
        room -= len(piece)
        sources.append(f"--- Source item {number} ---\n{piece}")
    return (
        f"Write a headline of at most {headline_rules.MAX_LENGTH} characters in "
        "sentence case, and a standfirst of one paragraph of at most "
        f"{request.max_words} words in whole sentences.\n\n"
        + "\n\n".join(sources)
        + "\n\n--- Current draft ---\n"
        f"Headline: {request.default.headline}\n"
        f"Standfirst: {request.default.standfirst}\n\n"
        'Reply with JSON only: {"headline": "...", "standfirst": "..."}'
    )


def parse_reply(content: str) -> DraftText:
    """The headline and standfirst in a model's reply: plain JSON, JSON in a code
    fence, or JSON with words around it; a reasoning model's <think> part is
    ignored. Raises ``BackendFailure`` naming what was wrong."""
    text = _THINKING.sub("", content).strip()
    fenced = _FENCE.search(text)
    if fenced:
        text = fenced.group(1).strip()
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise BackendFailure(f"no JSON object in the reply: {content[:80]!r}")
    try:
        data = json.loads(text[start : end + 1])
    except json.JSONDecodeError as exc:
        raise BackendFailure(f"invalid JSON in the reply ({exc.msg})") from None
    if not isinstance(data, dict):
        raise BackendFailure("the reply's JSON is not an object")
    values = {}
    for key in ("headline", "standfirst"):
        value = data.get(key)
        if not isinstance(value, str):
            raise BackendFailure(f'the reply has no "{key}" text')
        values[key] = " ".join(value.split())
    return DraftText(**values)


class OpenAICompatibleBackend:
    """Rewrites through ``POST {OPENAI_BASE_URL}/chat/completions``."""

    name = "openai"
    trusted = False

    def rewrite(self, request: DraftRequest) -> DraftText:
        base = (settings.OPENAI_BASE_URL or "").rstrip("/")
        model = settings.OPENAI_MODEL or ""
        if not base:
            raise BackendFailure("OPENAI_BASE_URL is not set")
        if not model:
            raise BackendFailure("OPENAI_MODEL is not set")
        body = {
            "model": model,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": user_prompt(request)},
            ],
            "temperature": 0,
            "stream": False,
        }
        headers = {"Accept": "application/json"}
        if settings.OPENAI_API_KEY:
            headers["Authorization"] = f"Bearer {settings.OPENAI_API_KEY}"
        answer = self._post(f"{base}/chat/completions", body, headers)
        return parse_reply(self._content(answer))

    def _post(self, url: str, body: dict, headers: dict[str, str]) -> bytes:
        """The response body, within the timeout and the size limit."""
        timeout = float(settings.OPENAI_TIMEOUT or 20)
        deadline = time.monotonic() + timeout
        try:
            with (
                httpx.Client(timeout=timeout, follow_redirects=False) as client,
                client.stream("POST", url, json=body, headers=headers) as response,
            ):
                if response.status_code != 200:
                    raise BackendFailure(f"HTTP {response.status_code} from {url}")
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
                    raise BackendFailure(f"response of {declared} bytes is too large")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_RESPONSE_BYTES:
                        raise BackendFailure(
                            f"response over {MAX_RESPONSE_BYTES} bytes from {url}"
                        )
                    if time.monotonic() > deadline:
                        raise BackendFailure(f"timed out after {timeout:g} s ({url})")
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.TimeoutException:
            raise BackendFailure(f"timed out after {timeout:g} s ({url})") from None
        except httpx.HTTPError as exc:
            raise BackendFailure(
                f"HTTP error from {url}: {type(exc).__name__}: {exc}"
            ) from None

    @staticmethod
    def _content(raw: bytes) -> str:
        """The assistant message of a chat-completions response."""
        try:
            answer = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise BackendFailure("invalid JSON in the response") from None
        try:
            content = answer["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise BackendFailure(
                "no choices[0].message.content in the response"
            ) from None
        if not isinstance(content, str) or not content.strip():
            raise BackendFailure("the model's reply is empty")
        return content
