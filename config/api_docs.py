"""The API reference page at /api/v1/docs, drawn on the server from the OpenAPI document.

Swagger UI (what django-ninja serves by default) fails WCAG 2.2 AA in ways a
stylesheet cannot mend (controls nested in controls, 14 px targets), so the
reference is a plain page of ours: operations grouped by area, each with its
parameters, body and answers, and every schema with its fields. The machine-
readable document stays at /api/v1/openapi.json.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

METHODS = ("get", "post", "put", "patch", "delete")
# Docstrings cite requirement ids for developers ("(R21, B4)"); the page leaves them out.
REQUIREMENT_IDS = re.compile(r"\s*\((?:[RB]\d{1,2}(?:-[RB]?\d{1,2})?(?:,\s*)?)+\)")


def plain(text: str) -> str:
    return REQUIREMENT_IDS.sub("", text)


REF_PREFIX = "#/components/schemas/"


@dataclass
class Field:
    name: str
    type: str
    required: bool
    description: str
    ref: str = ""


@dataclass
class Answer:
    status: str
    description: str
    type: str
    ref: str = ""


@dataclass
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    description: str
    parameters: list[Field] = field(default_factory=list)
    body: Field | None = None
    answers: list[Answer] = field(default_factory=list)
    needs_sign_in: bool = True


@dataclass
class Schema:
    name: str
    description: str
    fields: list[Field]


def type_of(schema: dict[str, Any]) -> tuple[str, str]:
    """A readable type for a JSON schema, and the schema it names (for a link), if any."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix(REF_PREFIX)
        return name, name
    if "anyOf" in schema or "oneOf" in schema:
        parts = [type_of(option) for option in schema.get("anyOf", schema.get("oneOf", []))]
        ref = next((r for _, r in parts if r), "")
        return " or ".join(name for name, _ in parts), ref
    if "enum" in schema:
        return "one of " + ", ".join(str(value) for value in schema["enum"]), ""
    kind = schema.get("type", "any")
    if kind == "array":
        inner, ref = type_of(schema.get("items", {}))
        return f"list of {inner}", ref
    if schema.get("format"):
        return f"{kind} ({schema['format']})", ""
    return str(kind), ""


def _content_type(content: dict[str, Any]) -> tuple[str, str]:
    for media, body in content.items():
        name, ref = type_of(body.get("schema", {}))
        return (name if media == "application/json" else f"{media}: {name}"), ref
    return "no body", ""


def operations_by_area(document: dict[str, Any]) -> dict[str, list[Operation]]:
    areas: dict[str, list[Operation]] = {}
    for path, item in document["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            spec = item[method]
            operation = Operation(
                method=method.upper(),
                path=path,
                operation_id=spec.get("operationId", ""),
                summary=plain(spec.get("summary", "")),
                description=plain(spec.get("description", "")),
                needs_sign_in=bool(spec.get("security")),
            )
            for parameter in spec.get("parameters", []):
                name, ref = type_of(parameter.get("schema", {}))
                operation.parameters.append(
                    Field(
                        name=f"{parameter['name']} ({parameter['in']})",
                        type=name,
                        required=bool(parameter.get("required")),
                        description=plain(parameter.get("description", "")),
                        ref=ref,
                    )
                )
            if body := spec.get("requestBody"):
                name, ref = _content_type(body.get("content", {}))
                operation.body = Field(
                    name="body",
                    type=name,
                    required=bool(body.get("required")),
                    description="",
                    ref=ref,
                )
            for status, answer in spec.get("responses", {}).items():
                name, ref = _content_type(answer.get("content", {}))
                operation.answers.append(
                    Answer(
                        status=str(status),
                        description=answer.get("description", ""),
                        type=name,
                        ref=ref,
                    )
                )
            for area in spec.get("tags", ["other"]):
                areas.setdefault(area, []).append(operation)
    return dict(sorted(areas.items()))


def schemas(document: dict[str, Any]) -> list[Schema]:
    found = []
    for name, spec in sorted(document.get("components", {}).get("schemas", {}).items()):
        required = set(spec.get("required", []))
        fields = []
        for prop, prop_spec in spec.get("properties", {}).items():
            kind, ref = type_of(prop_spec)
            fields.append(
                Field(
                    name=prop,
                    type=kind,
                    required=prop in required,
                    description=plain(prop_spec.get("description", "")),
                    ref=ref,
                )
            )
        found.append(
            Schema(name=name, description=plain(spec.get("description", "")), fields=fields)
        )
    return found


def paragraphs(text: str) -> list[str]:
    """Docstring text as paragraphs: blank lines part them, single line breaks do not."""
    return [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]


class ApiReference(DocsBase):
    """django-ninja's docs hook, answering our own page."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        document = api.get_openapi_schema(path_params=kwargs)
        return render(
            request,
            "core/api_docs.html",
            {
                "title": document["info"]["title"],
                "introduction": paragraphs(document["info"].get("description", "")),
                "openapi_url": self.get_openapi_url(api, kwargs),
                "areas": operations_by_area(document),
                "schemas": schemas(document),
            },
        )
