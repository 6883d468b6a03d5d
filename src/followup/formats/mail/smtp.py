"""Sending through the user's own SMTP server, with smtplib.

Every failure (no connection, a refused login, a refused recipient, a broken
TLS handshake) is a ``SendFailed`` of one line; nothing is retried, so the
caller logs a touch only for a message the server accepted. The password never
leaves this module: it is not stored, printed or put in an error.
"""

import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage

from followup.config import Smtp
from followup.errors import FollowupError
from followup.formats.mail import secrets

PASSWORD_VARIABLE = "FOLLOWUP_SMTP_PASSWORD"
TIMEOUT_SECONDS = 30


class SendFailed(FollowupError):
    """The server did not take the message: nothing was sent."""


def password(settings: Smtp, environ: Mapping[str, str]) -> str | None:
    """The password: ``FOLLOWUP_SMTP_PASSWORD``, else what ``password_command`` prints."""
    return secrets.password(
        PASSWORD_VARIABLE, settings.password_command, "smtp.password_command", environ, SendFailed
    )


def send(settings: Smtp, secret: str | None, mail: EmailMessage) -> None:
    """Hand ``mail`` to the server in ``settings``; SendFailed, one line, if it refuses."""
    where = f"{settings.host}:{settings.port}"
    context = ssl.create_default_context()
    try:
        if settings.security == "ssl":
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=TIMEOUT_SECONDS, context=context
            )
        else:
            server = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
        with server:
            if settings.security == "starttls":
                server.starttls(context=context)
            if settings.user:
                server.login(settings.user, secret or "")
            refused = server.send_message(mail)
    except smtplib.SMTPAuthenticationError as error:
        raise SendFailed(f"{where} refused the login of {settings.user}: {_said(error)}") from None
    except smtplib.SMTPRecipientsRefused as error:
        (code, said) = next(iter(error.recipients.values()))
        raise SendFailed(f"{where} refused {mail['To']}: {code} {_text(said)}") from None
    except smtplib.SMTPResponseException as error:
        raise SendFailed(f"{where} refused the message: {_said(error)}") from None
    except (TimeoutError, smtplib.SMTPException, ssl.SSLError, OSError) as error:
        raise SendFailed(f"cannot send through {where}: {error}") from None
    if refused:
        raise SendFailed(f"{where} refused {', '.join(refused)}")


def _said(error: smtplib.SMTPResponseException) -> str:
    return f"{error.smtp_code} {_text(error.smtp_error)}"


def _text(said: bytes | str) -> str:
    text = said.decode("utf-8", "replace") if isinstance(said, bytes) else said
    return " ".join(text.split())
