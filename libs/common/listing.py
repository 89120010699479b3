"""List queries in the Pexip style (P01–P04): pagination, filters with match specifiers, ordering, schema.

Every filter and ordering names a declared field; everything becomes parameterised SQL, with
column expressions taken only from the declarations, never from the request. A declared relation's
fields filter as ``<relation>__<field>[__<spec>]`` (e.g. ``media_streams__tx_packet_loss__gte``): a row
matches when some related row does.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urlencode

import asyncpg

from common.http.problems import FieldError, Problem, bad_request

FieldType = Literal["string", "integer", "float", "boolean", "datetime", "uuid"]
STRING_SPECS = (
    "exact",
    "iexact",
    "contains",
    "icontains",
    "startswith",
    "istartswith",
    "endswith",
    "iendswith",
    "regex",
    "iregex",
    "lt",
    "lte",
    "gt",
    "gte",
)
ORDERED_SPECS = ("exact", "lt", "lte", "gt", "gte")
SPECS_BY_TYPE: dict[FieldType, tuple[str, ...]] = {
    "string": STRING_SPECS,
    "integer": ORDERED_SPECS,
    "float": ORDERED_SPECS,
    "datetime": ORDERED_SPECS,
    "boolean": ("exact",),
    "uuid": ("exact",),
}
RESERVED = frozenset({"limit", "offset", "order_by", "format"})
_SQL = {
    "exact": "{c} = {p}",
    "iexact": "lower({c}) = lower({p})",
    "contains": "strpos({c}, {p}) > 0",
    "icontains": "strpos(lower({c}), lower({p})) > 0",
    "startswith": "starts_with({c}, {p})",
    "istartswith": "starts_with(lower({c}), lower({p}))",
    "endswith": "right({c}, length({p})) = {p}",
    "iendswith": "right(lower({c}), length({p})) = lower({p})",
    "regex": "{c} ~ {p}",
    "iregex": "{c} ~* {p}",
    "lt": "{c} < {p}",
    "lte": "{c} <= {p}",
    "gt": "{c} > {p}",
    "gte": "{c} >= {p}",
}
_PG_TYPE: dict[FieldType, str] = {
    "string": "text",
    "integer": "bigint",
    "float": "double precision",
    "boolean": "boolean",
    "datetime": "timestamptz",
    "uuid": "uuid",
}


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType = "string"
    column: str | None = None
    filterable: bool = True
    orderable: bool = True
    nullable: bool = False
    help: str = ""
    max_length: int | None = None

    @property
    def sql(self) -> str:
        return self.column or self.name


@dataclass(frozen=True)
class Relation:
    """Rows of ``source`` (trusted, seen as ``name``) related to a listed row by ``join`` (trusted SQL naming both,
    the listed source by its alias); ``fields`` are their filterable columns."""

    name: str
    source: str
    join: str
    fields: Sequence[Field]


@dataclass(frozen=True)
class Tally:
    """A trusted FROM clause whose ``lines`` column counts the listed source's rows that share its other columns'
    values: the total is summed from it when the request filters on ``fields`` alone. The caller's own scoping must
    name only columns it has."""

    source: str
    fields: frozenset[str]


@dataclass(frozen=True)
class ListSpec:
    """``source`` is a trusted FROM clause; ``key`` breaks ordering ties so pages are stable; ``tally``, if any,
    gives the total of a long list without counting its rows."""

    source: str
    fields: Sequence[Field]
    key: str = "id"
    default_order: str = "id"
    default_limit: int = 20
    max_limit: int = 500
    relations: Sequence[Relation] = ()
    tally: Tally | None = None
    by_name: Mapping[str, Field] = field(init=False, repr=False)
    related: Mapping[str, tuple[Relation, Field]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})
        object.__setattr__(self, "related", {f"{r.name}__{f.name}": (r, f) for r in self.relations for f in r.fields})


@dataclass
class Query:
    where: list[str]
    params: list[Any]
    order_by: str
    limit: int
    offset: int
    filtered: set[str] = field(default_factory=set)  # the declared fields (or relation__field) the request filters

    def param(self, value: Any) -> str:
        self.params.append(value)
        return f"${len(self.params)}"


def parse(spec: ListSpec, query: Mapping[str, str], where: Sequence[str] = (), params: Sequence[Any] = ()) -> Query:
    """Build the SQL pieces for a list request; ``where``/``params`` are the caller's own scoping."""
    parsed = Query(list(where), list(params), "", _int(query, "limit", spec.default_limit, 1, spec.max_limit), 0)
    parsed.offset = _int(query, "offset", 0, 0, 10**9)
    for name, raw in query.items():
        if name not in RESERVED:
            parsed.where.append(_condition(spec, parsed, name, raw))
    parsed.order_by = _order_by(spec, query.get("order_by", spec.default_order))
    return parsed


def _condition(spec: ListSpec, query: Query, name: str, raw: str) -> str:
    target, _, spec_name = name.rpartition("__")
    if spec_name not in _SQL or (target not in spec.by_name and target not in spec.related):
        target, spec_name = name, "exact"
    relation, declared = spec.related.get(target, (None, spec.by_name.get(target)))
    if declared is None or not declared.filterable:
        raise bad_request(f"{name} is not a filter of this collection", name, raw)
    if spec_name not in SPECS_BY_TYPE[declared.type]:
        raise bad_request(f"{spec_name} does not apply to the {declared.type} field {target}", name, raw)
    value = _convert(declared, name, raw)
    query.filtered.add(target)
    placeholder = f"{query.param(value)}::{_PG_TYPE[declared.type]}"
    if relation is None:
        return "(" + _SQL[spec_name].format(c=declared.sql, p=placeholder) + ")"
    matches = _SQL[spec_name].format(c=f"{relation.name}.{declared.sql}", p=placeholder)
    return f"EXISTS (SELECT 1 FROM {relation.source} AS {relation.name} WHERE {relation.join} AND {matches})"


def _convert(declared: Field, name: str, raw: str) -> Any:
    if "\x00" in raw:
        raise bad_request("filter values may not contain NUL characters", name, raw)
    try:
        match declared.type:
            case "integer":
                value: Any = int(raw)
                if not -(2**63) <= value < 2**63:
                    raise ValueError("out of range")
                return value
            case "float":
                return float(raw)
            case "boolean":
                return {"true": True, "1": True, "false": False, "0": False}[raw.lower()]
            case "datetime":
                parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
                return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
            case "uuid":
                return uuid.UUID(raw)
            case _:
                return raw
    except (ValueError, KeyError, OverflowError) as exc:
        raise bad_request(f"{raw!r} is not a valid {declared.type} for {name}", name, raw) from exc


def _order_by(spec: ListSpec, raw: str) -> str:
    terms = []
    for term in filter(None, (t.strip() for t in raw.split(","))):
        descending = term.startswith("-")
        declared = spec.by_name.get(term.lstrip("-"))
        if declared is None or not declared.orderable:
            raise bad_request(f"cannot order by {term}", "order_by", raw)
        terms.append(f"{declared.sql} {'DESC' if descending else 'ASC'} NULLS LAST")
    return ", ".join([*terms, spec.key])


def _int(query: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise bad_request(f"{name} must be a whole number from {low} to {high}", name, raw)
    return value


async def fetch_page(
    conn: Any,
    spec: ListSpec,
    query: Query,
    path: str,
    raw_query: Mapping[str, str],
    to_object: Callable[[asyncpg.Record], Any],
    select: str = "*",
) -> dict[str, Any]:
    where = " AND ".join(query.where) or "true"
    try:
        async with _guarded(conn) as tx:
            total = await tx.fetchval(_total(spec, query, where), *query.params)
            rows = await tx.fetch(
                f"SELECT {select} FROM {spec.source} WHERE {where} ORDER BY {query.order_by}"
                f" LIMIT {query.limit} OFFSET {query.offset}",
                *query.params,
            )
    except (asyncpg.InvalidRegularExpressionError, asyncpg.DataError) as exc:
        raise Problem(400, "a filter value was rejected", [FieldError("filter", str(exc))]) from exc
    except asyncpg.QueryCanceledError as exc:
        raise Problem(400, "the filters are too expensive to evaluate; narrow them") from exc
    return {
        "meta": {
            "limit": query.limit,
            "offset": query.offset,
            "total_count": total,
            "next": _page_link(path, raw_query, query, query.offset + query.limit, total),
            "previous": _page_link(path, raw_query, query, query.offset - query.limit, total),
        },
        "objects": [to_object(r) for r in rows],
    }


def _total(spec: ListSpec, query: Query, where: str) -> str:
    if spec.tally is not None and query.filtered <= spec.tally.fields:
        return f"SELECT coalesce(sum(lines), 0)::bigint FROM {spec.tally.source} WHERE {where}"
    return f"SELECT count(*) FROM {spec.source} WHERE {where}"


@asynccontextmanager
async def _guarded(source: Any) -> AsyncIterator[Any]:
    """A read-only transaction with a statement timeout, so a hostile regex cannot run for long."""
    async with AsyncExitStack() as stack:
        conn = await stack.enter_async_context(source.acquire()) if isinstance(source, asyncpg.Pool) else source
        await stack.enter_async_context(conn.transaction(readonly=True))
        await conn.execute("SET LOCAL statement_timeout = '5s'")
        yield conn


def _page_link(path: str, raw_query: Mapping[str, str], query: Query, offset: int, total: int) -> str | None:
    if offset < 0 and query.offset > 0:
        offset = 0
    if offset < 0 or offset >= total or offset == query.offset:
        return None
    params = {**raw_query, "limit": str(query.limit), "offset": str(offset)}
    return f"{path}?{urlencode(params)}"


def schema_document(spec: ListSpec, help_text: str = "") -> dict[str, Any]:
    """The P04 resource schema: fields with type, nullability, help and limits; filtering; ordering."""
    return {
        "help": help_text,
        "allowed_list_http_methods": ["get"],
        "default_limit": spec.default_limit,
        "max_limit": spec.max_limit,
        "default_order": spec.default_order,
        "fields": {
            f.name: {
                "type": f.type,
                "nullable": f.nullable,
                "help_text": f.help,
                "max_length": f.max_length,
                "filterable": f.filterable,
                "orderable": f.orderable,
            }
            for f in spec.fields
        },
        "filtering": {
            **{f.name: list(SPECS_BY_TYPE[f.type]) for f in spec.fields if f.filterable},
            **{name: list(SPECS_BY_TYPE[f.type]) for name, (_, f) in spec.related.items() if f.filterable},
        },
        "ordering": [f.name for f in spec.fields if f.orderable],
    }
