"""Draw the phone app's icons (the favicon's gold star on red) as the PNG sizes a web app
manifest asks for: `python scripts/app_icons.py` writes them under pwa/static/pwa/."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "partybuilding" / "pwa" / "static" / "pwa"
RED, GOLD = "#a4161a", "#e9b949"
# The favicon's star, on its 32-unit square.
STAR = [(16, 5), (19.2, 13), (28, 13), (21, 18.5), (23.6, 27), (16, 21.8), (8.4, 27), (11, 18.5), (4, 13), (12.8, 13)]


def icon(size: int, *, maskable: bool) -> Image.Image:
    """A maskable icon keeps the star inside the central 80 % that every mask shows."""
    image = Image.new("RGB", (size, size), RED)
    draw = ImageDraw.Draw(image)
    scale = size / 32 * (0.7 if maskable else 1.0)
    offset = (size - 32 * scale) / 2
    draw.polygon([(offset + x * scale, offset + y * scale) for x, y in STAR], fill=GOLD)
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        icon(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
    icon(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
