"""Requests run at once, failing as the first one that fails."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, TypeVar

T = TypeVar("T")


async def together(*steps: Awaitable[Any]) -> list[Any]:
    """Run requests at once; the first failure cancels the others and is raised as itself."""
    tasks: list[asyncio.Task[Any]] = []
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(_awaited(step)) for step in steps]
    except BaseExceptionGroup as failures:
        raise failures.exceptions[0] from None
    return [task.result() for task in tasks]


async def _awaited(step: Awaitable[T]) -> T:
    return await step
