"""A stream's state as a left fold, continued from where this process last folded it.

A hot stream (streams' environment: every input and output of a c_env) grows with every write, and
folding it whole for each of them makes a thousand writes cost a million folded events. Events are
never changed once committed, so the state of a committed prefix stays true: a unit of work keeps the
newest state it folded of each stream with its version, and the next load reads only what came after.

Only committed prefixes are kept. A load inside a transaction that already appended to the stream
sees its own uncommitted events, which a rollback would take back: such a state is used, never kept.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import reduce
from typing import Any, Generic, TypeVar

S = TypeVar("S")
E = TypeVar("E")
MAX_STREAMS = 1024


@dataclass(frozen=True, eq=False)  # known by identity: two foldings of one stream keep two states
class Folding(Generic[S, E]):
    """``initial`` and ``evolve`` must be pure: a kept state is shared by every later unit. ``whole``, if given,
    folds a whole history the same way, faster (``evolve`` copies a state's maps for each event)."""

    initial: S
    evolve: Callable[[S, E], S]
    whole: Callable[[Iterable[E]], S] | None = None

    def __call__(self, events: Iterable[E]) -> S:
        return self.whole(events) if self.whole else reduce(self.evolve, events, self.initial)

    def evolve_all(self, state: S, events: Iterable[E]) -> S:
        return reduce(self.evolve, events, state)

    def over(self, decode: Callable[[Any], E]) -> Folding[S, Any]:
        """The same fold over stored events, decoded one by one (the same folding each time it is asked)."""
        cached = _decoded.get((self, decode))
        if cached is None:
            evolve, whole = self.evolve, self.whole
            cached = _decoded[(self, decode)] = Folding(
                self.initial,
                lambda state, stored: evolve(state, decode(stored)),
                (lambda stored: whole(map(decode, stored))) if whole else None,
            )
        return cached


_decoded: dict[tuple[Folding[Any, Any], Callable[[Any], Any]], Folding[Any, Any]] = {}


class FoldedStates:
    """The newest committed state folded of each stream, per folding; the least recently used are forgotten."""

    def __init__(self, max_streams: int = MAX_STREAMS) -> None:
        self.max_streams = max_streams
        self._states: OrderedDict[tuple[str, Folding[Any, Any]], tuple[int, Any]] = OrderedDict()

    def get(self, stream_id: str, folding: Folding[S, Any]) -> tuple[int, S]:
        key = (stream_id, folding)
        kept = self._states.get(key)
        if kept is None:
            return 0, folding.initial
        self._states.move_to_end(key)
        return kept

    def keep(self, stream_id: str, folding: Folding[S, Any], version: int, state: S) -> None:
        key = (stream_id, folding)
        if version <= self._states.get(key, (0, None))[0]:
            return  # a unit that loaded earlier finished later: the newer state stays
        self._states[key] = (version, state)
        self._states.move_to_end(key)
        if len(self._states) > self.max_streams:
            self._states.popitem(last=False)
