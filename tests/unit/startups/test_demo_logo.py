import io

from PIL import Image

from showcase.media.images import prepare_logo
from showcase.startups.demo import DEMO_STARTUPS, initials_logo


def test_initials_logo_goes_through_the_pipeline():
    data = initials_logo("Souss Agri Data", (34, 139, 84))
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size) == ("PNG", (512, 512))
        assert image.getpixel((256, 5)) == (34, 139, 84, 255)
        assert image.getpixel((0, 0))[3] == 0  # rounded corner
    with Image.open(io.BytesIO(prepare_logo(data, max_bytes=2 * 1024 * 1024))) as logo:
        assert (logo.format, logo.size) == ("WEBP", (256, 256))


def test_demo_startups_are_varied():
    assert len(DEMO_STARTUPS) == 5
    assert len({spec["values"]["region"] for spec in DEMO_STARTUPS}) == 5
