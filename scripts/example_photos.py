"""Draws the example site's photos (content/media/) with Pillow: `make example-photos`.

There are no real photos of the example's races in this repository, so its "photos" are
illustrations of them: the cars, podiums, a pit stop, the circuit and two drivers' helmets,
drawn from shapes in the team's colours. Each file carries its credit the way agency photos
do, one in each place pitboard reads a credit from (IPTC, XMP, EXIF), and three carry none,
so that the front matter names it. The same script and Pillow write the same bytes.
"""

from __future__ import annotations

import io
import math
import random
import struct
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

MEDIA = Path(__file__).resolve().parent.parent / "content" / "media"
CREDIT = "pitboard example images (illustration)"

Colour = tuple[int, int, int]
M_BLUE: Colour = (28, 105, 212)
M_DARK_BLUE: Colour = (16, 38, 84)
M_RED: Colour = (214, 40, 40)
WHITE: Colour = (240, 242, 245)
CARBON: Colour = (38, 42, 50)
ASPHALT: Colour = (58, 60, 66)
PROTOTYPE: Colour = (44, 50, 66)


def gradient(size: tuple[int, int], top: Colour, bottom: Colour) -> Image.Image:
    height = size[1]
    column = Image.new("RGB", (1, height))
    for y in range(height):
        share = y / max(1, height - 1)
        column.putpixel((0, y), tuple(round(a + (b - a) * share) for a, b in zip(top, bottom, strict=True)))
    return column.resize(size)


def glow(image: Image.Image, centre: tuple[float, float], radius: float, colour: Colour, strength: int) -> None:
    """A soft light: a blurred disc added onto the image."""
    light = Image.new("RGB", image.size, (0, 0, 0))
    x, y = centre
    ImageDraw.Draw(light).ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    light = light.filter(ImageFilter.GaussianBlur(radius / 2))
    mask = light.convert("L").point(lambda value: min(255, value * strength // 100))
    image.paste(light, (0, 0), mask)


def track(draw: ImageDraw.ImageDraw, size: tuple[int, int], horizon: int, surface: Colour) -> None:
    width, height = size
    draw.rectangle((0, horizon, width, height), fill=surface)
    draw.line((0, horizon + 4, width, horizon - 10), fill=(200, 200, 200), width=max(2, width // 600))
    kerb = max(8, width // 80)
    for number, x in enumerate(range(-kerb, width, kerb * 2)):
        colour = M_RED if number % 2 else WHITE
        draw.rectangle((x, height - kerb * 2, x + kerb * 2, height - kerb), fill=colour)


def car(
    image: Image.Image,
    origin: tuple[float, float],
    length: float,
    body: Colour,
    stripes: tuple[Colour, ...],
    number: str,
    prototype: bool,
    headlights: bool = False,
) -> None:
    """A racing car seen from the side, facing left, its rear wheel's contact point at `origin`."""
    draw = ImageDraw.Draw(image)
    x0, ground = origin
    unit = length / 100

    def at(x: float, y: float) -> tuple[float, float]:
        return x0 - x * unit, ground - y * unit

    if prototype:
        outline = [(0, 6), (2, 16), (10, 18), (22, 19), (34, 27), (50, 28), (62, 22), (86, 16), (100, 12), (101, 6)]
        wing = [(-2, 20), (-2, 30), (10, 30), (10, 27), (4, 27), (4, 20)]
    else:
        outline = [(0, 6), (1, 18), (8, 22), (24, 24), (34, 34), (58, 35), (72, 25), (92, 21), (100, 16), (100, 6)]
        wing = [(-1, 25), (-1, 31), (10, 31), (10, 28), (5, 28), (5, 25)]
    shadow = Image.new("L", image.size, 0)
    ImageDraw.Draw(shadow).ellipse((*at(108, 3), *at(-8, -3)), fill=150)
    image.paste((10, 10, 12), (0, 0), shadow.filter(ImageFilter.GaussianBlur(unit * 2)))
    draw.polygon([at(*point) for point in outline], fill=body, outline=(150, 160, 180), width=max(2, round(unit * 0.4)))
    draw.polygon([at(*point) for point in wing], fill=CARBON)
    cockpit = [(36, 27), (46, 33 if not prototype else 31), (60, 30 if not prototype else 27), (64, 23)]
    draw.polygon([at(*point) for point in cockpit], fill=(30, 36, 48))
    for offset, colour in enumerate(stripes):
        band = 2.2 * offset
        draw.polygon([at(*p) for p in [(2, 12 + band), (98, 9 + band), (98, 11 + band), (2, 14 + band)]], fill=colour)
    radius = 8.5 * unit
    for centre in (14, 82):
        cx, cy = at(centre, 8)
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(18, 18, 20))
        draw.ellipse((cx - radius / 2, cy - radius / 2, cx + radius / 2, cy + radius / 2), fill=(120, 124, 132))
    disc_x, disc_y = at(48, 16)
    disc = 5 * unit
    draw.ellipse((disc_x - disc, disc_y - disc, disc_x + disc, disc_y + disc), fill=WHITE)
    draw.text((disc_x, disc_y), number, fill=(12, 12, 12), anchor="mm", font_size=round(6 * unit))
    if headlights:
        glow(image, at(100, 11), 5 * unit, (255, 246, 214), 160)


def sky_and_hills(size: tuple[int, int], sky: tuple[Colour, Colour], hills: Colour, rng: random.Random) -> Image.Image:
    image = gradient(size, *sky)
    draw = ImageDraw.Draw(image)
    width, height = size
    for layer, shade in enumerate((0.75, 1.0)):
        base = height * (0.42 + 0.08 * layer)
        points = [(0, height)]
        for x in range(0, width + 60, 60):
            wave = math.sin(x / width * math.pi * (2 + layer)) * height * 0.05
            points.append((x, base - wave - rng.uniform(0, height * 0.01)))
        points.append((width, height))
        draw.polygon(points, fill=tuple(round(part * shade) for part in hills))
    return image


def crowd(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], lit: bool, rng: random.Random) -> None:
    left, top, right, bottom = box
    draw.rectangle(box, fill=(26, 28, 36))
    for _ in range((right - left) * (bottom - top) // 220):
        x, y = rng.uniform(left, right), rng.uniform(top, bottom)
        colour = (255, 214, 150) if lit and rng.random() < 0.5 else rng.choice([WHITE, M_BLUE, M_RED, (90, 96, 110)])
        draw.ellipse((x - 2, y - 2, x + 2, y + 2), fill=colour)


def figure(draw: ImageDraw.ImageDraw, foot: tuple[float, float], height: float, shirt: Colour, arms_up: bool) -> None:
    x, y = foot
    head = height * 0.12
    draw.rectangle((x - height * 0.1, y - height * 0.45, x + height * 0.1, y), fill=(40, 44, 56))
    draw.rounded_rectangle(
        (x - height * 0.14, y - height * 0.8, x + height * 0.14, y - height * 0.42), head, fill=shirt
    )
    draw.ellipse((x - head, y - height, x + head, y - height + head * 2), fill=(224, 186, 150))
    reach = -height * 1.05 if arms_up else -height * 0.5
    for side in (-1, 1):
        draw.line((x + side * height * 0.13, y - height * 0.75, x + side * height * 0.3, y + reach), shirt, round(head))


def confetti(draw: ImageDraw.ImageDraw, size: tuple[int, int], rng: random.Random) -> None:
    width, height = size
    for _ in range(width // 4):
        x, y = rng.uniform(0, width), rng.uniform(0, height * 0.7)
        piece = rng.uniform(4, 10)
        colour = rng.choice([M_BLUE, M_RED, WHITE, (250, 200, 40)])
        draw.polygon([(x, y), (x + piece, y + piece / 3), (x + piece / 2, y + piece)], fill=colour)


def podium(size: tuple[int, int], sky: tuple[Colour, Colour], crews: int, rng: random.Random) -> Image.Image:
    image = gradient(size, *sky)
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle((0, height * 0.62, width, height), fill=(70, 74, 84))
    steps = [(0.5, 0.46, 1), (0.25, 0.54, 2), (0.75, 0.58, 3)]
    for centre, top, place in steps:
        left, right = width * (centre - 0.13), width * (centre + 0.13)
        draw.rectangle((left, height * top, right, height), fill=WHITE)
        draw.text((width * centre, height * (top + 0.08)), str(place), fill=M_DARK_BLUE, anchor="mm", font_size=80)
        for member in range(crews):
            spread = (member - (crews - 1) / 2) * width * 0.06
            shirt = M_BLUE if place == 1 else rng.choice([M_RED, (250, 200, 40), (60, 60, 70)])
            figure(draw, (width * centre + spread, height * top), height * 0.26, shirt, arms_up=place == 1)
    confetti(draw, size, rng)
    return image


def night_stint(rng: random.Random) -> Image.Image:
    size = (2400, 1600)
    image = gradient(size, (8, 10, 30), (40, 30, 70))
    draw = ImageDraw.Draw(image)
    crowd(draw, (0, 640, 1500, 740), lit=True, rng=rng)
    for x in (290, 910, 1770, 2230):
        draw.line((x, 300, x, 740), fill=(70, 72, 80), width=6)
        glow(image, (x, 300), 60, (255, 250, 230), 170)
    track(draw, size, 760, (66, 68, 76))
    for y, colour in ((990, (200, 60, 60)), (1110, (220, 210, 190)), (1270, (200, 60, 60))):
        draw.line((120, y, 2400, y - 120), fill=colour, width=6)
    image = image.filter(ImageFilter.GaussianBlur(1))
    car(image, (2160, 1370), 1120, PROTOTYPE, (M_BLUE,), "25", prototype=True, headlights=True)
    return image


def banking_at_dusk(rng: random.Random) -> Image.Image:
    size = (2400, 1350)
    image = gradient(size, (44, 52, 110), (250, 150, 90))
    draw = ImageDraw.Draw(image)
    crowd(draw, (0, 420, 2400, 600), lit=True, rng=rng)
    draw.polygon([(0, 640), (2400, 560), (2400, 1350), (0, 1350)], fill=(54, 55, 62))
    draw.line((0, 1300, 2400, 1080), fill=WHITE, width=8)
    car(image, (1050, 1060), 900, PROTOTYPE, (M_BLUE,), "24", prototype=True, headlights=True)
    car(image, (2160, 980), 820, PROTOTYPE, (M_BLUE,), "25", prototype=True, headlights=True)
    return image


def pit_stop(rng: random.Random) -> Image.Image:
    size = (1800, 1200)
    image = gradient(size, (12, 14, 24), (30, 32, 44))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 160, 1800, 700), fill=(44, 48, 60))
    draw.rectangle((180, 240, 1620, 700), fill=(222, 226, 232))
    draw.text((900, 320), "BMW M TEAM RLL", fill=M_DARK_BLUE, anchor="mm", font_size=90)
    for x in (300, 900, 1500):
        glow(image, (x, 180), 90, (255, 255, 240), 150)
    draw.rectangle((0, 700, 1800, 1200), fill=(70, 72, 78))
    car(image, (1500, 1000), 1180, PROTOTYPE, (M_BLUE,), "24", prototype=True)
    for x, shirt in ((240, M_BLUE), (520, M_RED), (900, M_BLUE), (1280, M_RED), (1600, M_BLUE)):
        figure(draw, (x, 1120 + rng.uniform(-20, 20)), 420, shirt, arms_up=False)
    return image


def gt2(wet: bool, rng: random.Random) -> Image.Image:
    size = (2400, 1600)
    if wet:
        image = sky_and_hills(size, ((60, 64, 90), (200, 140, 110)), (50, 70, 60), rng)
    else:
        image = sky_and_hills(size, ((90, 160, 230), (200, 225, 245)), (70, 130, 70), rng)
    draw = ImageDraw.Draw(image)
    track(draw, size, 900, (62, 64, 70) if wet else ASPHALT)
    if wet:
        for _ in range(900):
            x, y = rng.uniform(0, 2400), rng.uniform(0, 1600)
            draw.line((x, y, x - 8, y + 40), fill=(180, 186, 200), width=2)
        spray = Image.new("L", size, 0)
        ImageDraw.Draw(spray).ellipse((1900, 980, 2600, 1400), fill=170)
        image.paste((200, 204, 214), (0, 0), spray.filter(ImageFilter.GaussianBlur(60)))
    car(image, (1950, 1330), 1300, WHITE, (M_BLUE, M_DARK_BLUE, M_RED), "92", prototype=False, headlights=wet)
    return image


def circuit(rng: random.Random) -> Image.Image:
    size = (2400, 1350)
    image = Image.new("RGB", size, (64, 110, 60))
    draw = ImageDraw.Draw(image)
    for _ in range(1400):
        x, y = rng.uniform(0, 2400), rng.uniform(0, 1350)
        radius = rng.uniform(12, 30)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=rng.choice([(40, 86, 44), (52, 98, 50)]))
    path = []
    for step in range(0, 361, 4):
        angle = math.radians(step)
        wobble = 1 + 0.18 * math.sin(3 * angle) + 0.08 * math.cos(5 * angle)
        path.append((1200 + 820 * wobble * math.cos(angle), 680 + 400 * wobble * math.sin(angle)))
    draw.line(path, fill=(200, 200, 196), width=64, joint="curve")
    draw.line(path, fill=ASPHALT, width=52, joint="curve")
    draw.rectangle((1000, 1000, 1500, 1060), fill=(230, 232, 236))
    draw.rectangle((1000, 1060, 1500, 1080), fill=M_BLUE)
    return image


def helmet(visor_stripe: Colour, suit: Colour) -> Image.Image:
    size = (1200, 1500)
    image = gradient(size, (70, 76, 92), (18, 20, 28))
    glow(image, (600, 560), 380, (150, 160, 190), 60)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((60, 1080, 1140, 1600), 260, fill=suit)
    draw.polygon([(60, 1400), (1140, 1200), (1140, 1270), (60, 1470)], fill=visor_stripe)
    draw.rectangle((510, 950, 690, 1200), fill=(24, 24, 28))
    draw.chord((300, 260, 900, 860), 180, 360, fill=(30, 32, 38))
    draw.rounded_rectangle((300, 540, 900, 1010), 120, fill=(30, 32, 38))
    draw.arc((300, 260, 900, 860), 190, 350, fill=visor_stripe, width=36)
    draw.rectangle((318, 480, 882, 520), fill=visor_stripe)
    draw.rounded_rectangle((330, 580, 870, 700), 50, fill=(14, 16, 20))
    draw.polygon([(430, 600), (620, 600), (570, 680), (380, 680)], fill=(90, 110, 150))
    return image


def iptc_credit(credit: str) -> bytes:
    """A Photoshop APP13 segment with the IPTC records: text in UTF-8 (1:90) and Credit (2:110)."""
    text = credit.encode()
    records = b"\x1c\x01\x5a\x00\x03\x1b%G" + b"\x1c\x02\x6e" + struct.pack(">H", len(text)) + text
    if len(records) % 2:
        records += b"\0"
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\0\0" + struct.pack(">I", len(records)) + records
    body = b"Photoshop 3.0\0" + resource
    return b"\xff\xed" + struct.pack(">H", len(body) + 2) + body


def xmp_creator(credit: str) -> bytes:
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>{credit}</rdf:li></rdf:Seq>'
        '</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def encode(image: Image.Image, credit_in: str | None) -> bytes:
    """A progressive JPEG with the credit in IPTC, XMP or EXIF (Artist), or none."""
    options: dict[str, object] = {"quality": 86, "progressive": True, "optimize": True}
    if credit_in == "xmp":
        options["xmp"] = xmp_creator(CREDIT)
    if credit_in == "exif":
        exif = Image.Exif()
        exif[0x013B] = CREDIT
        options["exif"] = exif
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", **options)
    data = buffer.getvalue()
    if credit_in == "iptc":
        after_jfif = 4 + struct.unpack(">H", data[4:6])[0]  # SOI, then the JFIF APP0 segment
        data = data[:after_jfif] + iptc_credit(CREDIT) + data[after_jfif:]
    return data


# Each example photo: how it is drawn, and where it carries its credit (None: the front matter names it).
PHOTOS: dict[str, tuple[Callable[[random.Random], Image.Image], str | None]] = {
    "2024-daytona/night-stint.jpg": (night_stint, "iptc"),
    "2024-daytona/banking-at-dusk.jpg": (banking_at_dusk, "xmp"),
    "2024-daytona/pit-stop.jpg": (pit_stop, "exif"),
    "2024-daytona/gtd-pro-podium.jpg": (lambda rng: podium((1800, 1200), ((14, 20, 40), (60, 70, 110)), 3, rng), None),
    "2009-okayama/race-1-m3-gt2.jpg": (lambda rng: gt2(False, rng), "iptc"),
    "2009-okayama/race-1-podium.jpg": (
        lambda rng: podium((1800, 1200), ((70, 140, 220), (190, 220, 245)), 1, rng),
        "exif",
    ),
    "2009-okayama/race-2-m3-gt2.jpg": (lambda rng: gt2(True, rng), None),
    "2009-okayama/okayama-circuit.jpg": (circuit, "iptc"),
    "drivers/dirk-mueller.jpg": (lambda rng: helmet(M_RED, WHITE), "iptc"),
    "drivers/rene-rast.jpg": (lambda rng: helmet(M_BLUE, WHITE), None),
}


def main() -> None:
    for name, (draw, credit_in) in PHOTOS.items():
        path = MEDIA / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(encode(draw(random.Random(name)), credit_in))
        print(f"wrote content/media/{name}")


if __name__ == "__main__":
    main()
