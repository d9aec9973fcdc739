"""The demo's email backend: each email printed readably in the `make run` terminal.

Django's console backend prints the encoded MIME message: quoted-printable
breaks long links across lines ("=\\n") and escapes accented names, so a link
in an invitation cannot be copied. This one prints the headers a person reads
and the text part as written, with links whole. Development only: production
sends by SMTP (config/settings.py).
"""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.console import EmailBackend

RULE = "=" * 72


class ReadableConsoleBackend(EmailBackend):
    def write_message(self, message: Any) -> None:
        self.stream.write(readable(message))


def readable(message: EmailMessage) -> str:
    """An email as a person reads it: who, what, the text, and what is attached."""
    lines = [
        RULE,
        f"Email to: {', '.join(message.to)}",
        f"From: {message.from_email}",
        f"Subject: {message.subject}",
        "",
        str(message.body).rstrip(),
        "",
    ]
    if isinstance(message, EmailMultiAlternatives) and message.alternatives:
        kinds = ", ".join(alternative[1] for alternative in message.alternatives)
        lines.append(f"(Also sent as: {kinds})")
    for attachment in message.attachments:
        if isinstance(attachment, tuple):
            lines.append(f"Attached: {attachment[0]} ({attachment[2]})")
        else:
            lines.append(f"Attached: {attachment.get_filename()} ({attachment.get_content_type()})")
    lines.append(RULE)
    return "\n".join(lines) + "\n"
