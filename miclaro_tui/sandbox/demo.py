"""The sandbox's demo customers, for the login screen and ``miclaro sandbox serve``.

Standard library only: the login screen imports this on the path to the first paint. The
descriptions are English gettext ids (N_-marked); the screen shows them through ``_()``.
"""

from __future__ import annotations

from dataclasses import dataclass

from miclaro_tui.i18n import N_


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    country: str
    description: str


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(
        "camila", "camila2026", "CO", N_("Colombia: 2 postpaid lines, 1 prepaid, a bill overdue")
    ),
    DemoUser(
        "joao", "joao2026", "BR", N_("Brazil: postpaid line (ICMS, PIS, COFINS), a bill overdue")
    ),
    DemoUser("lucia", "lucia2026", "PE", N_("Peru: postpaid line (IGV 18 %), a bill overdue")),
    DemoUser("andres", "andres2026", "EC", N_("Ecuador: prepaid line only (USD)")),
    DemoUser("rosa", "rosa2026", "DO", N_("Dominican Republic: prepaid line only (DOP)")),
)

# Seeded only with MICLARO_SANDBOX_LARGE=1 or `miclaro sandbox serve|reset --large`.
LARGE_USER = DemoUser(
    "empresa",
    "empresa2026",
    "CO",
    N_("Colombia: a business, 1,000 accounts and lines, 24,000 bills (--large)"),
)
