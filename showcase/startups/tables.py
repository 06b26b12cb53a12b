"""Startup profiles, their members and e-mail invitations."""

from piccolo.columns import ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from showcase.accounts.tables import User

# Morocco's 12 regions (2015 division); codes are stable, names are translated in constants.py.
REGIONS = (
    "tanger-tetouan-al-hoceima", "oriental", "fes-meknes", "rabat-sale-kenitra", "beni-mellal-khenifra",
    "casablanca-settat", "marrakech-safi", "draa-tafilalet", "souss-massa", "guelmim-oued-noun",
    "laayoune-sakia-el-hamra", "dakhla-oued-ed-dahab",
)
STAGES = ("idea", "prototype", "early", "growth", "established")
MEMBER_ROLES = ("owner", "member")
INVITATION_STATUSES = ("pending", "accepted", "declined", "revoked", "expired")


class Startup(Table, tablename="startup"):
    name = Varchar(length=120)
    search_key = Varchar(length=200, default="")  # the name lower-cased without accents or harakat (fields.search_key)
    slug = Varchar(length=80, unique=True, index=True)
    logo = Varchar(length=200, default="")  # content-addressed path under MEDIA_ROOT, "" when none
    description_fr = Text(default="")
    description_ar = Text(default="")
    region = Varchar(length=40, default="", index=True)
    city = Varchar(length=80, default="")
    website = Varchar(length=300, default="")
    founded_year = Integer(null=True, default=None)
    team_size = Integer(null=True, default=None)
    stage = Varchar(length=20, default="")
    created_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class StartupSlugRedirect(Table, tablename="startup_slug_redirect"):
    """An old slug keeps leading to the startup after a rename."""

    old_slug = Varchar(length=80, unique=True, index=True)
    startup = ForeignKey(references=Startup, on_delete=OnDelete.cascade)


class StartupMember(Table, tablename="startup_member"):
    startup = ForeignKey(references=Startup, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    role = Varchar(length=10, default="member")
    joined_at = Timestamptz(default=TimestamptzNow())


class StartupInvitation(Table, tablename="startup_invitation"):
    startup = ForeignKey(references=Startup, on_delete=OnDelete.cascade, index=True)
    email = Varchar(length=254, index=True)
    token_hash = Varchar(length=64, unique=True, index=True)
    invited_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    status = Varchar(length=10, default="pending")
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    responded_at = Timestamptz(null=True, default=None)
