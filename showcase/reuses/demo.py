"""Demo reuses for a first start: about sixty realistic reuses of the bundled datasets, with generated covers.

Called by showcase.demo.load_demo after the demo people, startups and citations exist. Every reuse goes through the
real code path: `domain.save_reuse` as its owner (citations resolved through the bundled portal, themes and tags
checked), covers through the picture pipeline (`store_picture`: variants, content-addressed), moderation through
`domain.apply_action` by the demo moderator. Only what the workflow cannot fake is written directly afterwards:
publication dates spread over eighteen months, and view counts.

Idempotent: a reuse whose slug (or address) already exists is left alone. Does nothing (returns 0) unless the bundled
portal snapshot stands in for the portal, since the citations need it.
"""

from __future__ import annotations

import io
import logging
import math
import os
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import anyio
from PIL import Image, ImageDraw, ImageFont

from showcase.accounts.queries import session_user_from_row
from showcase.accounts.tables import User
from showcase.exceptions import InvalidInput
from showcase.portal.tables import Theme
from showcase.reuses import domain
from showcase.reuses.fields import url_identity
from showcase.reuses.tables import ModerationEvent, Reuse
from showcase.startups.fields import slugify
from showcase.startups.tables import Startup, StartupMember

log = logging.getLogger(__name__)

# --- The bundled datasets the reuses cite (names from showcase/portal/snapshot/packages.json) --------------------

BARRAGES = "situation-des-principaux-barrages-taux-de-remplissage"
DIRHAM = "cours-de-reference-du-dirham"
MRE = "transferts-des-marocains-residant-a-l-etranger"
COMMERCE = "commerce-exterieur-mensuel-par-groupement-d-utilisation"
VOYAGES = "recettes-et-depenses-voyages"
MONNAIE = "statistiques-monetaires-agregats-m1-m2-m3"
IPC = "indice-des-prix-a-la-consommation-base-2017"
ARRIVEES = "arrivees-aux-postes-frontieres-touristes-et-mre"
NUITEES = "nuitees-dans-les-etablissements-d-hebergement-classes"
TRESOR = "execution-budgetaire-situation-des-charges-et-ressources-du-tresor"
AIDE_LOGEMENT = "programme-d-aide-directe-au-logement-beneficiaires-par-region"
PIB = "comptes-nationaux-trimestriels-pib"
ANAPEC = "intermediation-anapec-offres-d-emploi-et-insertions"
TAUX_BANQUES = "taux-debiteurs-des-banques-par-objet-economique"
CHOMAGE = "taux-d-activite-et-de-chomage-trimestriels"
BAC = "resultats-de-l-examen-national-du-baccalaureat"
BDP = "balance-des-paiements-mbp6"
CEREALES = "production-cerealiere-par-region-et-par-espece"
DETTE = "encours-de-la-dette-du-tresor"
VACCINS = "couverture-vaccinale-des-enfants-de-moins-d-un-an"
ELECTRICITE = "production-et-consommation-d-electricite-par-source"
PECHE = "debarquements-de-la-peche-cotiere-et-artisanale-par-port"
JURIDICTIONS = "activite-des-juridictions-affaires-enregistrees-et-jugees"
FONCIER = "activite-fonciere-titres-fonciers-et-requisitions"
ELEVES = "effectifs-des-eleves-par-cycle-sexe-et-milieu"
LOI_FINANCES = "loi-de-finances-credits-du-budget-general-par-ministere"
PROG_EMPLOI = "programmes-actifs-d-emploi-idmaj-tahfiz-taehil"
ECOLES = "etablissements-scolaires-par-cycle-secteur-et-region"
SOINS = "etablissements-de-soins-de-sante-primaires"
PAUVRETE = "taux-de-pauvrete-et-de-vulnerabilite-par-region"
BIDONVILLES = "programme-villes-sans-bidonvilles-avancement-par-ville"
PLAGES = "qualite-des-eaux-de-baignade-des-plages"
POSTE = "reseau-des-agences-de-poste-maroc"
HOPITAUX = "hopitaux-publics-et-capacite-litiere-par-region"
FAMILLE = "ihsaiyat-qadaya-al-oussra-hasab-ad-daira-al-qadaiya"
ROUTES = "reseau-routier-classe"
POP_2024 = "population-legale-regions-provinces-rgph-2024"
MEDECINS = "adad-al-atibba-hasab-al-jiha-wal-qitaa"
CARTE_JUDICIAIRE = "carte-judiciaire-juridictions-du-royaume"
PERG = "taux-d-electrification-rurale-perg"
CODES_POSTAUX = "codes-postaux-du-maroc"
LOGEMENT_SOCIAL = "programme-de-logement-social-a-250-000-dirhams"
POP_2014 = "population-par-region-milieu-et-sexe-rgph-2014"

# --- The reuses -----------------------------------------------------------------------------------------------
# status: "published" (the default), "featured" (published, then featured), "submitted", "changes_requested" (with
# `moderation`, the moderator's message), "draft" or "archived". art: the cover's composition (see COMPOSITIONS),
# None for no cover. Owners are the local part of the demo people's addresses; a startup's owner is one of its members.

DEMO_REUSES: list[dict[str, Any]] = [
    # --- Applications ----------------------------------------------------------------------------------------
    {
        "type": "application", "owner": "amina", "startup": "souss-agri-data", "status": "featured", "art": "map",
        "url": "https://sqi.soussagri.example.ma", "datasets": [BARRAGES, CEREALES],
        "themes": ["agriculture", "environnement"], "tags": "irrigation, sms, barrages, souss-massa, السقي",
        "title_fr": "Sqi Souss : conseils d’irrigation par SMS",
        "title_ar": "سقي سوس: نصائح السقي عبر الرسائل القصيرة",
        "summary_fr": "Chaque matin, un SMS en darija ou en amazighe indique aux agriculteurs du Souss s’il faut "
                      "irriguer, en croisant le remplissage des barrages et la production céréalière de la région.",
        "summary_ar": "رسالة قصيرة كل صباح بالدارجة أو بالأمازيغية تخبر فلاحي سوس بما إذا كان عليهم السقي، "
                      "اعتمادا على نسبة ملء السدود والإنتاج الفلاحي للجهة.",
        "description_fr": "**Sqi Souss** envoie chaque matin un conseil d’irrigation adapté à la parcelle de "
                          "l’agriculteur. Le service suit le taux de remplissage des barrages Youssef Ben Tachfine "
                          "et Abdelmoumen pour anticiper les restrictions d’eau, et compare les rendements céréaliers "
                          "de la région d’une campagne à l’autre. Aucun smartphone n’est nécessaire : un simple "
                          "téléphone suffit.",
        "description_ar": "يرسل تطبيق **سقي سوس** كل صباح نصيحة للسقي تناسب ضيعة الفلاح. ويتتبع الخدمة نسبة ملء "
                          "سدي يوسف بن تاشفين وعبد المومن لتوقع قيود استعمال الماء، ويقارن مردودية الحبوب في الجهة "
                          "من موسم إلى آخر. ولا حاجة إلى هاتف ذكي، إذ يكفي هاتف بسيط.",
        "platforms": ["android", "web"], "stage": "growing", "business_model": "subscription",
        "impact_fr": "1 200 exploitations abonnées ; jusqu’à 20 % d’eau économisée pendant la campagne 2025.",
        "impact_ar": "1200 ضيعة مشتركة، واقتصاد ما يصل إلى 20 في المائة من مياه السقي خلال موسم 2025.",
    },
    {
        "type": "application", "owner": "karim", "startup": "tramway-plus", "status": "featured", "art": "network",
        "url": "https://itineraires.tramwayplus.example.ma", "datasets": [ROUTES, POP_2024],
        "themes": ["transport"], "tags": "mobilité, itinéraires, routes, autoroutes, التنقل",
        "title_fr": "Tramway Plus Routes : calculateur d’itinéraires interurbains",
        "title_ar": "ترامواي بلوس: حاسبة المسارات الطرقية بين المدن",
        "summary_fr": "Un calculateur d’itinéraires qui combine autoroutes, routes nationales et régionales, avec "
                      "les distances et les temps de trajet estimés entre les chefs-lieux de province.",
        "summary_ar": "حاسبة مسارات تجمع بين الطرق السيارة والطرق الوطنية والجهوية، مع المسافات ومدة السفر "
                      "التقديرية بين عواصم الأقاليم.",
        "description_fr": "L’application s’appuie sur le réseau routier classé pour proposer l’itinéraire le plus "
                          "court ou le plus rapide entre deux villes. La population légale du RGPH 2024 sert à "
                          "hiérarchiser les villes affichées selon le niveau de zoom. Un mode hors ligne permet de "
                          "consulter les trajets dans les zones sans couverture réseau.",
        "description_ar": "يعتمد التطبيق على الشبكة الطرقية المصنفة لاقتراح أقصر مسار أو أسرعه بين مدينتين. "
                          "وتُستعمل أرقام السكان القانونيين في إحصاء 2024 لترتيب المدن المعروضة حسب مستوى التكبير. "
                          "كما يتيح وضع دون اتصال الاطلاع على المسارات في المناطق التي لا تغطيها الشبكة.",
        "platforms": ["web", "android", "ios"], "stage": "launched", "business_model": "advertising",
        "impact_fr": "45 000 itinéraires calculés chaque mois.",
        "impact_ar": "45 ألف مسار يُحتسب كل شهر.",
    },
    {
        "type": "application", "owner": "amina", "startup": "tramway-plus", "art": "map",
        "url": "https://agences.tramwayplus.example.ma", "datasets": [POSTE, CODES_POSTAUX],
        "themes": ["transport"], "tags": "poste, agences, codes postaux, proximité",
        "title_fr": "L’agence Poste Maroc la plus proche",
        "title_ar": "أقرب وكالة لبريد المغرب",
        "summary_fr": "Trouvez en deux clics l’agence Poste Maroc la plus proche, ses services et le code postal "
                      "de votre commune.",
        "summary_ar": "ابحث في نقرتين عن أقرب وكالة لبريد المغرب وخدماتها والرمز البريدي لجماعتك.",
        "description_fr": "Cette application géolocalise les agences du réseau Poste Maroc et les associe aux codes "
                          "postaux de chaque commune. Elle est intégrée à l’offre Tramway Plus pour proposer le trajet "
                          "en transport en commun jusqu’à l’agence.",
        "description_ar": "يحدد هذا التطبيق مواقع وكالات شبكة بريد المغرب ويربطها بالرموز البريدية لكل جماعة. "
                          "وهو مدمج في خدمات «ترامواي بلوس» لاقتراح المسار عبر النقل العمومي إلى الوكالة.",
        "platforms": ["web", "android"], "stage": "beta", "business_model": "free",
    },
    {
        "type": "application", "owner": "youssef", "art": "bars",
        "url": "https://sakan.example.ma", "datasets": [LOGEMENT_SOCIAL, AIDE_LOGEMENT],
        "themes": ["habitat", "finance"], "tags": "logement social, aide au logement, simulateur, السكن",
        "title_fr": "Sakan : suis-je éligible à l’aide au logement ?",
        "title_ar": "سكن: هل أستفيد من الدعم المباشر للسكن؟",
        "summary_fr": "Un questionnaire en cinq étapes pour savoir si vous pouvez bénéficier de l’aide directe au "
                      "logement, et les programmes de logement social en cours dans votre région.",
        "summary_ar": "استبيان من خمس مراحل لمعرفة ما إذا كنت تستوفي شروط الدعم المباشر للسكن، مع برامج السكن "
                      "الاجتماعي الجارية في جهتك.",
        "description_fr": "Sakan pose quelques questions simples (revenu, résidence, premier achat) et indique le "
                          "montant d’aide auquel vous pourriez prétendre. L’application montre ensuite le nombre de "
                          "bénéficiaires déjà recensés dans votre région et l’avancement du programme à 250 000 "
                          "dirhams. Aucune donnée personnelle n’est conservée.",
        "description_ar": "يطرح تطبيق «سكن» أسئلة بسيطة (الدخل، مكان الإقامة، الاقتناء لأول مرة) ثم يبين مبلغ "
                          "الدعم الذي قد تستفيد منه. ويعرض بعد ذلك عدد المستفيدين في جهتك وتقدم برنامج السكن "
                          "الاجتماعي بقيمة 250.000 درهم. ولا يحتفظ التطبيق بأي معطيات شخصية.",
    },
    {
        "type": "application", "owner": "amina", "art": "dots",
        "url": "https://plages.example.org", "datasets": [PLAGES],
        "themes": ["environnement", "tourisme"], "tags": "plages, baignade, été, qualité de l’eau, الشواطئ",
        "title_fr": "Plages propres : la qualité de l’eau avant de partir",
        "title_ar": "شواطئ نظيفة: جودة مياه الاستحمام قبل السفر",
        "summary_fr": "La qualité des eaux de baignade de plus de 150 plages, de Saïdia à Dakhla, sur une carte "
                      "simple à consulter depuis son téléphone.",
        "summary_ar": "جودة مياه الاستحمام في أزيد من 150 شاطئا، من السعيدية إلى الداخلة، على خريطة سهلة "
                      "الاستعمال من الهاتف.",
        "description_fr": "Avant de partir à la plage, vérifiez si l’eau est conforme aux normes de baignade. "
                          "Plages propres reprend le classement publié chaque saison et signale les plages "
                          "déconseillées. Une vue « près de moi » trie les plages par distance.",
        "description_ar": "قبل التوجه إلى الشاطئ، تحقق من مطابقة المياه لمعايير الاستحمام. يعرض التطبيق التصنيف "
                          "المنشور في كل موسم ويُنبه إلى الشواطئ غير المنصوح بها، مع عرض الشواطئ الأقرب إليك.",
    },
    {
        "type": "application", "owner": "youssef", "startup": "madinati", "art": "rings",
        "url": "https://budget.madinati.example.ma", "datasets": [LOI_FINANCES, TRESOR],
        "themes": ["finance"], "tags": "budget, finances publiques, transparence, الميزانية",
        "title_fr": "Madinati Budget : le budget de l’État pour tous",
        "title_ar": "مدينتي ميزانية: ميزانية الدولة في متناول الجميع",
        "summary_fr": "Explorez les crédits votés par ministère et suivez leur exécution mois par mois, avec des "
                      "explications en langage simple.",
        "summary_ar": "استكشف الاعتمادات المصادق عليها لكل وزارة وتتبع تنفيذها شهرا بشهر، مع شروح بلغة بسيطة.",
        "description_fr": "Madinati Budget met côte à côte la loi de finances et la situation mensuelle des charges "
                          "et ressources du Trésor. Chaque ligne budgétaire est accompagnée d’une courte explication "
                          "rédigée avec des enseignants et des associations de quartier.",
        "description_ar": "يضع «مدينتي ميزانية» قانون المالية جنبا إلى جنب مع الوضعية الشهرية لتحملات وموارد "
                          "الخزينة. ويرافق كل بند من بنود الميزانية شرح قصير أُعد بتعاون مع أساتذة وجمعيات الأحياء.",
        "platforms": ["web"], "stage": "prototype", "business_model": "non_profit",
        "impact_fr": "Utilisé dans 14 ateliers citoyens à Rabat, Salé et Kénitra.",
        "impact_ar": "استُعمل في 14 ورشة للمواطنين بالرباط وسلا والقنيطرة.",
    },
    {
        "type": "application", "owner": "salma", "startup": "madinati", "art": "map",
        "url": "https://mahkama.madinati.example.ma", "datasets": [CARTE_JUDICIAIRE, JURIDICTIONS],
        "themes": ["justice"], "tags": "tribunaux, justice, carte judiciaire, المحاكم",
        "title_fr": "Quel tribunal pour mon dossier ?",
        "title_ar": "أي محكمة تختص بملفي؟",
        "summary_fr": "Indiquez votre commune et le type d’affaire : l’application vous oriente vers la juridiction "
                      "compétente et montre sa charge de travail.",
        "summary_ar": "أدخل جماعتك ونوع القضية، ويوجهك التطبيق إلى المحكمة المختصة مع بيان حجم القضايا المعروضة عليها.",
        "description_fr": "À partir de la carte judiciaire du Royaume, l’application retrouve le tribunal de première "
                          "instance, la cour d’appel ou la juridiction spécialisée dont dépend une commune. Elle "
                          "affiche aussi le nombre d’affaires enregistrées et jugées l’an dernier.",
        "description_ar": "انطلاقا من الخريطة القضائية للمملكة، يحدد التطبيق المحكمة الابتدائية أو محكمة الاستئناف "
                          "أو المحكمة المتخصصة التي تتبع لها كل جماعة، ويعرض عدد القضايا المسجلة والمحكومة خلال "
                          "السنة الماضية.",
        "platforms": ["web", "android"], "stage": "beta", "business_model": "public",
    },
    {
        "type": "application", "owner": "karim", "art": "map",
        "url": "https://sahti.example.ma", "datasets": [SOINS, HOPITAUX],
        "themes": ["sante"], "tags": "santé, centres de santé, hôpitaux, الصحة",
        "title_fr": "Sahti : le centre de santé le plus proche",
        "title_ar": "صحتي: أقرب مركز صحي",
        "summary_fr": "Les centres de santé primaires et les hôpitaux publics autour de vous, avec leur capacité "
                      "litière et leurs coordonnées.",
        "summary_ar": "مراكز الصحة الأولية والمستشفيات العمومية القريبة منك، مع طاقتها السريرية وعناوينها.",
        "description_fr": "Sahti réunit sur une seule carte les établissements de soins de santé primaires et les "
                          "hôpitaux publics. Les filtres permettent de trouver un centre de santé rural, un hôpital "
                          "provincial ou un centre hospitalier régional.",
        "description_ar": "يجمع تطبيق «صحتي» على خريطة واحدة مؤسسات الرعاية الصحية الأولية والمستشفيات العمومية، "
                          "مع إمكانية البحث عن مركز صحي قروي أو مستشفى إقليمي أو مركز استشفائي جهوي.",
    },
    {
        "type": "application", "owner": "salma", "startup": "atlas-patrimoine", "art": "rings",
        "url": "https://parcours.atlaspatrimoine.example.ma", "datasets": [NUITEES, ARRIVEES],
        "themes": ["tourisme"], "tags": "patrimoine, audioguide, marrakech, safi, tourisme",
        "title_fr": "Atlas Patrimoine : parcours audio dans la médina de Marrakech",
        "summary_fr": "Des parcours audio de 45 minutes dans la médina de Marrakech, proposés aux heures où les "
                      "monuments sont les moins fréquentés.",
        "description_fr": "Les parcours sont narrés en français, en arabe et en anglais par des guides agréés. Les "
                          "statistiques de nuitées et d’arrivées aux frontières servent à prévoir l’affluence et à "
                          "proposer des horaires plus calmes. Une version pour Safi est en préparation.",
        "platforms": ["android", "ios"], "stage": "prototype", "business_model": "freemium",
        "impact_fr": "Testé avec 300 visiteurs pendant l’été 2026.",
    },
    {
        "type": "application", "owner": "karim", "startup": "oriental-solar-map", "art": "bars",
        "url": "https://calcul.solarmap.example.ma", "datasets": [ELECTRICITE, PERG],
        "themes": ["energie"], "tags": "solaire, photovoltaïque, électricité, الطاقة الشمسية",
        "title_fr": "Calculateur solaire de l’Oriental",
        "title_ar": "حاسبة الطاقة الشمسية لجهة الشرق",
        "summary_fr": "Estimez en une minute la production et la rentabilité de panneaux solaires sur votre toit, "
                      "à Oujda, Nador ou Figuig.",
        "summary_ar": "قدّر في دقيقة واحدة إنتاج الألواح الشمسية فوق سطح منزلك ومردوديتها، في وجدة أو الناظور أو فجيج.",
        "description_fr": "Le calculateur combine l’ensoleillement local avec la structure de la production et de "
                          "la consommation d’électricité publiée par l’ONEE. Il compare le coût d’une installation "
                          "au prix du kilowattheure et indique la durée d’amortissement.",
        "description_ar": "تجمع الحاسبة بين معطيات الإشعاع الشمسي المحلي وبنية إنتاج الكهرباء واستهلاكها التي "
                          "ينشرها المكتب الوطني للكهرباء والماء الصالح للشرب. وتقارن كلفة التجهيز بثمن "
                          "الكيلوواط ساعة، وتبين مدة استرداد الاستثمار.",
        "platforms": ["web", "android"], "stage": "launched", "business_model": "services",
        "impact_fr": "2 800 simulations ; 140 installations réalisées avec des artisans partenaires.",
        "impact_ar": "2800 عملية محاكاة و140 تجهيزا أُنجز مع حرفيين شركاء.",
    },
    {
        "type": "application", "owner": "youssef", "art": "bars",
        "url": "https://tawjih.example.ma", "datasets": [BAC, ELEVES],
        "themes": ["education"], "tags": "baccalauréat, orientation, lycée, التوجيه",
        "title_fr": "Tawjih : s’orienter après le bac",
        "title_ar": "توجيه: اختيار المسار بعد الباكالوريا",
        "summary_fr": "Comparez les filières du baccalauréat, leurs taux de réussite et les débouchés, pour "
                      "choisir son orientation en connaissance de cause.",
        "summary_ar": "قارن شعب الباكالوريا ونسب النجاح فيها وآفاقها، لاختيار توجيهك عن بينة.",
        "description_fr": "Tawjih présente, filière par filière, les résultats de l’examen national du "
                          "baccalauréat et l’évolution des effectifs au lycée. Les élèves de tronc commun y trouvent "
                          "des fiches claires et un simulateur de moyenne.",
        "description_ar": "يعرض تطبيق «توجيه» نتائج الامتحان الوطني للباكالوريا حسب الشعب وتطور أعداد التلاميذ في "
                          "التعليم الثانوي التأهيلي، مع بطاقات واضحة لتلاميذ الجذع المشترك ومحاكٍ لحساب المعدل.",
    },
    {
        "type": "application", "owner": "karim", "art": "lines",
        "url": "https://widget-dirham.example.org", "datasets": [DIRHAM],
        "themes": ["finance"], "tags": "dirham, taux de change, widget, euro, dollar",
        "title_fr": "Widget dirham : le cours du jour sur votre site",
        "title_ar": "أداة الدرهم: سعر الصرف اليومي على موقعك",
        "summary_fr": "Un petit module à coller dans n’importe quelle page web pour afficher le cours de référence "
                      "du dirham face à l’euro, au dollar et à la livre.",
        "summary_ar": "أداة صغيرة تُدرج في أي صفحة إلكترونية لعرض السعر المرجعي للدرهم مقابل الأورو والدولار والجنيه.",
        "description_fr": "Le widget se met à jour chaque jour ouvrable à partir des cours de référence de Bank "
                          "Al-Maghrib. Il pèse moins de 10 Ko, fonctionne sans cookie et s’adapte au thème clair ou "
                          "sombre. Les agences de voyage et les sites d’e-commerce l’utilisent pour afficher leurs "
                          "prix en devises.",
        "description_ar": "تُحدَّث الأداة في كل يوم عمل انطلاقا من الأسعار المرجعية لبنك المغرب. ولا يتجاوز حجمها "
                          "10 كيلوبايت، وتعمل دون ملفات تعريف الارتباط، وتتلاءم مع الواجهة الفاتحة أو الداكنة.",
    },
    {
        "type": "application", "owner": "amina", "art": None,
        "url": "https://khedma.example.ma", "datasets": [ANAPEC, PROG_EMPLOI],
        "themes": ["emploi"], "tags": "emploi, anapec, jeunes, الشغل",
        "title_fr": "Khedma : les offres de l’ANAPEC près de chez moi",
        "title_ar": "خدمة: عروض الأنابيك قرب مقر سكني",
        "summary_fr": "Les offres d’emploi et les programmes Idmaj, Tahfiz et Taehil expliqués simplement, agence "
                      "par agence.",
        "summary_ar": "عروض الشغل وبرامج إدماج وتحفيز وتأهيل مشروحة ببساطة، وكالة بوكالة.",
        "description_fr": "Khedma aide les jeunes diplômés à repérer les agences ANAPEC qui placent le plus de "
                          "candidats dans leur domaine. L’application explique aussi les conditions des programmes "
                          "actifs d’emploi.",
        "description_ar": "يساعد تطبيق «خدمة» الشباب حاملي الشهادات على معرفة وكالات الأنابيك الأكثر إدماجا في "
                          "مجال تخصصهم، ويشرح شروط الاستفادة من البرامج النشيطة للتشغيل.",
    },
    {
        "type": "application", "owner": "youssef", "art": "dots",
        "url": "https://talqih.example.ma", "datasets": [VACCINS, SOINS],
        "themes": ["sante"], "tags": "التلقيح, الأطفال, الصحة, تذكير",
        "title_ar": "تلقيح: مفكرة تلقيح الأطفال",
        "summary_ar": "تطبيق يذكّر الآباء بمواعيد تلقيح أطفالهم حسب البرنامج الوطني، ويدلهم على أقرب مركز صحي.",
        "description_ar": "يتيح تطبيق **تلقيح** تسجيل تاريخ ازدياد الطفل ثم يرسل تذكيرا قبل كل موعد تلقيح. "
                          "ويعرض التطبيق نسب التغطية بالتلقيح في كل إقليم، ويدل الأسر على مؤسسات الرعاية الصحية "
                          "الأولية القريبة منها. ويعمل التطبيق دون اتصال بالإنترنت بعد تثبيته.",
    },
    {
        "type": "application", "owner": "karim", "art": "lines",
        "url": "https://souk-prix.example.org", "datasets": [IPC],
        "themes": ["finance"], "tags": "prix, inflation, panier, consommation",
        "title_fr": "Souk Prix : mon panier face à l’inflation",
        "title_ar": "سوق الأسعار: سلتي أمام التضخم",
        "summary_fr": "Composez votre panier (pain, huile, légumes, transport…) et voyez combien il coûte de plus "
                      "qu’en 2017 selon l’indice des prix à la consommation.",
        "summary_ar": "كوّن سلتك (الخبز، الزيت، الخضر، النقل...) واكتشف كم ارتفعت كلفتها مقارنة بسنة 2017 حسب "
                      "مؤشر الأسعار عند الاستهلاك.",
        "description_fr": "Souk Prix applique à votre propre panier les indices par division de l’IPC (base 100 en "
                          "2017). Le résultat est une inflation personnelle, souvent différente de la moyenne "
                          "nationale. Les données sont mises à jour chaque mois.",
        "description_ar": "يطبق «سوق الأسعار» مؤشرات الأقسام في مؤشر الأسعار عند الاستهلاك (أساس 100 سنة 2017) "
                          "على سلتك الخاصة، فتحصل على نسبة تضخم شخصية قد تختلف عن المعدل الوطني.",
    },
    {
        "type": "application", "owner": "youssef", "startup": "souss-agri-data", "art": "bars",
        "url": "https://bahr.soussagri.example.ma", "datasets": [PECHE],
        "themes": ["agriculture"], "tags": "pêche, ports, débarquements, sardine, الصيد البحري",
        "title_fr": "Bahr : les débarquements de poisson port par port",
        "title_ar": "بحر: مفرغات الصيد ميناء بميناء",
        "summary_fr": "Volumes et valeurs des débarquements de la pêche côtière et artisanale, d’Agadir à Tan-Tan, "
                      "pour aider les coopératives de pêcheurs à négocier.",
        "summary_ar": "كميات وقيم مفرغات الصيد الساحلي والتقليدي، من أكادير إلى طانطان، لمساعدة تعاونيات الصيادين "
                      "على التفاوض.",
        "description_fr": "Bahr suit les débarquements mensuels par port et par espèce, et compare les prix moyens "
                          "à ceux de l’année précédente. Les coopératives reçoivent une alerte quand le prix de la "
                          "sardine ou du poulpe s’écarte de la tendance.",
        "description_ar": "يتتبع تطبيق «بحر» المفرغات الشهرية حسب الميناء والنوع، ويقارن متوسط الأسعار بأسعار السنة "
                          "الماضية. وتتوصل التعاونيات بتنبيه كلما ابتعد ثمن السردين أو الأخطبوط عن منحاه المعتاد.",
        "platforms": ["android"], "stage": "beta", "business_model": "services",
    },
    {
        "type": "application", "owner": "salma", "startup": "tramway-plus", "status": "submitted", "art": "network",
        "url": "https://livraison.tramwayplus.example.ma", "datasets": [ROUTES, CODES_POSTAUX],
        "themes": ["transport"], "tags": "logistique, livraison, dernier kilomètre, e-commerce",
        "title_fr": "Tramway Plus Livraison : tournées du dernier kilomètre",
        "title_ar": "ترامواي بلوس توصيل: جولات الكيلومتر الأخير",
        "summary_fr": "Un outil de planification des tournées de livraison pour les petits commerçants en ligne, "
                      "fondé sur les codes postaux et le réseau routier.",
        "summary_ar": "أداة لتخطيط جولات التوصيل لفائدة صغار التجار عبر الإنترنت، تعتمد على الرموز البريدية "
                      "والشبكة الطرقية.",
        "description_fr": "Tramway Plus Livraison regroupe les colis par code postal et calcule l’ordre de passage "
                          "le plus court. L’outil est en test avec cinq boutiques casablancaises.",
        "description_ar": "يجمع التطبيق الطرود حسب الرمز البريدي ويحتسب أقصر ترتيب للمرور، ويُجرَّب حاليا مع "
                          "خمسة متاجر بالدار البيضاء.",
        "platforms": ["web"], "stage": "idea", "business_model": "subscription",
    },
    {
        "type": "application", "owner": "youssef", "startup": "madinati", "status": "draft", "art": None,
        "url": "https://bidonvilles.madinati.example.ma", "datasets": [BIDONVILLES, LOGEMENT_SOCIAL],
        "themes": ["habitat"], "tags": "bidonvilles, relogement, habitat",
        "title_fr": "Suivi citoyen du programme Villes sans bidonvilles",
        "title_ar": "التتبع المواطن لبرنامج مدن بدون صفيح",
        "summary_fr": "Brouillon : suivre ville par ville l’avancement du programme et les relogements.",
        "summary_ar": "مسودة: تتبع تقدم البرنامج وعمليات إعادة الإسكان مدينة بمدينة.",
        "description_fr": "Première version de travail. Il reste à ajouter les villes déclarées sans bidonvilles "
                          "depuis 2023.",
        "description_ar": "نسخة عمل أولى، ولا تزال المدن المعلنة بدون صفيح منذ 2023 في حاجة إلى الإضافة.",
        "platforms": ["web"], "stage": "idea", "business_model": "non_profit",
    },
    # --- Visualisations --------------------------------------------------------------------------------------
    {
        "type": "visualisation", "owner": "amina", "status": "featured", "art": "bars",
        "url": "https://barrages.example.ma", "datasets": [BARRAGES],
        "themes": ["environnement", "agriculture"], "tags": "barrages, eau, sécheresse, tableau de bord, السدود",
        "title_fr": "Tableau de bord des barrages du Maroc",
        "title_ar": "لوحة قيادة السدود المغربية",
        "summary_fr": "Le taux de remplissage des grands barrages, jour après jour et bassin par bassin, comparé aux "
                      "cinq dernières années.",
        "summary_ar": "نسبة ملء السدود الكبرى يوما بيوم وحوضا بحوض، مقارنة بالسنوات الخمس الأخيرة.",
        "description_fr": "Ce tableau de bord reprend la situation quotidienne des principaux barrages publiée par "
                          "le ministère de l’Équipement et de l’Eau. Chaque bassin hydraulique a sa courbe, du "
                          "Loukkos au Souss-Massa, et une jauge montre la réserve en millions de m³. Les données sont "
                          "rafraîchies chaque matin.",
        "description_ar": "تعرض لوحة القيادة هذه الوضعية اليومية لأهم السدود كما تنشرها وزارة التجهيز والماء. "
                          "ولكل حوض مائي منحناه الخاص، من اللوكوس إلى سوس ماسة، مع مقياس يبين المخزون بملايين "
                          "الأمتار المكعبة. وتُحدَّث المعطيات كل صباح.",
    },
    {
        "type": "visualisation", "owner": "youssef", "art": "map",
        "url": "https://ecoles.example.ma", "datasets": [ECOLES, ELEVES, POP_2024],
        "themes": ["education", "population"], "tags": "écoles, carte, régions, enseignement, المدارس",
        "title_fr": "La carte des écoles par région",
        "title_ar": "خريطة المؤسسات التعليمية حسب الجهة",
        "summary_fr": "Combien d’écoles, de collèges et de lycées publics et privés dans chaque région, rapportés au "
                      "nombre d’habitants et d’élèves.",
        "summary_ar": "عدد المدارس والإعداديات والثانويات العمومية والخصوصية في كل جهة، مقارنة بعدد السكان والتلاميذ.",
        "description_fr": "La carte colore les douze régions selon le nombre d’établissements pour 10 000 habitants. "
                          "Un clic sur une région détaille les cycles (primaire, collégial, qualifiant) et la part "
                          "du privé. Les effectifs d’élèves par milieu montrent l’écart entre villes et campagnes.",
        "description_ar": "تلوّن الخريطة الجهات الاثنتي عشرة حسب عدد المؤسسات لكل 10.000 نسمة، وتفصّل عند النقر "
                          "الأسلاك التعليمية (الابتدائي والإعدادي والتأهيلي) وحصة التعليم الخصوصي. وتُبرز أعداد "
                          "التلاميذ حسب الوسط الفارق بين المدن والقرى.",
    },
    {
        "type": "visualisation", "owner": "karim", "art": "bars",
        "url": "https://bac-explorer.example.org", "datasets": [BAC],
        "themes": ["education"], "tags": "baccalauréat, résultats, académies, الباكالوريا",
        "title_fr": "Explorateur des résultats du baccalauréat",
        "title_ar": "مستكشف نتائج الباكالوريا",
        "summary_fr": "Taux de réussite au bac par académie, filière et sexe depuis 2015, en graphiques interactifs.",
        "summary_ar": "نسب النجاح في الباكالوريا حسب الأكاديمية والشعبة والجنس منذ 2015، في رسوم بيانية تفاعلية.",
        "description_fr": "L’explorateur permet de comparer deux académies, de suivre une filière dans le temps ou "
                          "de voir l’écart entre filles et garçons. Les mentions sont présentées séparément. Chaque "
                          "graphique peut être exporté en PNG ou intégré dans un article.",
        "description_ar": "يتيح المستكشف مقارنة أكاديميتين، أو تتبع شعبة عبر السنوات، أو قياس الفارق بين الإناث "
                          "والذكور، مع عرض الميزات بشكل منفصل. ويمكن تصدير كل رسم بياني أو إدراجه في مقال.",
    },
    {
        "type": "visualisation", "owner": "amina", "art": "map",
        "url": "https://vaccination.example.org", "datasets": [VACCINS, POP_2024],
        "themes": ["sante"], "tags": "vaccination, enfants, provinces, santé publique",
        "title_fr": "Couverture vaccinale des enfants, province par province",
        "title_ar": "التغطية بالتلقيح لدى الأطفال حسب الأقاليم",
        "summary_fr": "Une carte et des courbes pour suivre la couverture vaccinale des enfants de moins d’un an "
                      "(BCG, polio, rougeole) dans chaque province.",
        "summary_ar": "خريطة ومنحنيات لتتبع التغطية بالتلقيح لدى الأطفال دون السنة الأولى (السل وشلل الأطفال "
                      "والحصبة) في كل إقليم.",
        "description_fr": "La visualisation met en évidence les provinces où la couverture passe sous le seuil de "
                          "95 % recommandé par l’OMS. Les courbes montrent la baisse de 2020 puis le rattrapage. "
                          "Les chiffres sont rapportés aux naissances estimées à partir du recensement.",
        "description_ar": "تُبرز هذه الخريطة الأقاليم التي تقل فيها التغطية عن عتبة 95 في المائة التي توصي بها "
                          "منظمة الصحة العالمية، وتبين المنحنيات تراجع سنة 2020 ثم التدارك الذي تلاه.",
    },
    {
        "type": "visualisation", "owner": "youssef", "art": None,
        "url": "https://dirham-tarikh.example.ma", "datasets": [DIRHAM, MONNAIE],
        "themes": ["finance"], "tags": "الدرهم, سعر الصرف, الأورو, الدولار",
        "title_ar": "الدرهم أمام الأورو والدولار منذ 2015",
        "summary_ar": "منحنى تفاعلي لتطور السعر المرجعي للدرهم مقابل الأورو والدولار، مع أهم محطات إصلاح نظام الصرف.",
        "description_ar": "يرصد هذا الرسم البياني تطور سعر الدرهم يوما بيوم منذ 2015، ويشير إلى مراحل توسيع نطاق "
                          "تقلب الدرهم في 2018 و2020. كما يعرض تطور الكتلة النقدية لفهم السياق النقدي لكل مرحلة.",
    },
    {
        "type": "visualisation", "owner": "youssef", "startup": "madinati", "status": "featured", "art": "mosaic",
        "url": "https://ou-va-le-budget.madinati.example.ma", "datasets": [LOI_FINANCES],
        "themes": ["finance"], "tags": "budget, loi de finances, ministères, treemap",
        "title_fr": "Où va le budget de l’État ?",
        "title_ar": "أين تذهب ميزانية الدولة؟",
        "summary_fr": "Une mosaïque interactive des crédits du budget général : chaque ministère, chaque chapitre, à "
                      "la bonne échelle.",
        "summary_ar": "فسيفساء تفاعلية لاعتمادات الميزانية العامة: كل وزارة وكل فصل بحجمه الحقيقي.",
        "description_fr": "Chaque rectangle est proportionnel aux crédits votés dans la loi de finances. On passe "
                          "d’un exercice à l’autre pour voir quels départements progressent. Une version imprimable "
                          "est distribuée lors des ateliers Madinati.",
        "description_ar": "كل مستطيل يتناسب مع الاعتمادات المصادق عليها في قانون المالية، ويمكن الانتقال من سنة "
                          "مالية إلى أخرى لمعرفة القطاعات التي ارتفعت ميزانيتها. وتُوزَّع نسخة مطبوعة خلال ورشات "
                          "«مدينتي».",
    },
    {
        "type": "visualisation", "owner": "karim", "art": "lines",
        "url": "https://mre-flux.example.org", "datasets": [MRE, BDP],
        "themes": ["finance", "population"], "tags": "mre, transferts, diaspora, balance des paiements",
        "title_fr": "Transferts des MRE : les saisons de l’argent envoyé",
        "title_ar": "تحويلات مغاربة العالم: مواسم الأموال المرسلة",
        "summary_fr": "Mois par mois, les transferts des Marocains du monde : le pic de l’été, celui de l’Aïd, et le "
                      "poids de chaque pays de provenance.",
        "summary_ar": "تحويلات مغاربة العالم شهرا بشهر: ذروة الصيف وذروة العيد، ووزن كل بلد من بلدان المصدر.",
        "description_fr": "La visualisation superpose les années pour faire apparaître la saisonnalité des "
                          "transferts. Un second graphique les compare aux recettes de voyages et aux autres postes "
                          "de la balance des paiements.",
        "description_ar": "يضع الرسم السنوات فوق بعضها لإبراز الطابع الموسمي للتحويلات، ويقارنها رسم ثانٍ بمداخيل "
                          "الأسفار وباقي بنود ميزان الأداءات.",
    },
    {
        "type": "visualisation", "owner": "salma", "art": "map",
        "url": "https://pauvrete.example.org", "datasets": [PAUVRETE, POP_2014],
        "themes": ["population"], "tags": "pauvreté, vulnérabilité, régions, inégalités, الفقر",
        "title_fr": "Pauvreté et vulnérabilité : la carte des régions",
        "title_ar": "الفقر والهشاشة: خريطة الجهات",
        "summary_fr": "Où vivent les ménages pauvres et vulnérables ? Une carte des taux par région et par milieu, "
                      "pondérée par la population.",
        "summary_ar": "أين تعيش الأسر الفقيرة والهشة؟ خريطة للنسب حسب الجهة والوسط، موزونة بعدد السكان.",
        "description_fr": "Cette carte met en regard les taux de pauvreté et de vulnérabilité avec le nombre "
                          "d’habitants. Elle montre qu’une région au taux modéré peut compter plus de personnes "
                          "pauvres qu’une région au taux élevé.",
        "description_ar": "تقابل هذه الخريطة بين نسب الفقر والهشاشة وعدد السكان، وتبين أن جهة ذات نسبة معتدلة قد "
                          "تضم عددا من الفقراء يفوق جهة ذات نسبة مرتفعة.",
    },
    {
        "type": "visualisation", "owner": "amina", "art": "dots",
        "url": "https://atibba.example.ma", "datasets": [MEDECINS, POP_2024, HOPITAUX],
        "themes": ["sante", "population"], "tags": "الأطباء, الصحة, الجهات, médecins",
        "title_fr": "Médecins pour 10 000 habitants, région par région",
        "title_ar": "عدد الأطباء لكل 10.000 نسمة حسب الجهات",
        "summary_fr": "La densité médicale de chaque région, secteur public et privé, comparée au nombre de lits "
                      "d’hôpital.",
        "summary_ar": "الكثافة الطبية في كل جهة بالقطاعين العام والخاص، مقارنة بعدد الأسرّة في المستشفيات.",
        "description_fr": "Chaque bulle représente une région : sa position indique le nombre de médecins et de lits "
                          "pour 10 000 habitants, sa taille la population.",
        "description_ar": "تمثل كل دائرة جهة من الجهات: يدل موقعها على عدد الأطباء والأسرّة لكل 10.000 نسمة، "
                          "ويدل حجمها على عدد السكان. ويظهر بوضوح الفارق بين محور الدار البيضاء والرباط وباقي "
                          "الجهات، وبين القطاع العام والقطاع الخاص.",
    },
    {
        "type": "visualisation", "owner": "salma", "startup": "atlas-patrimoine", "art": "lines",
        "url": "https://tourisme.atlaspatrimoine.example.ma", "datasets": [NUITEES, ARRIVEES, VOYAGES],
        "themes": ["tourisme"], "tags": "tourisme, nuitées, arrivées, saisonnalité",
        "title_fr": "Le tourisme au Maroc mois par mois",
        "title_ar": "السياحة في المغرب شهرا بشهر",
        "summary_fr": "Arrivées aux frontières, nuitées dans les hôtels classés et recettes voyages : trois courbes "
                      "pour lire la saison touristique.",
        "summary_ar": "الوافدون عبر المراكز الحدودية، وليالي المبيت في الفنادق المصنفة، ومداخيل الأسفار: ثلاثة "
                      "منحنيات لقراءة الموسم السياحي.",
        "description_fr": "Les trois séries sont alignées sur la même échelle de temps pour repérer la reprise après "
                          "2020 et les records de 2024 et 2025. Un filtre distingue les touristes étrangers des MRE.",
        "description_ar": "تُعرض السلاسل الثلاث على المحور الزمني نفسه لرصد الانتعاش بعد 2020 والأرقام القياسية "
                          "لسنتي 2024 و2025، مع إمكانية التمييز بين السياح الأجانب ومغاربة العالم.",
    },
    {
        "type": "visualisation", "owner": "youssef", "startup": "oriental-solar-map", "status": "featured",
        "art": "rings",
        "url": "https://mix.solarmap.example.ma", "datasets": [ELECTRICITE],
        "themes": ["energie"], "tags": "électricité, énergies renouvelables, mix énergétique, الكهرباء",
        "title_fr": "Le mix électrique du Maroc en un coup d’œil",
        "title_ar": "المزيج الكهربائي للمغرب في لمحة",
        "summary_fr": "Charbon, gaz, éolien, solaire, hydraulique : la part de chaque source dans la production "
                      "d’électricité, année après année.",
        "summary_ar": "الفحم والغاز والريح والشمس والماء: حصة كل مصدر في إنتاج الكهرباء سنة بعد سنة.",
        "description_fr": "Des anneaux concentriques montrent la part de chaque source, du plus ancien exercice au "
                          "plus récent. On y voit la montée de l’éolien et du solaire depuis la mise en service de "
                          "Noor Ouarzazate, et la place encore importante du charbon.",
        "description_ar": "تُظهر حلقات متحدة المركز حصة كل مصدر من أقدم سنة إلى أحدثها، ويتضح فيها صعود طاقة "
                          "الريح والطاقة الشمسية منذ تشغيل محطة نور ورزازات، والمكانة التي ما يزال يحتلها الفحم.",
    },
    {
        "type": "visualisation", "owner": "karim", "art": None,
        "url": "https://perg.example.org", "datasets": [PERG, POP_2014],
        "themes": ["energie"], "tags": "électrification rurale, perg, onee, villages",
        "title_fr": "Électrification rurale : le chemin parcouru depuis 1996",
        "summary_fr": "Le taux d’électrification rurale est passé de 18 % en 1995 à plus de 99 % : l’histoire du "
                      "PERG en une seule courbe.",
        "description_fr": "Cette courbe retrace le Programme d’électrification rurale globale lancé en 1996. Les "
                          "annotations rappellent les grandes étapes, et une carte montre les provinces où les "
                          "derniers villages ont été raccordés.",
    },
    {
        "type": "visualisation", "owner": "amina", "startup": "souss-agri-data", "art": "bars",
        "url": "https://recoltes.soussagri.example.ma", "datasets": [CEREALES, BARRAGES],
        "themes": ["agriculture"], "tags": "céréales, blé, orge, pluviométrie, الحبوب",
        "title_fr": "Récoltes céréalières et réserves en eau",
        "title_ar": "محاصيل الحبوب ومخزون المياه",
        "summary_fr": "Blé tendre, blé dur et orge région par région, face au remplissage des barrages : quand l’eau "
                      "manque, les récoltes chutent.",
        "summary_ar": "القمح اللين والقمح الصلب والشعير جهة بجهة، مقابل نسبة ملء السدود: حين يقل الماء "
                      "تتراجع المحاصيل.",
        "description_fr": "Le graphique met en parallèle la production céréalière de chaque campagne et le taux de "
                          "remplissage moyen des barrages. Les années de sécheresse 2022 et 2023 ressortent "
                          "nettement.",
        "description_ar": "يقارن الرسم البياني بين إنتاج الحبوب في كل موسم ومتوسط نسبة ملء السدود، وتبرز بوضوح "
                          "سنتا الجفاف 2022 و2023.",
    },
    {
        "type": "visualisation", "owner": "youssef", "art": "lines",
        "url": "https://tijara.example.ma", "datasets": [COMMERCE, BDP],
        "themes": ["finance"], "tags": "commerce extérieur, importations, exportations, التجارة الخارجية",
        "title_fr": "Commerce extérieur : ce que le Maroc achète et vend",
        "title_ar": "التجارة الخارجية: ماذا يشتري المغرب وماذا يبيع",
        "summary_fr": "Importations et exportations mensuelles par groupe de produits : énergie, alimentation, "
                      "automobile, phosphates.",
        "summary_ar": "الواردات والصادرات الشهرية حسب مجموعات المنتجات: الطاقة والمواد الغذائية والسيارات والفوسفاط.",
        "description_fr": "Deux aires empilées montrent la structure des importations et des exportations. Le taux "
                          "de couverture est calculé chaque mois, et le solde commercial est replacé dans la balance "
                          "des paiements.",
        "description_ar": "تبين مساحتان متراكبتان بنية الواردات والصادرات، ويُحتسب معدل التغطية كل شهر، مع وضع "
                          "العجز التجاري في سياق ميزان الأداءات.",
    },
    {
        "type": "visualisation", "owner": "salma", "art": "columns",
        "url": "https://adala-arqam.example.ma", "datasets": [JURIDICTIONS, FAMILLE],
        "themes": ["justice"], "tags": "العدالة, المحاكم, قضايا الأسرة, إحصاءات",
        "title_ar": "العدالة بالأرقام",
        "summary_ar": "عدد القضايا المسجلة والمحكومة والمتبقية في محاكم المملكة، وقضايا الأسرة حسب الدائرة القضائية.",
        "description_ar": "تعرض هذه اللوحة نشاط المحاكم سنة بعد سنة: القضايا المسجلة، والقضايا المحكومة، والقضايا "
                          "المتبقية. ويخصص قسم مستقل لقضايا الأسرة، من زواج وطلاق ونفقة، حسب كل دائرة قضائية.",
    },
    {
        "type": "visualisation", "owner": "karim", "status": "changes_requested", "art": "lines",
        "url": "https://dette.example.org", "datasets": [DETTE, PIB],
        "themes": ["finance"], "tags": "dette publique, trésor, pib",
        "title_fr": "La dette du Trésor expliquée",
        "title_ar": "دين الخزينة بشكل مبسط",
        "summary_fr": "Encours de la dette intérieure et extérieure du Trésor, rapporté au PIB.",
        "summary_ar": "جاري الدين الداخلي والخارجي للخزينة مقارنة بالناتج الداخلي الإجمالي.",
        "description_fr": "Une série de graphiques sur l’encours de la dette du Trésor depuis 2010, rapporté au PIB "
                          "trimestriel.",
        "description_ar": "سلسلة من الرسوم البيانية حول جاري دين الخزينة منذ 2010، مقارنة بالناتج الداخلي الإجمالي.",
        "moderation": "Bonjour Karim, merci pour cette visualisation. Le lien mène pour l’instant à une page « en "
                      "construction » : pouvez-vous le mettre à jour quand les graphiques seront en ligne ? Précisez "
                      "aussi dans la description si les montants sont en dirhams courants ou constants.",
    },
    # --- APIs and services -----------------------------------------------------------------------------------
    {
        "type": "api", "owner": "youssef", "art": "network",
        "url": "https://api.sukkan.example.ma", "datasets": [POP_2024, POP_2014],
        "themes": ["population"], "tags": "api, population, hcp, rgph, json, open source",
        "title_fr": "API Sukkan : la population du HCP en JSON",
        "title_ar": "واجهة سكان: معطيات السكان للمندوبية السامية بصيغة JSON",
        "summary_fr": "Une API REST gratuite qui expose la population légale des régions, provinces et préfectures "
                      "(RGPH 2014 et 2024), avec des codes géographiques stables.",
        "summary_ar": "واجهة برمجية مجانية تتيح أرقام السكان القانونيين للجهات والأقاليم والعمالات (إحصاء 2014 "
                      "و2024) مع رموز جغرافية ثابتة.",
        "description_fr": "L’API Sukkan harmonise les deux derniers recensements du HCP : mêmes codes de région et "
                          "de province, mêmes noms en français et en arabe. Un seul appel donne l’évolution entre "
                          "2014 et 2024.\n\n- `GET /regions`\n- `GET /provinces/{code}`\n"
                          "- `GET /evolution?niveau=province`",
        "description_ar": "توحّد واجهة «سكان» معطيات الإحصاءين الأخيرين للمندوبية السامية للتخطيط: الرموز نفسها "
                          "للجهات والأقاليم، والأسماء نفسها بالعربية والفرنسية. ويكفي طلب واحد للحصول على التطور "
                          "بين 2014 و2024. والشيفرة المصدرية مفتوحة.",
    },
    {
        "type": "api", "owner": "karim", "art": None,
        "url": "https://codes-postaux.example.org", "datasets": [CODES_POSTAUX, POSTE],
        "themes": ["transport"], "tags": "api, codes postaux, adresses, communes",
        "title_fr": "API Codes postaux du Maroc",
        "summary_fr": "Retrouver un code postal à partir d’une commune, ou l’inverse, et l’agence Poste Maroc qui la "
                      "dessert.",
        "description_fr": "Une API simple pour valider les adresses dans les formulaires de livraison. Elle accepte "
                          "les noms de communes avec ou sans accents, en français ou en arabe, et renvoie l’agence "
                          "postale la plus proche. Limite gratuite : 10 000 appels par jour.",
    },
    {
        "type": "api", "owner": "amina", "art": "network",
        "url": "https://api.sarf.example.ma", "datasets": [DIRHAM],
        "themes": ["finance"], "tags": "api, taux de change, dirham, csv, json",
        "title_fr": "API Sarf : les cours de référence du dirham",
        "title_ar": "واجهة صرف: الأسعار المرجعية للدرهم",
        "summary_fr": "Les cours de référence du dirham depuis 2010 en JSON et CSV, avec un point d’accès pour "
                      "convertir un montant à une date donnée.",
        "summary_ar": "الأسعار المرجعية للدرهم منذ 2010 بصيغتي JSON وCSV، مع خدمة لتحويل مبلغ في تاريخ محدد.",
        "description_fr": "Sarf reprend chaque jour les cours publiés par Bank Al-Maghrib et comble les jours fériés "
                          "avec le dernier cours connu. Les comptables l’utilisent pour convertir les factures en "
                          "devises à la date d’opération.",
        "description_ar": "تستورد واجهة «صرف» يوميا الأسعار التي ينشرها بنك المغرب، وتعتمد آخر سعر معروف في أيام "
                          "العطل. ويستعملها المحاسبون لتحويل الفواتير بالعملات الأجنبية حسب تاريخ العملية.",
    },
    {
        "type": "api", "owner": "youssef", "startup": "souss-agri-data", "art": "network",
        "url": "https://api.soussagri.example.ma", "datasets": [BARRAGES],
        "themes": ["environnement"], "tags": "api, barrages, eau, webhooks",
        "title_fr": "API Barrages : le remplissage des retenues en temps réel",
        "title_ar": "واجهة السدود: نسبة ملء حقينات السدود آنيا",
        "summary_fr": "L’API derrière Sqi Souss, ouverte aux développeurs : réserves et taux de remplissage de "
                      "chaque barrage, historique et alertes par webhook.",
        "summary_ar": "الواجهة البرمجية التي يعتمد عليها «سقي سوس»، مفتوحة للمطورين: مخزون كل سد ونسبة ملئه "
                      "وتاريخه، مع تنبيهات آلية.",
        "description_fr": "L’API normalise les noms des barrages et des bassins, et fournit un historique quotidien "
                          "depuis 2015. Les webhooks préviennent quand un barrage passe sous un seuil choisi.",
        "description_ar": "توحّد الواجهة أسماء السدود والأحواض المائية، وتوفر سجلا يوميا منذ 2015، وترسل تنبيها "
                          "كلما نزل سد تحت عتبة يحددها المستعمل.",
    },
    {
        "type": "api", "owner": "karim", "status": "submitted", "art": "lines",
        "url": "https://alertes-inflation.example.org", "datasets": [IPC],
        "themes": ["finance"], "tags": "inflation, ipc, alertes, webhooks",
        "title_fr": "Alertes inflation : l’IPC dès sa publication",
        "title_ar": "تنبيهات التضخم: مؤشر الأسعار فور نشره",
        "summary_fr": "Un service qui envoie l’indice des prix à la consommation par e-mail ou webhook dès sa "
                      "publication, avec la variation sur un mois et sur un an.",
        "summary_ar": "خدمة ترسل مؤشر الأسعار عند الاستهلاك عبر البريد الإلكتروني أو آليا فور نشره، مع تغيره "
                      "الشهري والسنوي.",
        "description_fr": "Le service surveille la publication mensuelle de l’IPC et calcule les variations par "
                          "division. Les rédactions et les services financiers peuvent s’abonner à une ville ou à "
                          "un poste de dépense.",
        "description_ar": "تراقب الخدمة النشر الشهري لمؤشر الأسعار وتحتسب التغيرات حسب الأقسام، ويمكن للمؤسسات "
                          "الإعلامية والمصالح المالية الاشتراك حسب المدينة أو بند الإنفاق.",
    },
    # --- Articles ----------------------------------------------------------------------------------------------
    {
        "type": "article", "owner": "amina", "status": "featured", "art": "lines",
        "url": "https://blog.example.ma/inflation-depuis-2017", "datasets": [IPC, DIRHAM],
        "themes": ["finance"], "tags": "inflation, prix, ipc, pouvoir d’achat, التضخم",
        "title_fr": "L’inflation au Maroc depuis 2017, en cinq graphiques",
        "title_ar": "التضخم في المغرب منذ 2017 في خمسة رسوم بيانية",
        "summary_fr": "Alimentation, transport, logement : ce qui a vraiment augmenté depuis 2017, d’après l’indice "
                      "des prix à la consommation du HCP.",
        "summary_ar": "المواد الغذائية والنقل والسكن: ما الذي ارتفع فعلا منذ 2017 حسب مؤشر الأسعار عند الاستهلاك "
                      "للمندوبية السامية للتخطيط.",
        "description_fr": "Cet article décompose l’inflation des dernières années par grande division de l’IPC. "
                          "L’épisode de 2022-2023 a surtout touché l’alimentation, alors que les services sont restés "
                          "stables. Un dernier graphique compare l’évolution des prix à celle du dirham face à l’euro.",
        "description_ar": "يفكك هذا المقال تضخم السنوات الأخيرة حسب الأقسام الكبرى لمؤشر الأسعار. فقد مسّت موجة "
                          "2022-2023 المواد الغذائية أساسا، في حين ظلت أسعار الخدمات مستقرة. ويقارن رسم أخير بين "
                          "تطور الأسعار وتطور سعر الدرهم مقابل الأورو.",
    },
    {
        "type": "article", "owner": "youssef", "art": "bars",
        "url": "https://mudawwana.example.ma/al-jafaf-wa-sudud", "datasets": [BARRAGES, CEREALES],
        "themes": ["environnement", "agriculture"], "tags": "الجفاف, السدود, الماء, الفلاحة",
        "title_ar": "الجفاف: ماذا تقول أرقام السدود؟",
        "summary_ar": "قراءة في نسب ملء السدود خلال سنوات الجفاف الأخيرة وانعكاسها على محاصيل الحبوب.",
        "description_ar": "يعود هذا المقال إلى سنوات الجفاف المتتالية التي عرفها المغرب، انطلاقا من المعطيات "
                          "اليومية لمخزون السدود. ويبين أن بعض الأحواض، مثل أم الربيع، نزلت إلى أقل من 10 في "
                          "المائة من سعتها. ويختم بمقارنة مع تراجع إنتاج الحبوب في الجهات المعنية.",
    },
    {
        "type": "article", "owner": "karim", "art": None,
        "url": "https://eco-analyses.example.org/mre-balance-des-paiements", "datasets": [MRE, BDP, VOYAGES],
        "themes": ["finance"], "tags": "mre, balance des paiements, devises",
        "title_fr": "Les MRE, premier soutien de la balance des paiements",
        "title_ar": "مغاربة العالم: الداعم الأول لميزان الأداءات",
        "summary_fr": "Les transferts des Marocains du monde dépassent désormais les recettes touristiques : ce que "
                      "cela change pour les réserves de change.",
        "summary_ar": "أصبحت تحويلات مغاربة العالم تفوق المداخيل السياحية، فماذا يعني ذلك بالنسبة لاحتياطي "
                      "العملة الصعبة؟",
        "description_fr": "L’article compare, sur dix ans, les transferts des MRE, les recettes voyages et le déficit "
                          "commercial. Il montre comment les transferts ont amorti le choc de 2020 et pourquoi ils "
                          "restent très concentrés sur quelques pays de résidence.",
        "description_ar": "يقارن المقال على مدى عشر سنوات بين تحويلات مغاربة العالم ومداخيل الأسفار والعجز "
                          "التجاري، ويبين كيف خففت التحويلات من صدمة 2020.",
    },
    {
        "type": "article", "owner": "salma", "art": "bars",
        "url": "https://education-chiffres.example.ma/bac-filles-garcons", "datasets": [BAC, ELEVES],
        "themes": ["education"], "tags": "baccalauréat, filles, égalité, éducation",
        "title_fr": "Baccalauréat : les filles creusent l’écart",
        "title_ar": "الباكالوريا: الفتيات يوسعن الفارق",
        "summary_fr": "Depuis dix ans, les bachelières réussissent mieux que les bacheliers dans presque toutes les "
                      "académies. Décryptage chiffré.",
        "summary_ar": "منذ عشر سنوات، تتفوق التلميذات على التلاميذ في نسب النجاح بأغلب الأكاديميات. قراءة في الأرقام.",
        "description_fr": "L’article rapproche les résultats du baccalauréat des effectifs par sexe et par milieu. "
                          "L’avance des filles est la plus nette dans les filières scientifiques, mais l’écart de "
                          "scolarisation en milieu rural reste important au collège.",
        "description_ar": "يقارن المقال نتائج الباكالوريا بأعداد التلاميذ حسب الجنس والوسط. ويبدو تفوق الفتيات "
                          "أوضح في الشعب العلمية، غير أن الفارق في التمدرس بالوسط القروي ما يزال كبيرا في السلك "
                          "الإعدادي.",
    },
    {
        "type": "article", "owner": "salma", "startup": "madinati", "art": "map",
        "url": "https://journal.madinati.example.ma/villes-sans-bidonvilles", "datasets": [BIDONVILLES],
        "themes": ["habitat"], "tags": "bidonvilles, habitat, relogement, villes",
        "title_fr": "Villes sans bidonvilles : où en est le programme ?",
        "title_ar": "مدن بدون صفيح: أين وصل البرنامج؟",
        "summary_fr": "Lancé en 2004, le programme a déclaré plus de soixante villes sans bidonvilles. Le point ville "
                      "par ville, et les chantiers qui restent.",
        "summary_ar": "أُطلق البرنامج سنة 2004 وأُعلنت بموجبه أكثر من ستين مدينة بدون صفيح. حصيلة مدينة بمدينة "
                          "والأوراش المتبقية.",
        "description_fr": "À partir des données d’avancement publiées par le ministère de l’Habitat, l’article "
                          "dresse le bilan du programme. Casablanca concentre encore une grande partie des ménages à "
                          "reloger.",
        "description_ar": "انطلاقا من معطيات التقدم التي تنشرها وزارة الإسكان، يرسم المقال حصيلة البرنامج، ويبين "
                          "أن الدار البيضاء ما تزال تضم جزءا كبيرا من الأسر المعنية بإعادة الإسكان.",
    },
    {
        "type": "article", "owner": "amina", "status": "archived", "art": "bars",
        "url": "https://blog.example.ma/aide-logement-premier-bilan", "datasets": [AIDE_LOGEMENT],
        "themes": ["habitat", "finance"], "tags": "aide au logement, bilan, 2024",
        "title_fr": "Aide directe au logement : premier bilan après six mois",
        "title_ar": "الدعم المباشر للسكن: حصيلة أولى بعد ستة أشهر",
        "summary_fr": "Combien de ménages ont bénéficié de l’aide directe au logement pendant ses six premiers mois, "
                      "et dans quelles régions ?",
        "summary_ar": "كم أسرة استفادت من الدعم المباشر للسكن خلال أشهره الستة الأولى، وفي أي جهات؟",
        "description_fr": "Ce premier bilan, écrit à l’été 2024, est archivé : les chiffres ont beaucoup évolué "
                          "depuis. "
                          "Il reste utile pour comparer le démarrage du programme selon les régions.",
        "description_ar": "هذه الحصيلة الأولى، المكتوبة في صيف 2024، مؤرشفة لأن الأرقام تغيرت كثيرا منذ ذلك الحين، "
                          "لكنها تظل مفيدة لمقارنة انطلاقة البرنامج حسب الجهات.",
    },
    # --- Research papers -------------------------------------------------------------------------------------
    {
        "type": "paper", "owner": "amina", "art": "dots",
        "url": "https://papers.example.org/chomage-regional-maroc", "datasets": [CHOMAGE, POP_2024, PAUVRETE],
        "themes": ["emploi", "population"], "tags": "chômage, régions, économétrie, panel, البطالة",
        "title_fr": "Chômage régional au Maroc : une analyse en données de panel",
        "title_ar": "البطالة الجهوية في المغرب: تحليل بمعطيات فريق",
        "summary_fr": "Un document de travail qui explique les écarts de chômage entre régions par la structure "
                      "démographique, l’urbanisation et la pauvreté.",
        "summary_ar": "ورقة بحثية تفسر الفوارق في معدلات البطالة بين الجهات بالبنية الديموغرافية والتمدن والفقر.",
        "description_fr": "L’étude estime un modèle à effets fixes sur les taux de chômage trimestriels. Le chômage "
                          "des jeunes urbains explique l’essentiel des écarts, davantage que le niveau de pauvreté. "
                          "Le code R et les données préparées sont publiés avec l’article.",
        "description_ar": "تقدّر الدراسة نموذجا بالآثار الثابتة لمعدلات البطالة الفصلية. وتبين أن بطالة الشباب في "
                          "المدن تفسر الجزء الأكبر من الفوارق، أكثر من مستوى الفقر. وقد نُشرت الشيفرة والمعطيات "
                          "المعالجة مع المقال.",
    },
    {
        "type": "paper", "owner": "youssef", "art": "dots",
        "url": "https://revue-emploi.example.ma/idmaj-tahfiz-insertion", "datasets": [PROG_EMPLOI, ANAPEC, CHOMAGE],
        "themes": ["emploi"], "tags": "emploi des jeunes, idmaj, tahfiz, évaluation",
        "title_fr": "Idmaj et Tahfiz : quels effets sur l’insertion des jeunes diplômés ?",
        "title_ar": "إدماج وتحفيز: ما أثرهما على إدماج الشباب حاملي الشهادات؟",
        "summary_fr": "Une évaluation des programmes actifs d’emploi à partir des données d’intermédiation de "
                      "l’ANAPEC, publiée dans une revue marocaine d’économie.",
        "summary_ar": "تقييم للبرامج النشيطة للتشغيل انطلاقا من معطيات الوساطة لدى الأنابيك، منشور في مجلة "
                      "مغربية للاقتصاد.",
        "description_fr": "L’article compare les insertions obtenues par Idmaj et par Tahfiz selon les régions et les "
                          "secteurs. Il conclut que les contrats d’insertion profitent surtout aux diplômés du "
                          "supérieur dans les grandes villes.",
        "description_ar": "يقارن المقال حالات الإدماج المحققة عبر برنامجي إدماج وتحفيز حسب الجهات والقطاعات، "
                          "ويخلص إلى أن عقود الإدماج تفيد أساسا خريجي التعليم العالي في المدن الكبرى.",
    },
    {
        "type": "paper", "owner": "karim", "art": None,
        "url": "https://sante-publique.example.org/soins-primaires-disparites", "datasets": [SOINS, VACCINS, MEDECINS],
        "themes": ["sante"], "tags": "soins primaires, inégalités territoriales, santé publique",
        "title_fr": "Accès aux soins primaires : les disparités provinciales",
        "summary_fr": "Une étude sur la distance aux centres de santé, la densité médicale et la couverture "
                      "vaccinale dans les 75 provinces et préfectures.",
        "description_fr": "Les auteurs construisent un indice d’accès aux soins primaires qui combine le nombre "
                          "d’établissements, de médecins et la couverture vaccinale. Les provinces de montagne "
                          "cumulent les difficultés, même lorsque le nombre de centres de santé y est élevé.",
    },
    {
        "type": "paper", "owner": "salma", "art": "lines",
        "url": "https://recherche-monetaire.example.ma/transmission-taux", "datasets": [TAUX_BANQUES, MONNAIE, IPC],
        "themes": ["finance"], "tags": "politique monétaire, taux d’intérêt, crédit, banques",
        "title_fr": "Du taux directeur au crédit : la transmission de la politique monétaire",
        "title_ar": "من سعر الفائدة الرئيسي إلى القروض: انتقال أثر السياسة النقدية",
        "summary_fr": "Combien de temps faut-il pour qu’une hausse du taux directeur se retrouve dans les taux des "
                      "crédits immobiliers et de trésorerie ?",
        "summary_ar": "كم من الوقت يلزم لكي ينعكس رفع سعر الفائدة الرئيسي على أسعار قروض السكن وقروض الخزينة؟",
        "description_fr": "À partir des taux débiteurs par objet économique et des agrégats monétaires, l’article "
                          "estime la vitesse de transmission des décisions de Bank Al-Maghrib. Elle est rapide pour "
                          "la trésorerie des entreprises, plus lente pour l’immobilier.",
        "description_ar": "انطلاقا من أسعار الفائدة المدينة حسب الغرض الاقتصادي والمجمعات النقدية، يقدّر المقال "
                          "سرعة انتقال قرارات بنك المغرب، فيجدها سريعة بالنسبة لتسهيلات الخزينة وأبطأ بالنسبة "
                          "للقروض العقارية.",
    },
    {
        "type": "paper", "owner": "youssef", "status": "changes_requested", "art": "columns",
        "url": "https://majallat-qada.example.ma/ajal-al-bat", "datasets": [JURIDICTIONS],
        "themes": ["justice"], "tags": "المحاكم, آجال البت, النجاعة القضائية",
        "title_ar": "آجال البت في القضايا وعبء المحاكم",
        "summary_ar": "دراسة حول العلاقة بين عدد القضايا المسجلة وآجال البت فيها.",
        "description_ar": "تحلل الدراسة نشاط المحاكم خلال عشر سنوات، وتقترح مؤشرا لقياس العبء على كل قاض.",
        "moderation": "Bonjour Youssef, l’étude est intéressante. Pourriez-vous ajouter un résumé en français, et "
                      "citer aussi le jeu de données « Carte judiciaire : juridictions du Royaume » que vous "
                      "utilisez pour rattacher les affaires aux tribunaux ? Nous publierons ensuite la fiche.",
    },
    # --- Ideas -------------------------------------------------------------------------------------------------
    {
        "type": "idea", "owner": "karim", "art": "rings",
        "url": "https://hackathon.example.ma/projets/assistant-foncier", "datasets": [FONCIER, CODES_POSTAUX],
        "themes": ["habitat"], "tags": "hackathon, foncier, immatriculation, démarches",
        "title_fr": "Hackathon : un assistant pour les démarches foncières",
        "title_ar": "هاكاثون: مساعد للمساطر العقارية",
        "summary_fr": "Idée primée au hackathon Open Data Rabat : un assistant qui explique l’immatriculation "
                      "foncière étape par étape, avec les délais observés par conservation.",
        "summary_ar": "فكرة متوجة في هاكاثون البيانات المفتوحة بالرباط: مساعد يشرح مسطرة التحفيظ العقاري خطوة "
                      "بخطوة مع الآجال الملاحظة في كل محافظة.",
        "description_fr": "L’équipe propose d’utiliser les statistiques d’activité foncière pour estimer le délai "
                          "d’une réquisition d’immatriculation selon la conservation. Un prototype a été construit "
                          "en 48 heures ; l’équipe cherche un partenaire pour le continuer.",
        "description_ar": "يقترح الفريق استعمال إحصاءات النشاط العقاري لتقدير آجال مطلب التحفيظ حسب كل محافظة "
                          "عقارية. وقد أُنجز نموذج أولي في 48 ساعة، ويبحث الفريق عن شريك لمواصلة المشروع.",
    },
    {
        "type": "idea", "owner": "amina", "status": "draft", "art": "dots",
        "url": "https://idees.example.ma/alerte-secheresse-eleveurs", "datasets": [BARRAGES, CEREALES],
        "themes": ["agriculture"], "tags": "sécheresse, élevage, alerte",
        "title_fr": "Une alerte sécheresse pour les éleveurs",
        "summary_fr": "Prévenir les éleveurs quand les réserves en eau et les récoltes fourragères s’annoncent "
                      "faibles.",
        "description_fr": "Idée à développer : croiser le remplissage des barrages et la production d’orge pour "
                          "anticiper le prix des aliments du bétail.",
    },
    {
        "type": "idea", "owner": "salma", "status": "submitted", "art": "map",
        "url": "https://idees.example.org/deserts-medicaux", "datasets": [MEDECINS, HOPITAUX, POP_2024],
        "themes": ["sante"], "tags": "déserts médicaux, santé, carte, الصحة",
        "title_fr": "Idée : une carte des déserts médicaux",
        "title_ar": "فكرة: خريطة للمناطق الفقيرة طبيا",
        "summary_fr": "Repérer les provinces où l’on compte moins d’un médecin pour 5 000 habitants et plus d’une "
                      "heure de route jusqu’à l’hôpital.",
        "summary_ar": "تحديد الأقاليم التي يقل فيها عدد الأطباء عن طبيب لكل 5000 نسمة ويبعد فيها المستشفى بأكثر "
                      "من ساعة.",
        "description_fr": "Cette idée combine la démographie médicale, la capacité des hôpitaux et la population "
                          "légale. Elle pourrait aider les futurs médecins à choisir leur lieu d’installation.",
        "description_ar": "تجمع هذه الفكرة بين أعداد الأطباء وطاقة المستشفيات وعدد السكان القانونيين، وقد تساعد "
                          "الأطباء الجدد على اختيار مكان الاستقرار.",
    },
    {
        "type": "idea", "owner": "youssef", "art": None,
        "url": "https://idees.example.ma/tourisme-communes", "datasets": [NUITEES, ARRIVEES],
        "themes": ["tourisme"], "tags": "السياحة, الجماعات, لوحة قيادة",
        "title_fr": "Idée : un tableau de bord du tourisme pour les communes",
        "title_ar": "فكرة: لوحة قيادة سياحية للجماعات",
        "summary_fr": "Donner aux communes touristiques un tableau de bord mensuel des nuitées et des arrivées, pour "
                      "mieux planifier la propreté et les transports.",
        "summary_ar": "تزويد الجماعات السياحية بلوحة قيادة شهرية لليالي المبيت والوافدين، لتخطيط أفضل للنظافة "
                      "والنقل.",
        "description_fr": "Les communes d’Essaouira, de Chefchaouen ou de Merzouga accueillent des pics de visiteurs "
                          "sans toujours les anticiper. Un tableau de bord simple les aiderait à planifier.",
        "description_ar": "تستقبل جماعات مثل الصويرة وشفشاون ومرزوكة ذروات من الزوار دون أن تتوقعها دائما، وقد "
                          "تساعدها لوحة قيادة بسيطة على التخطيط.",
    },
    # --- Hardware ----------------------------------------------------------------------------------------------
    {
        "type": "hardware", "owner": "youssef", "art": "circuit",
        "url": "https://makers.example.ma/compteur-arduino", "datasets": [ELECTRICITE],
        "themes": ["energie"], "tags": "arduino, iot, électricité, capteur, open hardware",
        "title_fr": "Compteur Arduino : ma consommation face au mix national",
        "title_ar": "عداد أردوينو: استهلاكي مقارنة بالمزيج الوطني",
        "summary_fr": "Un capteur de courant à 15 € branché sur le tableau électrique, et un écran qui compare la "
                      "consommation du foyer à la production nationale par source.",
        "summary_ar": "مستشعر تيار بحوالي 150 درهما يوضع في اللوحة الكهربائية، وشاشة تقارن استهلاك المنزل "
                      "بالإنتاج الوطني حسب المصدر.",
        "description_fr": "Le montage utilise un Arduino Nano, une pince ampèremétrique SCT-013 et un petit écran "
                          "OLED. Les schémas, le code et la liste des composants sont publiés sous licence libre.",
        "description_ar": "يعتمد التركيب على بطاقة أردوينو نانو ومستشعر تيار SCT-013 وشاشة OLED صغيرة. وقد نُشرت "
                          "المخططات والشيفرة وقائمة المكونات برخصة حرة، مع دليل تركيب مصور.",
    },
    {
        "type": "hardware", "owner": "amina", "art": "circuit",
        "url": "https://makers.example.org/bouee-esp32", "datasets": [PLAGES],
        "themes": ["environnement"], "tags": "esp32, capteurs, plages, qualité de l’eau, lora",
        "title_fr": "Bouée ESP32 pour mesurer l’eau de baignade",
        "title_ar": "عوامة ESP32 لقياس جودة مياه الاستحمام",
        "summary_fr": "Une bouée à bas coût qui mesure la température et la turbidité de l’eau, et compare ses "
                      "relevés au classement officiel des plages.",
        "summary_ar": "عوامة منخفضة الكلفة تقيس حرارة الماء وعكارته، وتقارن قياساتها بالتصنيف الرسمي للشواطئ.",
        "description_fr": "Construite par un club de lycéens d’El Jadida, la bouée transmet ses mesures par LoRa "
                          "toutes les dix minutes. Ces relevés ne remplacent pas les analyses officielles, mais "
                          "permettent d’en discuter en classe.",
        "description_ar": "صنع هذه العوامة نادٍ لتلاميذ ثانوية بالجديدة، وهي ترسل قياساتها كل عشر دقائق. ولا تعوض "
                          "هذه القياسات التحاليل الرسمية، لكنها تتيح مناقشتها داخل القسم.",
    },
    {
        "type": "hardware", "owner": "amina", "startup": "souss-agri-data", "art": "circuit",
        "url": "https://ecran.soussagri.example.ma", "datasets": [BARRAGES],
        "themes": ["agriculture", "environnement"], "tags": "raspberry pi, affichage, coopératives, barrages",
        "title_fr": "Écran Raspberry Pi pour les coopératives agricoles",
        "title_ar": "شاشة راسبيري باي للتعاونيات الفلاحية",
        "summary_fr": "Un écran installé au siège des coopératives du Souss qui affiche le niveau des barrages et "
                      "le calendrier des tours d’eau.",
        "summary_ar": "شاشة مثبتة في مقرات تعاونيات سوس تعرض مستوى السدود وجدول نوبات السقي.",
        "description_fr": "L’écran fonctionne sur un Raspberry Pi avec une connexion 3G et se met à jour chaque "
                          "matin. Vingt coopératives en sont équipées.",
        "description_ar": "تعمل الشاشة بحاسوب راسبيري باي واتصال بشبكة الجيل الثالث، وتُحدَّث كل صباح، وقد جُهزت "
                          "بها عشرون تعاونية.",
    },
    # --- Other ---------------------------------------------------------------------------------------------------
    {
        "type": "other", "owner": "salma", "art": "mosaic",
        "url": "https://kit-stats.example.ma", "datasets": [BAC, POP_2024, IPC],
        "themes": ["education"], "tags": "pédagogie, lycée, statistiques, enseignants",
        "title_fr": "Kit pédagogique : les statistiques au lycée avec les données ouvertes",
        "title_ar": "عدة بيداغوجية: الإحصاء في الثانوي بالبيانات المفتوحة",
        "summary_fr": "Six séances clés en main pour enseigner la moyenne, la médiane et les pourcentages avec de "
                      "vraies données marocaines.",
        "summary_ar": "ست حصص جاهزة لتدريس المعدل والوسيط والنسب المئوية بمعطيات مغربية حقيقية.",
        "description_fr": "Le kit propose des fiches élèves et des corrigés : calculer l’inflation depuis 2017, "
                          "comparer la population des régions, lire les résultats du bac. Il a été testé dans trois "
                          "lycées de Fès et de Meknès.",
        "description_ar": "تتضمن العدة بطاقات للتلاميذ مع التصحيحات: حساب التضخم منذ 2017، ومقارنة سكان الجهات، "
                          "وقراءة نتائج الباكالوريا. وقد جُربت في ثلاث ثانويات بفاس ومكناس.",
    },
    {
        "type": "other", "owner": "youssef", "art": None,
        "url": "https://arqam-podcast.example.ma", "datasets": [PIB, CHOMAGE, IPC],
        "themes": ["finance", "emploi"], "tags": "بودكاست, الاقتصاد, الأرقام, podcast",
        "title_ar": "بودكاست «أرقام»: اقتصاد المغرب بلغة بسيطة",
        "summary_ar": "حلقات أسبوعية من عشرين دقيقة تشرح رقما واحدا من أرقام الاقتصاد المغربي: النمو، البطالة، التضخم.",
        "description_ar": "في كل حلقة، يختار البودكاست رقما منشورا في البوابة الوطنية للبيانات المفتوحة ويشرح "
                          "طريقة حسابه وما يعنيه في الحياة اليومية. وتُرفق كل حلقة برابط المعطيات المستعملة.",
    },
    {
        "type": "other", "owner": "karim", "art": "mosaic",
        "url": "https://jeu-regions.example.org", "datasets": [POP_2024, PAUVRETE, ROUTES],
        "themes": ["population"], "tags": "jeu, régions, géographie, éducation",
        "title_fr": "« Connais-tu ta région ? », un jeu de cartes",
        "title_ar": "«هل تعرف جهتك؟»، لعبة ورق",
        "summary_fr": "Un jeu de 72 cartes pour découvrir les douze régions en famille : population, routes, "
                      "niveau de vie. Imprimable gratuitement.",
        "summary_ar": "لعبة من 72 ورقة لاكتشاف الجهات الاثنتي عشرة مع العائلة: السكان والطرق ومستوى العيش. "
                      "قابلة للطباعة مجانا.",
        "description_fr": "Chaque carte présente une région avec quelques chiffres clés issus du portail. Le but : "
                          "gagner les « batailles » de chiffres en connaissant les régions.",
        "description_ar": "تقدم كل ورقة جهة من الجهات مع بعض الأرقام الأساسية المأخوذة من البوابة، والهدف هو الفوز "
                          "في «معارك» الأرقام بفضل معرفة الجهات.",
    },
    # --- A few more, to fill the gallery -------------------------------------------------------------------
    {
        "type": "visualisation", "owner": "karim", "art": "bars",
        "url": "https://pib-trimestriel.example.org", "datasets": [PIB],
        "themes": ["finance"], "tags": "pib, croissance, comptes nationaux",
        "title_fr": "La croissance trimestre par trimestre",
        "title_ar": "النمو الاقتصادي فصلا بفصل",
        "summary_fr": "Le PIB et ses composantes (consommation, investissement, échanges extérieurs) en barres "
                      "empilées, avec la contribution de l’agriculture.",
        "summary_ar": "الناتج الداخلي الإجمالي ومكوناته (الاستهلاك والاستثمار والمبادلات الخارجية) في أعمدة "
                      "متراكبة، مع مساهمة الفلاحة.",
        "description_fr": "Chaque barre décompose la croissance d’un trimestre en contributions. La visualisation "
                          "montre à quel point la valeur ajoutée agricole pèse sur la croissance les années de "
                          "sécheresse.",
        "description_ar": "يفكك كل عمود نمو فصل من الفصول إلى مساهمات، ويبين الرسم إلى أي حد تؤثر القيمة المضافة "
                          "الفلاحية في النمو خلال سنوات الجفاف.",
    },
    {
        "type": "application", "owner": "salma", "art": "lines",
        "url": "https://credit-habitat.example.ma", "datasets": [TAUX_BANQUES, LOGEMENT_SOCIAL],
        "themes": ["finance", "habitat"], "tags": "crédit immobilier, simulateur, taux, logement",
        "title_fr": "Simulateur de crédit immobilier",
        "title_ar": "محاكي القرض العقاري",
        "summary_fr": "Mensualités, coût total et taux moyen pratiqué par les banques : un simulateur honnête avant "
                      "de pousser la porte d’une agence.",
        "summary_ar": "الأقساط الشهرية والكلفة الإجمالية ومتوسط السعر الذي تطبقه الأبناك: محاكٍ نزيه قبل التوجه "
                      "إلى الوكالة البنكية.",
        "description_fr": "Le simulateur utilise les taux débiteurs moyens publiés par Bank Al-Maghrib pour les "
                          "crédits à l’habitat. Il tient compte de l’aide directe au logement et des prix du "
                          "logement social.",
        "description_ar": "يعتمد المحاكي على متوسط أسعار الفائدة المدينة التي ينشرها بنك المغرب بالنسبة لقروض "
                          "السكن، ويأخذ بعين الاعتبار الدعم المباشر للسكن وأثمنة السكن الاجتماعي.",
    },
    {
        "type": "visualisation", "owner": "amina", "art": "bars",
        "url": "https://anapec-regions.example.ma", "datasets": [ANAPEC, CHOMAGE],
        "themes": ["emploi"], "tags": "emploi, anapec, insertions, régions",
        "title_fr": "Offres d’emploi et insertions par région",
        "title_ar": "عروض الشغل وحالات الإدماج حسب الجهة",
        "summary_fr": "Offres reçues, candidats inscrits et insertions réalisées par l’ANAPEC, rapportés au "
                      "chômage de chaque région.",
        "summary_ar": "العروض المتوصل بها والمرشحون المسجلون وحالات الإدماج لدى الأنابيك، مقارنة بالبطالة في كل جهة.",
        "description_fr": "Des barres horizontales classent les régions par taux d’insertion. Le tableau associé "
                          "permet de télécharger les chiffres au format CSV.",
        "description_ar": "تصنف أعمدة أفقية الجهات حسب نسبة الإدماج، ويتيح الجدول المرفق تحميل الأرقام بصيغة CSV.",
    },
    {
        "type": "application", "owner": "karim", "startup": "tramway-plus", "art": "map",
        "url": "https://vacances.tramwayplus.example.ma", "datasets": [ROUTES, NUITEES],
        "themes": ["transport", "tourisme"], "tags": "vacances, route, été, tourisme, التنقل",
        "title_fr": "Tramway Plus Vacances : préparer son trajet d’été",
        "title_ar": "ترامواي بلوس عطلة: حضّر رحلتك الصيفية",
        "summary_fr": "Les axes routiers les plus chargés en été, les aires de repos et les villes où les hôtels "
                      "affichent complet, pour partir au bon moment.",
        "summary_ar": "أكثر المحاور الطرقية ازدحاما في الصيف، ومحطات الاستراحة، والمدن التي تمتلئ فنادقها، "
                      "للسفر في الوقت المناسب.",
        "description_fr": "L’application croise le réseau routier classé et les nuitées hôtelières par destination "
                          "pour conseiller les jours de départ. Elle est très utilisée par les MRE pendant "
                          "l’opération Marhaba.",
        "description_ar": "يجمع التطبيق بين الشبكة الطرقية المصنفة وليالي المبيت حسب الوجهة لاقتراح أفضل أيام "
                          "السفر، ويستعمله مغاربة العالم كثيرا خلال عملية «مرحبا».",
        "platforms": ["android", "ios"], "stage": "growing", "business_model": "freemium",
        "impact_fr": "60 000 téléchargements pendant l’été 2026.",
        "impact_ar": "60 ألف تحميل خلال صيف 2026.",
    },
    {
        "type": "article", "owner": "youssef", "art": "columns",
        "url": "https://mudawwana.example.ma/ahkam-al-usra", "datasets": [FAMILLE],
        "themes": ["justice", "population"], "tags": "الأسرة, الطلاق, الزواج, المحاكم",
        "title_fr": "Ce que disent les statistiques des affaires familiales",
        "title_ar": "ماذا تقول إحصاءات قضايا الأسرة؟",
        "summary_fr": "Mariages, divorces par consentement mutuel, pensions alimentaires : vingt ans après la "
                      "Moudawana, les chiffres des tribunaux de la famille.",
        "summary_ar": "الزواج والطلاق الاتفاقي والنفقة: أرقام أقسام قضاء الأسرة بعد عشرين سنة على صدور مدونة الأسرة.",
        "description_fr": "L’article analyse les statistiques des affaires de la famille par circonscription "
                          "judiciaire et montre la progression du divorce par consentement mutuel.",
        "description_ar": "يحلل المقال إحصاءات قضايا الأسرة حسب الدائرة القضائية، ويبين تزايد الطلاق الاتفاقي "
                          "مقارنة بأنواع الطلاق الأخرى، والتفاوت الكبير بين الدوائر في آجال البت.",
    },
]


# --- Covers --------------------------------------------------------------------------------------------------

GREEN, RED, GOLD, BLUE = (0, 98, 51), (193, 39, 45), (231, 184, 74), (22, 74, 122)
PALETTE = (GREEN, RED, GOLD, BLUE)
BACKGROUNDS = ((248, 245, 238), (240, 246, 242), (244, 241, 234), (239, 243, 248), (249, 242, 240))
WIDTH, HEIGHT = 1600, 900
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/noto"))

ALT = {  # the cover's description, for people who cannot see it
    "bars": ("Illustration : histogramme stylisé aux couleurs du Maroc", "رسم توضيحي: مدرج تكراري بألوان المغرب"),
    "lines": ("Illustration : courbes d’évolution stylisées", "رسم توضيحي: منحنيات تطور مبسطة"),
    "dots": ("Illustration : nuage de points et bulles", "رسم توضيحي: سحابة نقط وفقاعات"),
    "map": ("Illustration : carte stylisée en tuiles hexagonales", "رسم توضيحي: خريطة مبسطة من خلايا سداسية"),
    "network": ("Illustration : réseau de nœuds reliés", "رسم توضيحي: شبكة من العقد المترابطة"),
    "circuit": ("Illustration : circuit électronique stylisé", "رسم توضيحي: دارة إلكترونية مبسطة"),
    "rings": ("Illustration : anneaux concentriques en secteurs", "رسم توضيحي: حلقات دائرية مقسمة إلى قطاعات"),
    "columns": ("Illustration : page de texte et graphique", "رسم توضيحي: صفحة نص ورسم بياني"),
    "mosaic": ("Illustration : mosaïque géométrique inspirée du zellige",
               "رسم توضيحي: فسيفساء هندسية مستوحاة من الزليج"),
}


def _tint(colour: tuple[int, int, int], amount: float, base: tuple[int, int, int] = (255, 255, 255)) -> tuple[int, ...]:
    """`colour` mixed with `base`: 0 gives the base, 1 the colour."""
    return tuple(round(b + (c - b) * amount) for c, b in zip(colour, base, strict=True))


def _rgba(colour: tuple[int, ...], alpha: int) -> tuple[int, ...]:
    return (*colour[:3], alpha)


def _mono_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for folder in FONT_DIRS:
        for name in ("DejaVuSansMono-Bold.ttf", "NotoSansMono-Bold.ttf"):
            if (folder / name).exists():
                return ImageFont.truetype(str(folder / name), size)
    return ImageFont.load_default(size=size)


def _walk(rng: random.Random, count: int, *, low: float = 0.15, high: float = 0.95, step: float = 0.18) -> list[float]:
    """A random walk that bounces off its limits (clamping would flatten the charts' tops)."""
    value, values = rng.uniform(low + 0.15, high - 0.15), []
    for _ in range(count):
        value += rng.uniform(-step, step)
        if value > high:
            value = 2 * high - value
        if value < low:
            value = 2 * low - value
        values.append(value)
    return values


def _star(draw: ImageDraw.ImageDraw, centre: tuple[float, float], radius: float, fill: tuple[int, ...]) -> None:
    """The eight-pointed star of zellige: two squares, one turned by 45°."""
    cx, cy = centre
    for turn in (0, math.pi / 4):
        draw.polygon([(cx + radius * math.cos(turn + k * math.pi / 2), cy + radius * math.sin(turn + k * math.pi / 2))
                      for k in range(4)], fill=fill)


def _bars(draw: ImageDraw.ImageDraw, rng: random.Random, colours: list[tuple[int, int, int]]) -> None:
    left, right, top, bottom = 300, 1480, 170, 770
    for k in range(5):
        y = top + (bottom - top) * k / 4
        draw.line((left, y, right, y), fill=_rgba(colours[0], 28), width=3)
    count = rng.randint(9, 15)
    slot = (right - left) / count
    width = slot * rng.uniform(0.56, 0.7)
    values = _walk(rng, count, low=0.2, high=0.88, step=0.22)
    highlight = {rng.randrange(count), rng.randrange(count)}
    stacked = rng.random() < 0.4
    for index, value in enumerate(values):
        x = left + index * slot + (slot - width) / 2
        y = bottom - (bottom - top) * value
        colour = colours[1] if index in highlight else colours[0]
        draw.rounded_rectangle((x, y, x + width, bottom), radius=min(18, width / 3), fill=colour)
        if stacked:
            part = (bottom - y) * rng.uniform(0.25, 0.5)
            draw.rectangle((x, bottom - part, x + width, bottom), fill=colours[2])
    draw.line((left - 20, bottom, right + 10, bottom), fill=_rgba((40, 40, 40), 150), width=5)


def _smooth(points: list[tuple[float, float]], steps: int = 8) -> list[tuple[float, float]]:
    """Catmull-Rom through the points, so that lines look drawn rather than plotted."""
    out: list[tuple[float, float]] = []
    padded = [points[0], *points, points[-1]]
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1], padded[i], padded[i + 1], padded[i + 2]
        for step in range(steps):
            t = step / steps
            out.append(tuple(0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t * t
                                    + (-a + 3 * b - 3 * c + d) * t ** 3)
                             for a, b, c, d in zip(p0, p1, p2, p3, strict=True)))
    out.append(points[-1])
    return out


def _lines(draw: ImageDraw.ImageDraw, rng: random.Random, colours: list[tuple[int, int, int]]) -> None:
    left, right, top, bottom = 300, 1480, 180, 760
    for k in range(5):
        y = top + (bottom - top) * k / 4
        draw.line((left, y, right, y), fill=_rgba(colours[0], 26), width=3)
    count = rng.randint(8, 12)
    for series in range(rng.randint(2, 3)):
        values = _walk(rng, count, step=0.16)
        points = [(left + (right - left) * i / (count - 1), bottom - (bottom - top) * v) for i, v in enumerate(values)]
        curve = _smooth(points)
        colour = colours[series]
        if series == 0:
            draw.polygon([*curve, (right, bottom), (left, bottom)], fill=_rgba(colour, 46))
        draw.line(curve, fill=colour, width=12, joint="curve")
        x, y = points[-1]
        draw.ellipse((x - 20, y - 20, x + 20, y + 20), fill=(255, 255, 255), outline=colour, width=9)
    draw.line((left - 20, bottom, right + 10, bottom), fill=_rgba((40, 40, 40), 150), width=5)


def _dots(draw: ImageDraw.ImageDraw, rng: random.Random, colours: list[tuple[int, int, int]]) -> None:
    left, right, top, bottom = 300, 1480, 160, 780
    draw.line((left, top, left, bottom), fill=_rgba((40, 40, 40), 130), width=5)
    draw.line((left, bottom, right, bottom), fill=_rgba((40, 40, 40), 130), width=5)
    slope = rng.uniform(0.35, 0.75)
    for _ in range(rng.randint(26, 38)):
        u = rng.random()
        v = min(0.95, max(0.05, 0.1 + slope * u + rng.gauss(0, 0.12)))
        x, y = left + 60 + (right - left - 120) * u, bottom - 40 - (bottom - top - 80) * v
        radius = rng.choice((14, 18, 24, 34, 46, 62))
        colour = rng.choice(colours[:3])
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=_rgba(colour, 175))
    y0, y1 = bottom - 40 - (bottom - top - 80) * 0.1, bottom - 40 - (bottom - top - 80) * (0.1 + slope)
    x0, x1 = left + 60, right - 60
    for k in range(0, 24, 2):  # a dashed trend line
        a, b = k / 24, (k + 1) / 24
        draw.line((x0 + (x1 - x0) * a, y0 + (y1 - y0) * a, x0 + (x1 - x0) * b, y0 + (y1 - y0) * b),
                  fill=colours[3] if len(colours) > 3 else (40, 40, 40), width=8)


def _hexagon(cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    angles = [math.pi / 6 + k * math.pi / 3 for k in range(6)]
    return [(cx + radius * math.cos(angle), cy + radius * math.sin(angle)) for angle in angles]


def _map(draw: ImageDraw.ImageDraw, rng: random.Random, colours: list[tuple[int, int, int]]) -> None:
    """A choropleth of hexagonal tiles along a diagonal band (a nod to the country's shape), with pins."""
    radius = 46
    dx, dy = radius * math.sqrt(3), radius * 1.5
    hot = [(rng.uniform(500, 1400), rng.uniform(200, 750)) for _ in range(3)]
    base = colours[0]
    slope, half, shift = rng.uniform(0.48, 0.72), rng.uniform(170, 250), rng.uniform(-70, 70)
    wave, period, phase = rng.uniform(30, 90), rng.uniform(140, 240), rng.uniform(0, 2 * math.pi)
    tiles: list[tuple[float, float]] = []
    for row in range(int(HEIGHT / dy) + 2):
        for col in range(int(WIDTH / dx) + 2):
            cx = col * dx + (dx / 2 if row % 2 else 0)
            cy = row * dy
            # the band runs from the lower left to the upper right, a little wavy
            centre_y = 880 + shift - (cx - 240) * slope + wave * math.sin(cx / period + phase)
            if abs(cy - centre_y) > half or cx < 260 or cx > 1540 or cy < 60 or cy > 860:
                continue
            tiles.append((cx, cy))
    for cx, cy in tiles:
        heat = max(math.exp(-((cx - hx) ** 2 + (cy - hy) ** 2) / (2 * 260 ** 2)) for hx, hy in hot)
        amount = 0.18 + 0.8 * min(1.0, heat + rng.uniform(-0.08, 0.12))
        draw.polygon(_hexagon(cx, cy, radius - 4), fill=_tint(base, amount))
    pins: list[tuple[float, float]] = []
    wanted = rng.randint(2, 4)
    for cx, cy in rng.sample(tiles, len(tiles)):
        if len(pins) == wanted:
            break
        if cy < 180:
            continue
        if any((cx - a) ** 2 + (cy - b) ** 2 < 220 ** 2 for a, b in pins):
            continue
        pins.append((cx, cy))
    for cx, cy in pins:
        colour = colours[1]
        draw.ellipse((cx - 30, cy - 78, cx + 30, cy - 18), fill=colour)
        draw.polygon([(cx - 24, cy - 40), (cx + 24, cy - 40), (cx, cy)], fill=colour)
        draw.ellipse((cx - 12, cy - 60, cx + 12, cy - 36), fill=(255, 255, 255))


def _network(draw: ImageDraw.ImageDraw, rng: random.Random, colours: list[tuple[int, int, int]]) -> None:
    nodes: list[tuple[float, float]] = []
    while len(nodes) < 22:
        x, y = rng.uniform(320, 1480), rng.uniform(130, 800)
        if all((x - a) ** 2 + (y - b) ** 2 > 150 ** 2 for a, b in nodes):
            nodes.append((x, y))
    hub = min(nodes, key=lambda p: (p[0] - 900) ** 2 + (p[1] - 460) ** 2)
    for x, y in nodes:
        nearest = sorted(nodes, key=lambda p: (p[0] - x) ** 2 + (p[1] - y) ** 2)[1:3]
        for a, b in nearest:
            draw.line((x, y, a, b), fill=_rgba(colours[0], 110), width=6)
        if rng.random() < 0.35:
            draw.line((x, y, *hub), fill=_rgba(colours[1], 90), width=5)
    for x, y in nodes:
        radius = 64 if (x, y) == hub else rng.choice((18, 22, 28, 34))
        colour = colours[1] if (x, y) == hub else rng.choice(colours[:3])
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(255, 255, 255), outline=colour,
                     width=max(8, radius // 3))
    x, y = hub
    draw.ellipse((x - 24, y - 24, x + 24, y + 24), fill=colours[1])


def _circuit(draw: ImageDraw.ImageDraw, rng: random.Random, colours: list[tuple[int, int, int]]) -> None:
    chip = (820, 300, 1160, 620)
    trace = colours[0]
    for side in range(4):
        for k in range(5):
            t = (k + 1) / 6
            if side in (0, 2):  # top and bottom
                x = chip[0] + (chip[2] - chip[0]) * t
                y0 = chip[1] if side == 0 else chip[3]
                y1 = y0 + (-1 if side == 0 else 1) * rng.randint(60, 140)
                x1 = x + rng.choice((-1, 1)) * rng.randint(0, 220)
                y2 = 60 if side == 0 else 840
                path = [(x, y0), (x, y1), (x1, y1 + (-1 if side == 0 else 1) * 40), (x1, y2)]
            else:  # left and right
                y = chip[1] + (chip[3] - chip[1]) * t
                x0 = chip[0] if side == 3 else chip[2]
                x1 = x0 + (-1 if side == 3 else 1) * rng.randint(60, 180)
                y1 = y + rng.choice((-1, 1)) * rng.randint(0, 160)
                x2 = 320 if side == 3 else 1540
                path = [(x0, y), (x1, y), (x1 + (-1 if side == 3 else 1) * 40, y1), (x2, y1)]
            draw.line(path, fill=trace, width=9, joint="curve")
            px, py = path[-1]
            pad = rng.choice(colours[1:3])
            draw.ellipse((px - 17, py - 17, px + 17, py + 17), fill=(255, 255, 255), outline=pad, width=8)
    draw.rounded_rectangle(chip, radius=28, fill=(34, 38, 44))
    draw.rounded_rectangle((chip[0] + 40, chip[1] + 40, chip[2] - 40, chip[3] - 40), radius=18, outline=colours[2],
                           width=6)
    draw.ellipse((chip[0] + 60, chip[1] + 60, chip[0] + 84, chip[1] + 84), fill=colours[2])


def _rings(draw: ImageDraw.ImageDraw, rng: random.Random, colours: list[tuple[int, int, int]]) -> None:
    cx, cy = rng.uniform(860, 1080), 470
    for ring, radius in enumerate((330, 250, 170)):
        shares = [rng.uniform(0.5, 2.0) for _ in range(rng.randint(3, 5))]
        total, start = sum(shares), -90.0
        for index, share in enumerate(shares):
            end = start + 360 * share / total
            colour = colours[(index + ring) % len(colours)]
            draw.arc((cx - radius, cy - radius, cx + radius, cy + radius), start=start + 1.2, end=end - 1.2,
                     fill=colour, width=62)
            start = end
    draw.ellipse((cx - 70, cy - 70, cx + 70, cy + 70), fill=_tint(colours[2], 0.35))
    for _ in range(6):
        x, y, r = rng.uniform(1320, 1520), rng.uniform(150, 780), rng.choice((10, 14, 20))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=_rgba(rng.choice(colours), 160))


def _columns(draw: ImageDraw.ImageDraw, rng: random.Random, colours: list[tuple[int, int, int]]) -> None:
    """A page of text beside a chart card: an article, a report."""
    page = (300, 130, 900, 800)
    draw.rounded_rectangle(page, radius=26, fill=(255, 255, 255), outline=_rgba((0, 0, 0), 25), width=3)
    y = page[1] + 60
    draw.rounded_rectangle((page[0] + 50, y, page[0] + 50 + rng.randint(340, 480), y + 40), radius=14, fill=colours[0])
    y += 100
    while y < page[3] - 60:
        length = rng.randint(330, 500) if rng.random() > 0.18 else rng.randint(160, 280)
        draw.rounded_rectangle((page[0] + 50, y, page[0] + 50 + length, y + 18), radius=9,
                               fill=_rgba((60, 60, 60), 70))
        y += 46 if rng.random() > 0.15 else 80
    card = (960, 230, 1500, 700)
    draw.rounded_rectangle(card, radius=26, fill=_tint(colours[1], 0.1))
    values = _walk(rng, 7)
    points = [(card[0] + 50 + (card[2] - card[0] - 100) * i / 6, card[3] - 60 - (card[3] - card[1] - 140) * v)
              for i, v in enumerate(values)]
    draw.line(_smooth(points), fill=colours[1], width=12, joint="curve")
    for x, y in points:
        draw.ellipse((x - 12, y - 12, x + 12, y + 12), fill=colours[1])


def _mosaic(draw: ImageDraw.ImageDraw, rng: random.Random, colours: list[tuple[int, int, int]]) -> None:
    """Tiles of quarter circles, half discs and small stars: zellige, simplified."""
    size, left, top = 150, 320, 110
    starts = {(0, 0): 0, (1, 0): 90, (1, 1): 180, (0, 1): 270}  # the quarter that lies inside the tile
    for row in range(5):
        for col in range(8):
            x, y = left + col * size, top + row * size
            if x + size > 1560:
                continue
            colour, other = rng.sample(colours, 2)
            kind = rng.randrange(5)
            box = (x + 6, y + 6, x + size - 6, y + size - 6)
            if kind == 0:
                draw.rounded_rectangle(box, radius=18, fill=colour)
            elif kind == 1:
                corner = (rng.randrange(2), rng.randrange(2))
                ox, oy = (box[0], box[2])[corner[0]], (box[1], box[3])[corner[1]]
                r = size - 12
                draw.rounded_rectangle(box, radius=18, fill=_tint(other, 0.22))
                draw.pieslice((ox - r, oy - r, ox + r, oy + r), starts[corner], starts[corner] + 90, fill=colour)
            elif kind == 2:
                draw.rounded_rectangle(box, radius=18, fill=_tint(colour, 0.25))
                _star(draw, (x + size / 2, y + size / 2), size * 0.36, colour)
            elif kind == 3:
                draw.ellipse(box, fill=colour)
                draw.ellipse((x + 45, y + 45, x + size - 45, y + size - 45), fill=other)
            else:
                start = rng.choice((0, 90, 180, 270))
                draw.chord(box, start, start + 180, fill=colour)


COMPOSITIONS = {"bars": _bars, "lines": _lines, "dots": _dots, "map": _map, "network": _network,
                "circuit": _circuit, "rings": _rings, "columns": _columns, "mosaic": _mosaic}


def _glyph(draw: ImageDraw.ImageDraw, kind: str, box: tuple[int, int, int, int], colour: tuple[int, int, int]) -> None:
    """The reuse type as a small drawn symbol (no font needed except for the API braces)."""
    x0, y0, x1, y1 = box
    cx, cy, s = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0)
    if kind == "application":  # a phone
        draw.rounded_rectangle((cx - s * 0.2, cy - s * 0.32, cx + s * 0.2, cy + s * 0.32), radius=12, outline=colour,
                               width=9)
        draw.ellipse((cx - 7, cy + s * 0.2 - 7, cx + 7, cy + s * 0.2 + 7), fill=colour)
    elif kind == "visualisation":  # three bars
        for i, h in enumerate((0.3, 0.55, 0.42)):
            bx = cx - s * 0.27 + i * s * 0.2
            draw.rounded_rectangle((bx, cy + s * 0.28 - s * h, bx + s * 0.14, cy + s * 0.28), radius=5, fill=colour)
    elif kind == "api":
        draw.text((cx, cy), "{ }", font=_mono_font(int(s * 0.42)), fill=colour, anchor="mm")
    elif kind == "article":  # lines of text
        for i, w in enumerate((0.56, 0.56, 0.56, 0.34)):
            ly = cy - s * 0.22 + i * s * 0.15
            draw.rounded_rectangle((cx - s * 0.28, ly, cx - s * 0.28 + s * w, ly + 10), radius=5, fill=colour)
    elif kind == "paper":  # a sheet with a folded corner
        draw.polygon([(cx - s * 0.22, cy - s * 0.3), (cx + s * 0.1, cy - s * 0.3), (cx + s * 0.22, cy - s * 0.18),
                      (cx + s * 0.22, cy + s * 0.3), (cx - s * 0.22, cy + s * 0.3)], outline=colour, width=8)
        for i in range(3):
            ly = cy - s * 0.06 + i * s * 0.12
            draw.line((cx - s * 0.12, ly, cx + s * 0.12, ly), fill=colour, width=7)
    elif kind == "idea":  # a bulb
        draw.ellipse((cx - s * 0.2, cy - s * 0.32, cx + s * 0.2, cy + s * 0.08), outline=colour, width=9)
        draw.rounded_rectangle((cx - s * 0.1, cy + s * 0.12, cx + s * 0.1, cy + s * 0.3), radius=6, fill=colour)
    elif kind == "hardware":  # a chip
        draw.rounded_rectangle((cx - s * 0.18, cy - s * 0.18, cx + s * 0.18, cy + s * 0.18), radius=8, fill=colour)
        for i in range(3):
            o = -s * 0.1 + i * s * 0.1
            pins = ((cx + o, cy - s * 0.3, cx + o, cy - s * 0.18), (cx + o, cy + s * 0.18, cx + o, cy + s * 0.3),
                    (cx - s * 0.3, cy + o, cx - s * 0.18, cy + o), (cx + s * 0.18, cy + o, cx + s * 0.3, cy + o))
            for pin in pins:
                draw.line(pin, fill=colour, width=6)
    else:  # a small zellige star
        _star(draw, (cx, cy), s * 0.28, colour)


def cover_image(slug: str, kind: str, art: str) -> Image.Image:
    """The cover of one demo reuse: the same slug always gives the same picture."""
    rng = random.Random(f"cover:{slug}")
    background = rng.choice(BACKGROUNDS)
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(image, "RGBA")
    colours = list(PALETTE)
    rng.shuffle(colours)
    if colours[0] == GOLD:  # gold is an accent: too pale to carry a chart alone
        colours[0], colours[1] = colours[1], colours[0]
    # A large, faint zellige star behind everything, and a soft band on the left for the badge.
    _star(draw, (rng.uniform(1250, 1550), rng.uniform(-50, 250)), rng.uniform(380, 520), _rgba(colours[1], 20))
    _star(draw, (rng.uniform(-60, 160), rng.uniform(650, 950)), rng.uniform(260, 360), _rgba(colours[0], 16))
    COMPOSITIONS[art](draw, rng, colours)
    badge = (90, 90, 250, 250)
    draw.rounded_rectangle((badge[0] + 6, badge[1] + 10, badge[2] + 6, badge[3] + 10), radius=40,
                           fill=(0, 0, 0, 30))
    draw.rounded_rectangle(badge, radius=40, fill=(255, 255, 255, 245))
    _glyph(draw, kind, badge, colours[0])
    return image


def cover_png(slug: str, kind: str, art: str) -> bytes:
    out = io.BytesIO()
    cover_image(slug, kind, art).save(out, "PNG", compress_level=1)
    return out.getvalue()


# --- Loading -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Plan:
    index: int
    spec: dict[str, Any]
    slug: str


def demo_slug(spec: dict[str, Any]) -> str:
    """The slug save_reuse gives a new reuse (from the French title, else the Arabic one)."""
    return slugify(spec.get("title_fr") or spec.get("title_ar", ""))


def _form(spec: dict[str, Any], startup_id: int | None,
          themes: set[str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The reuse as its owner would fill in the form (themes that the portal does not have are left out)."""
    values = {name: spec.get(name, "") for name in (
        "type", "url", "title_fr", "title_ar", "summary_fr", "summary_ar", "description_fr", "description_ar",
        "tags", "stage", "business_model", "impact_fr", "impact_ar")}
    values["datasets"] = "\n".join(spec["datasets"])
    values["startup"] = str(startup_id) if startup_id else ""
    if spec.get("art"):
        values["cover_alt"] = ALT[spec["art"]][0 if spec.get("title_fr") else 1]
    multi = {"themes": [name for name in spec.get("themes", []) if name in themes],
             "platforms": list(spec.get("platforms", [])) if startup_id else []}
    if not startup_id:
        values["stage"] = values["business_model"] = values["impact_fr"] = values["impact_ar"] = ""
    return values, multi


async def _users(people: dict[str, int]) -> dict[str, Any]:
    """Demo people as the session objects the domain functions expect, keyed by the local part of their address."""
    rows = await User.select().where(User.id.is_in(list(people.values()))) if people else []
    return {row["email"].split("@")[0]: session_user_from_row(row) for row in rows}


async def _startups() -> tuple[dict[str, int], set[tuple[int, int]]]:
    rows = await Startup.select(Startup.id, Startup.slug)
    members = await StartupMember.select(StartupMember.startup, StartupMember.user)
    return {row["slug"]: row["id"] for row in rows}, {(row["startup"], row["user"]) for row in members}


def draw_and_store_cover(slug: str, kind: str, art: str) -> str:
    """Draw one cover and store it through the picture pipeline (every variant); its key. Blocking."""
    from showcase.media.pictures import store_picture_sync

    return store_picture_sync(cover_png(slug, kind, art), filename=f"{slug}.png", field="cover").key


async def _covers(plans: list[Plan]) -> dict[str, str]:
    """Draw and store the covers: slug -> picture key.

    Encoding the variants is most of the demo's time and Pillow holds the GIL for part of it, so the covers are
    made in worker processes, one per CPU; in threads if processes cannot be started.
    """
    wanted = [plan for plan in plans if plan.spec.get("art")]
    limiter = anyio.CapacityLimiter(max(1, min(4, os.cpu_count() or 1)))
    keys: dict[str, str] = {}

    async def one(plan: Plan, in_process: bool) -> None:
        args = (draw_and_store_cover, plan.slug, plan.spec["type"], plan.spec["art"])
        if in_process:
            keys[plan.slug] = await anyio.to_process.run_sync(*args, cancellable=True, limiter=limiter)
        else:
            keys[plan.slug] = await anyio.to_thread.run_sync(*args, limiter=limiter)

    try:
        async with anyio.create_task_group() as group:
            for plan in wanted:
                group.start_soon(one, plan, True)
    except Exception as exc:  # noqa: BLE001 - no worker processes here (sandbox, frozen app): use threads
        log.info("demo covers: worker processes unavailable (%s), drawing in threads", exc)
        async with anyio.create_task_group() as group:
            for plan in wanted:
                if plan.slug not in keys:
                    group.start_soon(one, plan, False)
    return keys


def _history(slug: str, now: datetime, index: int, total: int, *, featured: bool) -> tuple[datetime, int]:
    """When a published demo reuse went online (spread over 18 months) and how many views it has gathered."""
    rng = random.Random(f"history:{slug}")
    days = 4 + (540 - 4) * (index + rng.random()) / total  # evenly spread, in the shuffled order
    published = now - timedelta(days=days, hours=rng.randint(0, 10), minutes=rng.randint(0, 59))
    views = rng.randint(700, 1900) if featured else rng.uniform(0.3, 1.0) * (60 + days * 2.5)  # featured: popular
    return published, min(2000, int(views))


async def load_demo_reuses(settings: Any, *, people: dict[str, int], now: datetime) -> int:
    """Create the demo reuses that do not exist yet; returns how many were created."""
    if not settings.portal_is_bundled:
        return 0
    from showcase.mail.tables import OutboxMessage
    from showcase.portal.service import open_portal, portal_site

    users = await _users(people)
    moderator = users.get("salma") or next((user for user in users.values() if user.has_role("moderator")), None)
    startups, memberships = await _startups()
    themes = {row["name"] for row in await Theme.select(Theme.name)}
    plans: list[Plan] = []
    for index, spec in enumerate(DEMO_REUSES):
        slug = demo_slug(spec)
        if spec["owner"] not in users or await Reuse.exists().where(
                (Reuse.slug == slug) | (Reuse.url_hash == url_identity(spec["url"]))):
            continue
        plans.append(Plan(index, spec, slug))
    if not plans:
        return 0
    covers = await _covers(plans)
    last_mail = (await OutboxMessage.select(OutboxMessage.id).order_by(OutboxMessage.id, ascending=False).first()
                 or {"id": 0})["id"]
    created = 0
    # Publication dates follow a shuffled order, so that types and authors mix on the "newest" page.
    order = list(range(len(DEMO_REUSES)))
    random.Random("demo-reuses").shuffle(order)
    newest = [index for index in order if DEMO_REUSES[index].get("art")][:6]  # the gallery opens on covers
    order = newest + [index for index in order if index not in newest]
    async with open_portal(settings) as portal:
        site = portal_site(settings)
        for plan in plans:
            spec, owner = plan.spec, users[plan.spec["owner"]]
            startup_id = startups.get(spec.get("startup", ""))
            if startup_id is not None and (startup_id, owner.id) not in memberships:
                startup_id = None
            values, multi = _form(spec, startup_id, themes)
            status = spec.get("status", "published")
            try:
                saved = await domain.save_reuse(user=owner, reuse_id=None, values=values, multi=multi,
                                                cover_key=covers.get(plan.slug, ""), portal=portal, site=site,
                                                now=now, submit=status != "draft")
            except InvalidInput as exc:
                log.warning("demo reuse %s not created: %s", plan.slug, exc.errors)
                continue
            created += 1
            await _moderate(saved.reuse_id, status, spec, owner=owner, moderator=moderator, now=now,
                            rank=order.index(plan.index), total=len(DEMO_REUSES), slug=saved.slug)
    # The demo authors need not be told by e-mail that their demo reuses were reviewed.
    await OutboxMessage.delete().where((OutboxMessage.id > last_mail) & OutboxMessage.template.is_in(
        list(domain.NOTIFY_AUTHOR.values())) & OutboxMessage.to_address.is_in([u.email for u in users.values()]))
    return created


async def _moderate(reuse_id: int, status: str, spec: dict[str, Any], *, owner: Any, moderator: Any,
                    now: datetime, rank: int, total: int, slug: str) -> None:
    """Take a freshly submitted reuse to its demo status, then date its history plausibly."""
    if status == "draft" or moderator is None:
        return
    rng = random.Random(f"moderation:{slug}")
    if status == "submitted":
        submitted = now - timedelta(days=rng.randint(0, 5), hours=rng.randint(1, 20))
        await Reuse.update({Reuse.created_at: submitted, Reuse.submitted_at: submitted,
                            Reuse.updated_at: submitted}).where(Reuse.id == reuse_id)
        await ModerationEvent.update({ModerationEvent.created_at: submitted}).where(
            ModerationEvent.reuse == reuse_id)
        return
    if status == "changes_requested":
        submitted = now - timedelta(days=rng.randint(4, 12), hours=rng.randint(1, 20))
        reviewed = submitted + timedelta(days=1, hours=rng.randint(0, 6))
        await domain.apply_action(reuse_id=reuse_id, user=moderator, action="request_changes",
                                  message=spec["moderation"], now=reviewed)
        await Reuse.update({Reuse.created_at: submitted, Reuse.submitted_at: submitted}).where(
            Reuse.id == reuse_id)
        await ModerationEvent.update({ModerationEvent.created_at: submitted}).where(
            (ModerationEvent.reuse == reuse_id) & (ModerationEvent.action == "create"))
        return
    await domain.apply_action(reuse_id=reuse_id, user=moderator, action="publish", message="", now=now)
    if status == "featured":
        await domain.apply_action(reuse_id=reuse_id, user=moderator, action="feature", message="", now=now)
    if status == "archived":
        await domain.apply_action(reuse_id=reuse_id, user=owner, action="archive", message="", now=now)
    # Featured reuses are among the more recent ones; the others spread over eighteen months.
    published, views = _history(slug, now, rank // 3 if status == "featured" else rank, total,
                                featured=status == "featured")
    submitted = published - timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 12))
    changes = {Reuse.created_at: submitted - timedelta(hours=rng.randint(1, 48)), Reuse.submitted_at: submitted,
               Reuse.published_at: published, Reuse.updated_at: published, Reuse.views: views}
    if status == "archived":
        archived = min(now, published + timedelta(days=rng.randint(90, 200)))
        changes.update({Reuse.archived_at: archived, Reuse.updated_at: archived})
    await Reuse.update(changes).where(Reuse.id == reuse_id)
    for action, moment in (("create", changes[Reuse.created_at]), ("publish", published), ("feature", published),
                           ("archive", changes.get(Reuse.archived_at, published))):
        await ModerationEvent.update({ModerationEvent.created_at: moment}).where(
            (ModerationEvent.reuse == reuse_id) & (ModerationEvent.action == action))
