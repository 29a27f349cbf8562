"""The sandbox's demo customers, for the login screen and ``miclaro sandbox serve``.

Standard library only: the login screen imports this on the path to the first paint.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    country: str
    description: str


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("camila", "camila2026", "CO", "Colombia: 2 postpaid lines, 1 prepaid, a bill overdue"),
    DemoUser("joao", "joao2026", "BR", "Brazil: postpaid line (ICMS, PIS, COFINS), a bill overdue"),
    DemoUser("lucia", "lucia2026", "PE", "Peru: postpaid line (IGV 18 %), a bill overdue"),
    DemoUser("andres", "andres2026", "EC", "Ecuador: prepaid line only (USD)"),
    DemoUser("rosa", "rosa2026", "DO", "Dominican Republic: prepaid line only (DOP)"),
)
