"""A small DER reader and writer: just what RFC 3161 requests and tokens need."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

# Universal tags (class 0) and the constructed bit as they appear in the identifier octet.
INTEGER = 0x02
BIT_STRING = 0x03
OCTET_STRING = 0x04
NULL = 0x05
OID = 0x06
SEQUENCE = 0x30
SET = 0x31
BOOLEAN = 0x01
GENERALIZED_TIME = 0x18
UTC_TIME = 0x17


class DerError(ValueError):
    """The bytes are not the DER structure expected; the message says where."""


@dataclass(frozen=True)
class Node:
    """One TLV: its identifier octet, content bytes and the full encoding (``raw``)."""

    tag: int
    content: bytes
    raw: bytes

    @property
    def constructed(self) -> bool:
        return bool(self.tag & 0x20)

    def children(self) -> list[Node]:
        if not self.constructed:
            raise DerError(f"tag 0x{self.tag:02x} is primitive, it has no children")
        return list(iter_nodes(self.content))

    def child(self, index: int) -> Node:
        kids = self.children()
        if index >= len(kids):
            raise DerError(f"tag 0x{self.tag:02x} has {len(kids)} children, wanted #{index}")
        return kids[index]

    def expect(self, tag: int, what: str) -> Node:
        if self.tag != tag:
            raise DerError(f"{what}: expected tag 0x{tag:02x}, found 0x{self.tag:02x}")
        return self


def read_node(data: bytes, offset: int = 0) -> tuple[Node, int]:
    """The TLV at ``offset`` and the offset just after it (definite lengths only)."""
    if offset + 2 > len(data):
        raise DerError(f"truncated TLV at offset {offset}")
    tag = data[offset]
    if tag & 0x1F == 0x1F:
        raise DerError(f"multi-byte tags are not supported (offset {offset})")
    first = data[offset + 1]
    pos = offset + 2
    if first < 0x80:
        length = first
    elif first == 0x80:
        raise DerError(f"indefinite length (BER, not DER) at offset {offset}")
    else:
        count = first & 0x7F
        if count > 8 or pos + count > len(data):
            raise DerError(f"bad length of length at offset {offset}")
        length = int.from_bytes(data[pos:pos + count], "big")
        pos += count
    end = pos + length
    if end > len(data):
        raise DerError(f"TLV at offset {offset} runs past the end ({end} > {len(data)})")
    return Node(tag, data[pos:end], data[offset:end]), end


def parse(data: bytes) -> Node:
    """Exactly one TLV filling ``data``."""
    node, end = read_node(data)
    if end != len(data):
        raise DerError(f"{len(data) - end} stray bytes after the DER structure")
    return node


def iter_nodes(data: bytes) -> Iterator[Node]:
    pos = 0
    while pos < len(data):
        node, pos = read_node(data, pos)
        yield node


# -- decoding values -------------------------------------------------------------------------

def to_int(node: Node) -> int:
    node.expect(INTEGER, "INTEGER")
    return int.from_bytes(node.content, "big", signed=True)


def to_oid(node: Node) -> str:
    node.expect(OID, "OBJECT IDENTIFIER")
    arcs: list[int] = []
    value = 0
    for byte in node.content:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            arcs.append(value)
            value = 0
    if not arcs:
        raise DerError("empty OBJECT IDENTIFIER")
    first = min(arcs[0] // 40, 2)
    return ".".join(str(a) for a in [first, arcs[0] - 40 * first, *arcs[1:]])


def to_time(node: Node) -> datetime:
    text = node.content.decode("ascii")
    if node.tag == GENERALIZED_TIME:
        main, _, frac = text.rstrip("Z").partition(".")
        moment = datetime.strptime(main, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        if frac:
            moment = moment.replace(microsecond=int((frac + "000000")[:6]))
        return moment
    if node.tag == UTC_TIME:
        return datetime.strptime(text, "%y%m%d%H%M%SZ").replace(tzinfo=UTC)
    raise DerError(f"expected a time, found tag 0x{node.tag:02x}")


# -- encoding --------------------------------------------------------------------------------

def tlv(tag: int, content: bytes) -> bytes:
    length = len(content)
    if length < 0x80:
        head = bytes([length])
    else:
        size = length.to_bytes((length.bit_length() + 7) // 8, "big")
        head = bytes([0x80 | len(size)]) + size
    return bytes([tag]) + head + content


def seq(*items: bytes) -> bytes:
    return tlv(SEQUENCE, b"".join(items))


def integer(value: int) -> bytes:
    size = max(1, (value.bit_length() + 8) // 8)  # room for the sign bit
    return tlv(INTEGER, value.to_bytes(size, "big", signed=True))


def boolean(value: bool) -> bytes:
    return tlv(BOOLEAN, b"\xff" if value else b"\x00")


def null() -> bytes:
    return tlv(NULL, b"")


def octet_string(value: bytes) -> bytes:
    return tlv(OCTET_STRING, value)


def oid(dotted: str) -> bytes:
    arcs = [int(a) for a in dotted.split(".")]
    if len(arcs) < 2:
        raise ValueError(f"an OID needs two arcs at least: {dotted!r}")
    body = bytearray()
    for arc in [40 * arcs[0] + arcs[1], *arcs[2:]]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        body.extend(reversed(chunk))
    return tlv(OID, bytes(body))
