"""Sending receipt text to the till's printer.

- a command (``lp -d NAME``, ``lpr -P NAME``, any program reading the text on its standard
  input), run without a shell;
- an ESC/POS printer through python-escpos (``pip install 'miclaro-tui[escpos]'``), named as
  ``network:HOST[:PORT]``, ``usb:VENDOR:PRODUCT`` (hexadecimal ids) or ``file:/dev/usb/lp0``;
- or none: the receipt is only shown on screen (and its PDF saved).
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Callable
from typing import Any, Protocol

from miclaro_tui.i18n import _

PRINT_TIMEOUT = 30.0
"""Seconds a print command may take before it is given up."""


class PrinterError(Exception):
    """The receipt did not print; ``str()`` is for the operator's screen."""


class Printer(Protocol):
    def print_text(self, text: str) -> None:
        """Print ``text`` (blocking: call it off the event loop). Raises PrinterError."""


class CommandPrinter:
    def __init__(self, command: str, run: Callable[..., Any] = subprocess.run) -> None:
        self.argv = shlex.split(command)
        if not self.argv:
            raise ValueError("empty printer command")
        self._run = run

    def print_text(self, text: str) -> None:
        name = self.argv[0]
        try:
            done = self._run(
                self.argv,
                input=text.encode("utf-8"),
                capture_output=True,
                timeout=PRINT_TIMEOUT,
                check=False,
            )
        except FileNotFoundError:
            raise PrinterError(
                _("The printer command {command} was not found.").format(command=name)
            ) from None
        except subprocess.TimeoutExpired:
            raise PrinterError(
                _("The printer command {command} did not finish.").format(command=name)
            ) from None
        except OSError as error:
            raise PrinterError(
                _("The printer command {command} failed: {reason}").format(
                    command=name, reason=error.strerror or error
                )
            ) from None
        if done.returncode != 0:
            said = (done.stderr or b"").decode("utf-8", "replace").strip().splitlines()
            raise PrinterError(
                _("The printer command {command} failed: {reason}").format(
                    command=name, reason=said[-1] if said else f"exit {done.returncode}"
                )
            )


class EscposPrinter:
    def __init__(self, spec: str, connect: Callable[[str], Any] | None = None) -> None:
        self.spec = spec
        self._connect = connect or _escpos_device

    def print_text(self, text: str) -> None:
        try:
            device = self._connect(self.spec)
            try:
                device.text(text)
                device.cut()
            finally:
                device.close()
        except PrinterError:
            raise
        except Exception as error:  # python-escpos raises many kinds (USB, socket, ...)
            raise PrinterError(
                _("The receipt printer {printer} failed: {reason}").format(
                    printer=self.spec, reason=error
                )
            ) from None


def _escpos_device(spec: str) -> Any:
    try:
        # An optional extra (miclaro-tui[escpos]) with no type hints, absent where mypy runs.
        from escpos import printer  # type: ignore[import-not-found]
    except ImportError:
        raise PrinterError(
            _("python-escpos is not installed: pip install 'miclaro-tui[escpos]'.")
        ) from None
    kind, _sep, where = spec.partition(":")
    if kind == "network":
        host, _sep, port = where.partition(":")
        return printer.Network(host, port=int(port or 9100))
    if kind == "usb":
        vendor, _sep, product = where.partition(":")
        return printer.Usb(int(vendor, 16), int(product, 16))
    if kind == "file":
        return printer.File(where)
    raise PrinterError(
        _(
            "Unknown ESC/POS printer {printer}: use network:HOST, usb:VENDOR:PRODUCT or file:PATH."
        ).format(printer=spec)
    )


def make_printer(command: str | None, escpos: str | None) -> Printer | None:
    """The printer the settings name (ESC/POS first), or None to print nowhere."""
    if escpos:
        return EscposPrinter(escpos)
    if command:
        return CommandPrinter(command)
    return None
