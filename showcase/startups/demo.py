"""Demo startups for a first start: realistic Moroccan profiles, their teams, logos drawn with Pillow.

Called by showcase.demo.load_demo with `people` = {email: user id}; people are matched by the local part
of their address ("amina" for amina@example.org), so the demo domain can change. Idempotent: a startup whose slug
exists is left alone. Logos go through the real media pipeline (checked, re-encoded, content-addressed).
"""

from __future__ import annotations

import io
from datetime import datetime

from PIL import Image, ImageDraw, ImageFont

from showcase.accounts.queries import SessionUser
from showcase.accounts.tables import User
from showcase.startups import domain
from showcase.startups.tables import Startup, StartupMember

DEMO_STARTUPS = [
    {
        "owner": "amina",
        "members": ["youssef"],
        "colour": (34, 139, 84),
        "values": {
            "name": "Souss Agri Data", "slug": "souss-agri-data", "region": "souss-massa", "city": "Agadir",
            "website": "https://soussagri.example.ma", "founded_year": "2021", "team_size": "9", "stage": "early",
            "description_fr": (
                "Souss Agri Data aide les agriculteurs de la plaine du Souss à irriguer au bon moment. "
                "Nous croisons les données météorologiques, les niveaux des barrages et les statistiques "
                "agricoles publiées sur data.gov.ma pour envoyer des conseils d’irrigation par SMS, en darija "
                "et en amazighe. Plus de 1 200 exploitations utilisent déjà le service."
            ),
            "description_ar": (
                "تساعد «سوس أكري داتا» فلاحي سهل سوس على السقي في الوقت المناسب، من خلال الجمع بين "
                "معطيات الأرصاد الجوية ومستوى ملء السدود والإحصاءات الفلاحية المنشورة في البوابة الوطنية "
                "للبيانات المفتوحة، وإرسال نصائح السقي عبر الرسائل القصيرة بالدارجة والأمازيغية."
            ),
        },
    },
    {
        "owner": "karim",
        "members": ["amina", "salma"],
        "colour": (214, 92, 38),
        "values": {
            "name": "Tramway Plus", "slug": "tramway-plus", "region": "casablanca-settat", "city": "Casablanca",
            "website": "https://tramwayplus.example.ma", "founded_year": "2019", "team_size": "24", "stage": "growth",
            "description_fr": (
                "Une application de mobilité pour le Grand Casablanca : horaires du tramway et des busways, "
                "itinéraires combinés avec les grands taxis et alertes en temps réel. Les arrêts et les lignes "
                "viennent des jeux de données ouverts de la région Casablanca-Settat."
            ),
            "description_ar": (
                "تطبيق للتنقل في الدار البيضاء الكبرى: مواعيد الترامواي والحافلات، ومسارات تجمع بين "
                "وسائل النقل المختلفة، وتنبيهات فورية، اعتمادا على البيانات المفتوحة لجهة الدار البيضاء سطات."
            ),
        },
    },
    {
        "owner": "youssef",
        "members": ["salma"],
        "colour": (40, 86, 170),
        "values": {
            "name": "مدينتي", "slug": "madinati", "region": "rabat-sale-kenitra", "city": "Rabat",
            "website": "https://madinati.example.ma", "founded_year": "2023", "team_size": "5", "stage": "prototype",
            "description_fr": (
                "Madinati est une plateforme de civic-tech qui rend lisibles les budgets communaux de Rabat, "
                "Salé et Kénitra : où va l’argent public, quels projets avancent, et comment les habitants "
                "peuvent signaler un problème dans leur quartier."
            ),
            "description_ar": (
                "«مدينتي» منصة للتكنولوجيا المدنية تجعل ميزانيات الجماعات في الرباط وسلا والقنيطرة "
                "مفهومة للجميع: أين يذهب المال العام، وما هي المشاريع التي تتقدم، وكيف يمكن للسكان "
                "التبليغ عن مشكل في حيهم."
            ),
        },
    },
    {
        "owner": "salma",
        "members": [],
        "colour": (150, 60, 120),
        "values": {
            "name": "Atlas Patrimoine", "slug": "atlas-patrimoine", "region": "marrakech-safi", "city": "Marrakech",
            "website": "", "founded_year": "2024", "team_size": "3", "stage": "idea",
            "description_fr": (
                "Des parcours de visite audio autour des monuments de Marrakech et de Safi, construits à "
                "partir de l’inventaire du patrimoine et des statistiques touristiques du portail national."
            ),
            "description_ar": "",
        },
    },
    {
        "owner": "karim",
        "members": ["youssef"],
        "colour": (222, 170, 30),
        "values": {
            "name": "Oriental Solar Map", "slug": "oriental-solar-map", "region": "oriental", "city": "Oujda",
            "website": "https://solarmap.example.ma", "founded_year": "2020", "team_size": "12", "stage": "established",
            "description_fr": "",
            "description_ar": (
                "خريطة تفاعلية لإمكانات الطاقة الشمسية في جهة الشرق، تساعد الأسر والمقاولات الصغيرة "
                "على تقدير مردودية الألواح الشمسية انطلاقا من بيانات الإشعاع الشمسي والاستهلاك الكهربائي."
            ),
        },
    },
]


def initials_logo(name: str, colour: tuple[int, int, int], size: int = 512) -> bytes:
    """A coloured rounded square with the name's initials in white, as PNG bytes."""
    words = [word for word in name.replace("-", " ").split() if word]
    initials = "".join(word[0] for word in words[:2]).upper() or "?"
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 6, fill=(*colour, 255))
    font = ImageFont.load_default(size=size // 2.6 if len(initials) > 1 else size // 2)
    draw.text((size / 2, size / 2), initials, fill=(255, 255, 255, 255), font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


async def _session_user(user_id: int) -> SessionUser:
    row = await User.select(User.email, User.name, User.locale).where(User.id == user_id).first()
    return SessionUser(id=user_id, email=row["email"], name=row["name"], locale=row["locale"], email_verified=True,
                       is_moderator=False, is_organizer=False, is_admin=False)


async def load_demo_startups(*, people: dict[str, int], now: datetime) -> None:
    people = {email.split("@")[0]: user_id for email, user_id in people.items()}
    for spec in DEMO_STARTUPS:
        values = spec["values"]
        owner_id = people.get(spec["owner"])
        if owner_id is None or await Startup.exists().where(Startup.slug == values["slug"]):
            continue
        slug = await domain.create_startup(
            creator=await _session_user(owner_id), values=values,
            logo=initials_logo(values["name"] if values["name"].isascii() else values["slug"], spec["colour"]), now=now,
        )
        startup_id = (await Startup.select(Startup.id).where(Startup.slug == slug).first())["id"]
        for email in spec["members"]:
            if email in people:
                await StartupMember.insert(StartupMember(startup=startup_id, user=people[email], role="member", joined_at=now))
