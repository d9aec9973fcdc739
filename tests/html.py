"""Read a rendered page the way a person does: the items of one list, the rows of one table.

A test that looks for a word anywhere in the page passes when the word is in the
site's own text (a heading, a help sentence, a filter box echoing the query).
These helpers find the element that holds the answer and return its text, so a
test can assert on exactly what is listed there. Standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    @property
    def text(self) -> str:
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text)
        return re.sub(r"\s+", " ", " ".join(parts)).strip()

    def iter(self, tag: str | None = None) -> list[Node]:
        out: list[Node] = []
        for child in self.children:
            if isinstance(child, Node):
                if tag is None or child.tag == tag:
                    out.append(child)
                out.extend(child.iter(tag))
        return out


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(html: str | bytes) -> Node:
    builder = _Builder()
    builder.feed(html.decode() if isinstance(html, bytes) else html)
    return builder.root


def list_after_heading(html: str | bytes, heading: str) -> list[str]:
    """The items of the first list (ul/ol) after the heading whose text is `heading`.

    Raises AssertionError when there is no such heading or no list after it.
    """
    nodes = parse(html).iter()
    for i, node in enumerate(nodes):
        if re.fullmatch(r"h[1-6]", node.tag) and node.text == heading:
            for later in nodes[i + 1 :]:
                if later.tag in {"ul", "ol"}:
                    return [li.text for li in later.iter("li")]
            raise AssertionError(f"no list after the heading {heading!r}")
    raise AssertionError(f"no heading {heading!r} in the page")


def table_rows(html: str | bytes, *, label: str | None = None) -> list[list[str]]:
    """The body rows of a table, each as its cells' text.

    With `label`, the table inside the element whose aria-label is `label` (or whose
    caption is `label`); else the first table of the page. Header rows (only th
    cells inside thead) are left out.
    """
    root = parse(html)
    tables = root.iter("table")
    if label is not None:
        tables = [
            t
            for t in tables
            if _labelled(t, label) or any(c.text == label for c in t.iter("caption"))
        ]
    if not tables:
        raise AssertionError(f"no table{f' labelled {label!r}' if label else ''} in the page")
    table = tables[0]
    bodies = table.iter("tbody") or [table]
    rows = [row for body in bodies for row in body.iter("tr")]
    return [[cell.text for cell in row.children if isinstance(cell, Node)] for row in rows]


def _labelled(node: Node, label: str) -> bool:
    current: Node | None = node
    while current is not None:
        if current.attrs.get("aria-label") == label:
            return True
        current = current.parent
    return False
