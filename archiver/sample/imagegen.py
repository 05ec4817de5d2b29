"""Draws the sample's stand-in photos as PNG files (stdlib only); run once to regenerate them:
``python -m archiver.sample.imagegen [DIR]``."""

from __future__ import annotations

import random
import struct
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

RGB = tuple[int, int, int]

# 5x7 pixel glyphs, one string per row, for the "SAMPLE" stamp and the credit on each picture.
FONT = {
    "A": ("01110", "10001", "10001", "11111", "10001", "10001", "10001"),
    "B": ("11110", "10001", "10001", "11110", "10001", "10001", "11110"),
    "C": ("01111", "10000", "10000", "10000", "10000", "10000", "01111"),
    "E": ("11111", "10000", "10000", "11110", "10000", "10000", "11111"),
    "F": ("11111", "10000", "10000", "11110", "10000", "10000", "10000"),
    "G": ("01111", "10000", "10000", "10011", "10001", "10001", "01111"),
    "I": ("11111", "00100", "00100", "00100", "00100", "00100", "11111"),
    "K": ("10001", "10010", "10100", "11000", "10100", "10010", "10001"),
    "L": ("10000", "10000", "10000", "10000", "10000", "10000", "11111"),
    "M": ("10001", "11011", "10101", "10101", "10001", "10001", "10001"),
    "N": ("10001", "11001", "10101", "10011", "10001", "10001", "10001"),
    "O": ("01110", "10001", "10001", "10001", "10001", "10001", "01110"),
    "P": ("11110", "10001", "10001", "11110", "10000", "10000", "10000"),
    "R": ("11110", "10001", "10001", "11110", "10100", "10010", "10001"),
    "S": ("01111", "10000", "10000", "01110", "00001", "00001", "11110"),
    "T": ("11111", "00100", "00100", "00100", "00100", "00100", "00100"),
    "U": ("10001", "10001", "10001", "10001", "10001", "10001", "01110"),
    "V": ("10001", "10001", "10001", "10001", "10001", "01010", "00100"),
    "Y": ("10001", "10001", "01010", "00100", "00100", "00100", "00100"),
    " ": ("00000",) * 7,
}


def grey(value: int) -> RGB:
    return (value, value, value)


class Canvas:
    def __init__(self, width: int, height: int, color: RGB) -> None:
        self.width, self.height = width, height
        self.rows = [bytearray(bytes(color) * width) for _ in range(height)]

    def rect(self, x: int, y: int, w: int, h: int, color: RGB) -> None:
        x0, x1 = max(0, x), min(self.width, x + w)
        if x1 <= x0:
            return
        span = bytes(color) * (x1 - x0)
        for row in self.rows[max(0, y):min(self.height, y + h)]:
            row[x0 * 3:x1 * 3] = span

    def gradient(self, y: int, h: int, top: RGB, bottom: RGB) -> None:
        for i in range(h):
            t = i / max(1, h - 1)
            self.rect(0, y + i, self.width, 1,
                      (int(top[0] + (bottom[0] - top[0]) * t),
                       int(top[1] + (bottom[1] - top[1]) * t),
                       int(top[2] + (bottom[2] - top[2]) * t)))

    def disc(self, cx: int, cy: int, r: int, color: RGB) -> None:
        for dy in range(-r, r + 1):
            dx = int((r * r - dy * dy) ** 0.5)
            self.rect(cx - dx, cy + dy, 2 * dx + 1, 1, color)

    def person(self, x: int, ground: int, size: int, suit: RGB, skin: RGB = (224, 180, 150),
               hair: RGB | None = None) -> None:
        head = max(3, size // 7)
        self.rect(x - size // 5, ground - size + 2 * head, 2 * (size // 5), size - 2 * head, suit)
        self.disc(x, ground - size + head, head, skin)
        if hair:
            self.rect(x - head, ground - size, 2 * head + 1, max(1, head // 2), hair)

    def text(self, x: int, y: int, message: str, scale: int, color: RGB) -> None:
        for n, char in enumerate(message.upper()):
            glyph = FONT.get(char, FONT[" "])
            for gy, line in enumerate(glyph):
                for gx, bit in enumerate(line):
                    if bit == "1":
                        self.rect(x + (n * 6 + gx) * scale, y + gy * scale, scale, scale, color)

    def png(self) -> bytes:
        raw = b"".join(b"\x00" + bytes(row) for row in self.rows)

        def chunk(kind: bytes, payload: bytes) -> bytes:
            body = kind + payload
            return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def _flags(c: Canvas, rnd: random.Random, y: int) -> None:
    w, h = c.width, c.height
    for i, x in enumerate(range(w // 8, w, w // 4)):
        if i % 2:
            for k, color in enumerate([(255, 255, 255), (0, 57, 166), (213, 43, 30)]):
                c.rect(x, y + k * 18, 60, 18, color)
        else:
            for k in range(7):
                c.rect(x, y + k * 8, 60, 8, (178, 34, 52) if k % 2 == 0 else (250, 250, 250))
            c.rect(x, y, 26, 32, (60, 59, 110))
        c.rect(x - 3, y, 3, h - y, (120, 100, 60))


def scene_summit(c: Canvas, rnd: random.Random) -> None:
    w, h = c.width, c.height
    c.gradient(0, h * 2 // 3, (118, 96, 70), (168, 140, 104))
    c.rect(0, h * 2 // 3, w, h, (92, 40, 36))
    _flags(c, rnd, h // 8)
    ground = h - h // 10
    c.person(w // 2 - w // 12, ground, h * 3 // 5, (30, 34, 48), hair=(230, 200, 120))
    c.person(w // 2 + w // 12, ground, h * 11 // 20, (40, 44, 56), hair=(150, 130, 110))
    c.rect(w // 2 - w // 20, ground - h * 7 // 20, w // 10, 12, (224, 180, 150))


def scene_podium(c: Canvas, rnd: random.Random) -> None:
    w, h = c.width, c.height
    c.gradient(0, h, (20, 50, 110), (10, 25, 60))
    for x in (w // 3, w * 2 // 3):
        c.person(x, h * 3 // 4, h // 2, (25, 25, 35), hair=grey(rnd.randrange(100, 240)))
        c.rect(x - w // 14, h * 3 // 5, w // 7, h, (200, 200, 205))


def scene_crowd(c: Canvas, rnd: random.Random) -> None:
    w, h = c.width, c.height
    c.gradient(0, h // 2, (150, 190, 230), (220, 230, 240))
    c.rect(0, h // 2, w, h, (128, 126, 120))
    for x in range(0, w, w // 9):
        c.rect(x, h // 5 + rnd.randrange(h // 6), w // 10, h, (200, 196, 186))
    for row in range(4):
        ground = h * (6 + row) // 10 + 30
        for _ in range(w // 40):
            color = (rnd.randrange(30, 220), rnd.randrange(30, 200), rnd.randrange(30, 200))
            c.person(rnd.randrange(w), ground, h // 5 + row * 10, color)
    c.rect(0, h * 5 // 8, w, 6, (160, 160, 160))


def scene_room(c: Canvas, rnd: random.Random) -> None:
    w, h = c.width, c.height
    c.gradient(0, h, (235, 225, 200), (190, 170, 140))
    for x in range(w // 12, w, w // 6):
        c.rect(x, h // 12, w // 14, h // 2, (250, 245, 230))
        c.disc(x + w // 28, h // 12, w // 28, (250, 245, 230))
    for row in range(3):
        for x in range(20, w, 46):
            c.disc(x + row * 15, h * (7 + row) // 10, 14 + row * 3,
                   grey(rnd.randrange(20, 90)))


def scene_street(c: Canvas, rnd: random.Random) -> None:
    w, h = c.width, c.height
    c.gradient(0, h // 2, (170, 200, 225), (230, 235, 240))
    c.rect(0, h // 2, w, h, (150, 146, 140))
    c.rect(0, h * 3 // 4, w, h, (90, 90, 95))
    for x in range(0, w, w // 5):
        c.rect(x + 4, h // 6, w // 5 - 8, h * 7 // 12,
               (rnd.randrange(150, 230), rnd.randrange(120, 200), rnd.randrange(100, 170)))
    c.rect(w // 4, h // 3, w // 2, h // 3, (250, 250, 250))
    c.rect(w // 4 + 12, h // 3 + 12, w // 2 - 24, 22, (20, 20, 20))
    c.rect(w // 4 + 12, h // 3 + 48, w // 3, 10, (200, 30, 40))
    c.person(w * 5 // 6, h - 10, h // 2, (60, 60, 120))


def scene_archive(c: Canvas, rnd: random.Random) -> None:
    w, h = c.width, c.height
    c.gradient(0, h, (200, 180, 140), (150, 125, 90))
    c.rect(0, h * 2 // 3, w, h, (110, 90, 60))
    c.rect(w // 6, h // 2, w * 2 // 3, h // 8, (130, 105, 70))
    for x in (w // 3, w * 2 // 3):
        c.person(x, h * 5 // 6, h // 2, (70, 58, 40), (190, 165, 130))


def scene_table(c: Canvas, rnd: random.Random) -> None:
    w, h = c.width, c.height
    c.gradient(0, h, (240, 238, 230), (210, 205, 195))
    c.rect(w // 10, h // 8, w // 4, h // 2, (160, 200, 230))
    for x in (w // 3, w * 2 // 3):
        c.person(x, h * 4 // 5, h * 3 // 5, (30, 32, 45), hair=(235, 205, 130))
    c.rect(w // 8, h * 3 // 5, w * 3 // 4, h, (250, 250, 250))
    for x in range(w // 5, w * 4 // 5, w // 8):
        c.disc(x, h * 2 // 3, 14, (255, 255, 255))
        c.disc(x, h * 2 // 3, 9, (190, 150, 90))


def scene_ball(c: Canvas, rnd: random.Random) -> None:
    w, h = c.width, c.height
    scene_podium(c, rnd)
    c.disc(w // 2, h // 2, h // 10, (250, 250, 250))
    for dx, dy in ((0, 0), (-14, -10), (14, -10), (-10, 14), (10, 14)):
        c.disc(w // 2 + dx, h // 2 + dy, 5, (20, 20, 20))


def scene_imitator(c: Canvas, rnd: random.Random) -> None:
    w, h = c.width, c.height
    scene_street(c, rnd)
    ground, size = h - 20, h * 2 // 3
    c.person(w // 2, ground, size, (25, 30, 70), hair=(240, 200, 90))
    c.rect(w // 2 - 4, ground - size + 2 * (size // 7), 8, h // 4, (200, 20, 30))


Scene = Callable[[Canvas, random.Random], None]

# file -> (width, height, scene, credit stamped in the corner)
IMAGES: dict[str, tuple[int, int, Scene, str]] = {
    "trump-poetin-handdruk.png": (960, 540, scene_summit, "REUTERS"),
    "persconferentie-katheders.png": (640, 360, scene_podium, "EPA"),
    "wk-voetbal-cadeau.png": (640, 360, scene_ball, "AP"),
    "persconferentie-paleis.png": (640, 360, scene_summit, "GETTY"),
    "perszaal-paleis.png": (640, 360, scene_room, "VENNINK"),
    "ford-brezjnev-1975.png": (640, 420, scene_archive, "AP"),
    "ontmoeting-gotische-zaal.png": (640, 360, scene_room, "REUTERS"),
    "ontmoeting-handdruk.png": (640, 360, scene_summit, "REUTERS"),
    "aanhangers-trump.png": (640, 360, scene_crowd, "REUTERS"),
    "toeschouwers-paleis.png": (640, 360, scene_crowd, "EPA"),
    "posters-helsingin-sanomat.png": (640, 360, scene_street, "VENNINK"),
    "trump-imitator.png": (480, 600, scene_imitator, "AFP"),
    "reclameposter-persvrijheid.png": (640, 360, scene_street, "AP"),
    "ontbijt-niinisto.png": (640, 360, scene_table, "EPA"),
}


def draw(name: str) -> bytes:
    width, height, scene, credit = IMAGES[name]
    canvas = Canvas(width, height, (0, 0, 0))
    scene(canvas, random.Random(name))
    canvas.rect(0, height - 26, width, 26, (0, 0, 0))
    canvas.text(8, height - 20, "SAMPLE", 2, (255, 210, 0))
    canvas.text(96, height - 20, credit, 2, (255, 255, 255))
    return canvas.png()


def favicon() -> bytes:
    """A 32x32 icon: an ICO file holding one PNG image."""
    canvas = Canvas(32, 32, (21, 36, 66))
    canvas.text(6, 5, "V", 4, (255, 255, 255))
    png = canvas.png()
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", 32, 32, 0, 0, 1, 32, len(png), 6 + 16)
    return header + entry + png


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    base = Path(args[0]) if args else Path(__file__).parent
    (base / "images").mkdir(parents=True, exist_ok=True)
    for name in IMAGES:
        (base / "images" / name).write_bytes(draw(name))
    (base / "static").mkdir(exist_ok=True)
    (base / "static" / "favicon.ico").write_bytes(favicon())
    print(f"wrote {len(IMAGES)} images and favicon.ico under {base}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
