"""Translated labels for the startup codes stored in the database (regions, stages, roles).

The msgids are English; the catalogues carry the French and Arabic names, given here in comments
for the translators.
"""

from __future__ import annotations

from showcase.i18n import lazy_gettext
from showcase.startups.tables import MEMBER_ROLES, REGIONS, STAGES

REGION_LABELS = {
    "tanger-tetouan-al-hoceima": lazy_gettext("Tangier-Tetouan-Al Hoceima"),  # fr: Tanger-Tétouan-Al Hoceïma / ar: طنجة تطوان الحسيمة
    "oriental": lazy_gettext("Oriental"),  # fr: L'Oriental / ar: الشرق
    "fes-meknes": lazy_gettext("Fez-Meknes"),  # fr: Fès-Meknès / ar: فاس مكناس
    "rabat-sale-kenitra": lazy_gettext("Rabat-Sale-Kenitra"),  # fr: Rabat-Salé-Kénitra / ar: الرباط سلا القنيطرة
    "beni-mellal-khenifra": lazy_gettext("Beni Mellal-Khenifra"),  # fr: Béni Mellal-Khénifra / ar: بني ملال خنيفرة
    "casablanca-settat": lazy_gettext("Casablanca-Settat"),  # fr: Casablanca-Settat / ar: الدار البيضاء سطات
    "marrakech-safi": lazy_gettext("Marrakesh-Safi"),  # fr: Marrakech-Safi / ar: مراكش آسفي
    "draa-tafilalet": lazy_gettext("Draa-Tafilalet"),  # fr: Drâa-Tafilalet / ar: درعة تافيلالت
    "souss-massa": lazy_gettext("Souss-Massa"),  # fr: Souss-Massa / ar: سوس ماسة
    "guelmim-oued-noun": lazy_gettext("Guelmim-Oued Noun"),  # fr: Guelmim-Oued Noun / ar: كلميم واد نون
    "laayoune-sakia-el-hamra": lazy_gettext("Laayoune-Sakia El Hamra"),  # fr: Laâyoune-Sakia El Hamra / ar: العيون الساقية الحمراء
    "dakhla-oued-ed-dahab": lazy_gettext("Dakhla-Oued Ed-Dahab"),  # fr: Dakhla-Oued Ed-Dahab / ar: الداخلة وادي الذهب
}

STAGE_LABELS = {
    "idea": lazy_gettext("Idea"),  # fr: Idée / ar: فكرة
    "prototype": lazy_gettext("Prototype"),  # fr: Prototype / ar: نموذج أولي
    "early": lazy_gettext("Early stage"),  # fr: Amorçage / ar: مرحلة الانطلاق
    "growth": lazy_gettext("Growth"),  # fr: Croissance / ar: نمو
    "established": lazy_gettext("Established"),  # fr: Établie / ar: راسخة
}

ROLE_LABELS = {
    "owner": lazy_gettext("Owner"),  # fr: Propriétaire / ar: مالك
    "member": lazy_gettext("Member"),  # fr: Membre / ar: عضو
}

assert tuple(REGION_LABELS) == REGIONS and tuple(STAGE_LABELS) == STAGES and tuple(ROLE_LABELS) == MEMBER_ROLES


def region_label(code: str) -> str:
    label = REGION_LABELS.get(code)
    return str(label) if label is not None else ""


def stage_label(code: str) -> str:
    label = STAGE_LABELS.get(code)
    return str(label) if label is not None else ""


def role_label(code: str) -> str:
    label = ROLE_LABELS.get(code)
    return str(label) if label is not None else ""


def region_options() -> list[tuple[str, str]]:
    """(code, label) pairs in the visitor's language, in the official order of the regions."""
    return [(code, str(label)) for code, label in REGION_LABELS.items()]


def stage_options() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in STAGE_LABELS.items()]
