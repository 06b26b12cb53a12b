"""The demo challenges' texts and cast: one open for submissions, one in judging, one finished, one upcoming.

Dates are given as (days from the demo's start, local hour) in Africa/Casablanca and converted with zoneinfo.
"""

from __future__ import annotations

from showcase.reuses.demo import (
    ARRIVEES,
    BAC,
    BARRAGES,
    CEREALES,
    ECOLES,
    ELEVES,
    HOPITAUX,
    MEDECINS,
    NUITEES,
    PECHE,
    PLAGES,
    SOINS,
    VACCINS,
    VOYAGES,
)

POPULATION = "population-legale-regions-provinces-rgph-2024"

# Demo participants (beside the people of showcase.demo): e-mail, name, locale
PARTICIPANTS = [
    ("hajar@example.org", "Hajar Benkirane", "fr"),
    ("omar@example.org", "عمر الفاسي", "ar"),
    ("fatima@example.org", "فاطمة الزهراء العلوي", "ar"),
    ("nadia@example.org", "Nadia Tazi", "fr"),
    ("mehdi@example.org", "Mehdi Chraibi", "fr"),
    ("sara@example.org", "Sara Bennani", "fr"),
    ("rachid@example.org", "رشيد أمزيان", "ar"),
    ("leila@example.org", "Leila Amrani", "fr"),  # co-organizer
]

QUESTIONS_FULL = [
    {"kind": "short_text", "label_fr": "Ville de l’équipe", "label_ar": "مدينة الفريق", "required": True},
    {"kind": "long_text", "label_fr": "Quel problème résolvez-vous, et pour qui ?",
     "label_ar": "ما المشكلة التي تحلونها، ولمن؟", "required": True,
     "help_fr": "Dix lignes au plus : les usagers, le besoin, ce qui change grâce à vous.",
     "help_ar": "عشرة أسطر على الأكثر: المستخدمون، الحاجة، وما الذي يتغير بفضلكم."},
    {"kind": "url", "label_fr": "Vidéo de démonstration (3 minutes)", "label_ar": "فيديو العرض (3 دقائق)",
     "required": False},
    {"kind": "number", "label_fr": "Nombre d’utilisateurs pilotes", "label_ar": "عدد المستخدمين التجريبيين",
     "required": False},
    {"kind": "single_choice", "label_fr": "Maturité du projet", "label_ar": "مدى نضج المشروع", "required": True,
     "choices": [{"fr": "Idée", "ar": "فكرة"}, {"fr": "Prototype", "ar": "نموذج أولي"},
                 {"fr": "Produit en service", "ar": "منتج في الخدمة"}]},
    {"kind": "multiple_choice", "label_fr": "Plateformes", "label_ar": "المنصات", "required": False,
     "choices": [{"fr": "Web", "ar": "الويب"}, {"fr": "Android", "ar": "أندرويد"}, {"fr": "iOS", "ar": "آي أو إس"},
                 {"fr": "SMS", "ar": "الرسائل القصيرة"}]},
    {"kind": "pdf", "label_fr": "Présentation du projet (PDF)", "label_ar": "عرض المشروع (PDF)", "required": False,
     "help_fr": "10 Mo au plus.", "help_ar": "10 ميغابايت على الأكثر."},
]

QUESTIONS_SHORT = [
    {"kind": "short_text", "label_fr": "Ville de l’équipe", "label_ar": "مدينة الفريق", "required": True},
    {"kind": "long_text", "label_fr": "Ce que votre projet apporte", "label_ar": "ما يضيفه مشروعكم", "required": True},
]

CHALLENGES = [
    {
        "slug": "hackathon-eau-climat-2026",
        "title_fr": "Hackathon Eau & Climat 2026",
        "title_ar": "هاكاثون الماء والمناخ 2026",
        "summary_fr": "Trois semaines pour construire, avec les données ouvertes des barrages et des récoltes, "
                      "des services qui aident agriculteurs, communes et citoyens à faire face à la sécheresse.",
        "summary_ar": "ثلاثة أسابيع لبناء خدمات تعتمد على البيانات المفتوحة للسدود والمحاصيل، "
                      "تساعد الفلاحين والجماعات والمواطنين على مواجهة الجفاف.",
        "description_fr": (
            "Le Maroc traverse sa septième année de sécheresse. Les taux de remplissage des barrages, publiés "
            "chaque jour, et la production céréalière par région sont ouverts sur data.gov.ma : à vous d’en faire "
            "des outils utiles.\n\n"
            "## Ce que nous attendons\n\n"
            "- des services concrets : alertes, tableaux de bord, conseils d’irrigation, outils pour les communes ;\n"
            "- qui citent au moins un jeu de données éligible ;\n"
            "- utilisables par des personnes qui ne sont pas des spécialistes.\n\n"
            "Les équipes finalistes présenteront leur projet au jury à Rabat."),
        "description_ar": (
            "يعيش المغرب سنته السابعة من الجفاف. نسب ملء السدود، المنشورة يوميا، والإنتاج الحبوبي حسب الجهات "
            "متاحة على data.gov.ma: حولوها إلى أدوات مفيدة.\n\n"
            "## ما ننتظره\n\n"
            "- خدمات ملموسة: تنبيهات، لوحات قيادة، نصائح للري، أدوات للجماعات؛\n"
            "- تعتمد على مجموعة بيانات مؤهلة واحدة على الأقل؛\n"
            "- سهلة الاستعمال لغير المتخصصين."),
        "rules_fr": ("1. Une équipe de 1 à 4 personnes, une entrée par équipe.\n"
                     "2. Le code est publié sous licence libre au plus tard à la date limite.\n"
                     "3. Chaque entrée cite au moins un jeu de données éligible de data.gov.ma.\n"
                     "4. Les entrées sont modifiables jusqu’à la date limite ; la version retenue est la dernière "
                     "soumise avant cette date.\n"
                     "5. En cas d’égalité, le critère « impact » départage les équipes."),
        "rules_ar": ("1. فريق من شخص إلى أربعة أشخاص، ومشاركة واحدة لكل فريق.\n"
                     "2. ينشر الكود برخصة حرة قبل الموعد النهائي.\n"
                     "3. تستند كل مشاركة إلى مجموعة بيانات مؤهلة واحدة على الأقل من data.gov.ma."),
        "eligibility_fr": "Je réside au Maroc ou j’y suis inscrit dans un établissement, j’ai 18 ans ou plus, "
                          "et mon équipe détient les droits sur ce qu’elle soumet.",
        "eligibility_ar": "أقيم بالمغرب أو مسجل في إحدى مؤسساته، عمري 18 سنة أو أكثر، ويملك فريقي حقوق ما يقدمه.",
        "resources_fr": ("- [Portail national des données ouvertes](https://data.gov.ma)\n"
                         "- [Documentation de l’API CKAN](https://docs.ckan.org/en/latest/api/)\n"
                         "- Atelier en ligne « Lire les données des barrages », le premier samedi du défi"),
        "resources_ar": "- [البوابة الوطنية للبيانات المفتوحة](https://data.gov.ma)",
        "faq_fr": ("## Faut-il savoir coder ?\n\nNon : une visualisation, une étude ou un prototype papier "
                   "bien argumenté sont acceptés.\n\n"
                   "## Peut-on participer seul ?\n\nOui, une équipe peut compter une seule personne.\n\n"
                   "## Une startup peut-elle participer ?\n\nOui, elle s’inscrit comme une équipe."),
        "faq_ar": "## هل يجب أن أعرف البرمجة؟\n\nلا، تقبل التصورات والدراسات والنماذج الأولية.",
        "organizer_name": "Agence de Développement du Digital",
        "themes": ["environnement", "agriculture"],
        "datasets": [BARRAGES, CEREALES, PLAGES, PECHE],
        "tracks": [
            {"name_fr": "Gestion de l’eau", "name_ar": "تدبير الماء", "amount_mad": 50_000, "winners": 1,
             "description_fr": "Le meilleur service pour économiser ou mieux répartir l’eau.",
             "description_ar": "أفضل خدمة لاقتصاد الماء أو توزيعه بشكل أفضل."},
            {"name_fr": "Agriculture résiliente", "name_ar": "فلاحة صامدة", "amount_mad": 30_000, "winners": 2,
             "description_fr": "Pour les agriculteurs et les coopératives.",
             "description_ar": "للفلاحين والتعاونيات."},
            {"name_fr": "Prix jeunes talents", "name_ar": "جائزة المواهب الشابة", "amount_mad": 15_000, "winners": 1,
             "description_fr": "Équipes dont tous les membres ont moins de 25 ans.",
             "description_ar": "فرق جميع أعضائها أقل من 25 سنة."},
        ],
        "questions": QUESTIONS_FULL,
        "team_size": (1, 4),
        "timeline": {"registration_opens_at": (-20, 9), "submissions_open_at": (-6, 9),
                     "submissions_close_at": (9, 17), "judging_opens_at": (12, 9), "judging_closes_at": (24, 18),
                     "voting_opens_at": (12, 9), "voting_closes_at": (20, 18), "results_at": (28, 18)},
        "cover": ("eau-climat", "visualisation", "bars"),
    },
    {
        "slug": "defi-tourisme-numerique",
        "title_fr": "Défi Tourisme numérique",
        "title_ar": "تحدي السياحة الرقمية",
        "summary_fr": "Des services pour mieux accueillir les visiteurs, à partir des arrivées aux frontières, "
                      "des nuitées et de la qualité des eaux de baignade.",
        "summary_ar": "خدمات لاستقبال أفضل للزوار، انطلاقا من الوافدين على الحدود والليالي السياحية وجودة مياه "
                      "الاستحمام.",
        "description_fr": ("Le tourisme est l’un des premiers employeurs du pays. Ce défi récompense les "
                           "applications et visualisations qui aident voyageurs, communes et professionnels."),
        "description_ar": "السياحة من أكبر القطاعات المشغلة في البلاد. يكافئ هذا التحدي التطبيقات والتصورات "
                          "التي تساعد المسافرين والجماعات والمهنيين.",
        "rules_fr": "Une entrée par équipe ; au moins un jeu de données éligible cité.",
        "rules_ar": "مشاركة واحدة لكل فريق؛ مع الاستناد إلى مجموعة بيانات مؤهلة واحدة على الأقل.",
        "eligibility_fr": "J’ai 18 ans ou plus et mon équipe détient les droits sur ce qu’elle soumet.",
        "eligibility_ar": "عمري 18 سنة أو أكثر ويملك فريقي حقوق ما يقدمه.",
        "organizer_name": "Ministère du Tourisme, de l’Artisanat et de l’Économie sociale",
        "themes": ["tourisme"],
        "datasets": [NUITEES, ARRIVEES, VOYAGES, PLAGES],
        "tracks": [
            {"name_fr": "Grand prix", "name_ar": "الجائزة الكبرى", "amount_mad": 40_000, "winners": 1},
            {"name_fr": "Prix du public", "name_ar": "جائزة الجمهور", "amount_mad": 10_000, "winners": 1},
        ],
        "questions": QUESTIONS_SHORT,
        "team_size": (1, 5),
        "timeline": {"registration_opens_at": (-70, 9), "submissions_open_at": (-45, 9),
                     "submissions_close_at": (-12, 17), "judging_opens_at": (-6, 9), "judging_closes_at": (8, 18),
                     "results_at": (12, 18)},
        "cover": ("tourisme", "application", "dots"),
    },
    {
        "slug": "open-data-education-2026",
        "title_fr": "Open Data Éducation 2026",
        "title_ar": "البيانات المفتوحة للتعليم 2026",
        "summary_fr": "Le concours qui a donné aux familles et aux enseignants des outils pour lire les résultats "
                      "du baccalauréat et la carte scolaire.",
        "summary_ar": "المسابقة التي منحت الأسر والأساتذة أدوات لقراءة نتائج البكالوريا والخريطة المدرسية.",
        "description_fr": ("Organisé au printemps 2026 avec les académies régionales, ce concours a réuni des "
                           "équipes de lycéens, d’étudiants et de startups. Les entrées sont publiques."),
        "description_ar": "نظمت هذه المسابقة في ربيع 2026 بشراكة مع الأكاديميات الجهوية، وجمعت فرقا من التلاميذ "
                          "والطلبة والمقاولات الناشئة. المشاركات متاحة للعموم.",
        "rules_fr": "Une entrée par équipe ; les données de l’éducation nationale citées.",
        "rules_ar": "مشاركة واحدة لكل فريق.",
        "eligibility_fr": "J’ai 16 ans ou plus (autorisation parentale avant 18 ans).",
        "eligibility_ar": "عمري 16 سنة أو أكثر (بإذن الوالدين قبل 18 سنة).",
        "organizer_name": "Ministère de l’Éducation nationale, du Préscolaire et des Sports",
        "themes": ["education"],
        "datasets": [BAC, ELEVES, ECOLES, POPULATION],
        "tracks": [
            {"name_fr": "Orientation", "name_ar": "التوجيه", "amount_mad": 25_000, "winners": 1},
            {"name_fr": "Pédagogie", "name_ar": "البيداغوجيا", "amount_mad": 25_000, "winners": 1},
        ],
        "questions": QUESTIONS_SHORT,
        "team_size": (1, 4),
        "timeline": {"registration_opens_at": (-150, 9), "submissions_open_at": (-120, 9),
                     "submissions_close_at": (-90, 17), "judging_opens_at": (-85, 9),
                     "judging_closes_at": (-70, 18), "voting_opens_at": (-84, 9), "voting_closes_at": (-72, 18),
                     "results_at": (-60, 18)},
        "results_published": (-60, 18),
        "entries_public": True,
        "cover": ("education", "article", "lines"),
    },
    {
        "slug": "datathon-sante-2027",
        "title_fr": "Datathon Santé 2027",
        "title_ar": "داتاثون الصحة 2027",
        "summary_fr": "Rapprocher les soins de chacun : un datathon sur l’offre de soins, les médecins et la "
                      "couverture vaccinale, ouvert aux étudiants et aux professionnels de santé.",
        "summary_ar": "تقريب العلاج من الجميع: داتاثون حول العرض الصحي والأطباء والتغطية بالتلقيح.",
        "description_fr": "Les inscriptions ouvrent bientôt. Préparez votre équipe !",
        "description_ar": "التسجيل يفتح قريبا. جهزوا فريقكم!",
        "rules_fr": "Une entrée par équipe.",
        "rules_ar": "مشاركة واحدة لكل فريق.",
        "eligibility_fr": "J’ai 18 ans ou plus.",
        "eligibility_ar": "عمري 18 سنة أو أكثر.",
        "organizer_name": "Ministère de la Santé et de la Protection sociale",
        "themes": ["sante"],
        "datasets": [SOINS, HOPITAUX, MEDECINS, VACCINS],
        "tracks": [{"name_fr": "Accès aux soins", "name_ar": "الولوج إلى العلاج", "amount_mad": 60_000,
                    "winners": 1}],
        "questions": QUESTIONS_SHORT,
        "team_size": (2, 5),
        "timeline": {"registration_opens_at": (10, 9), "submissions_open_at": (25, 9),
                     "submissions_close_at": (55, 17), "judging_opens_at": (60, 9), "judging_closes_at": (75, 18),
                     "results_at": (80, 18)},
        "cover": ("sante", "paper", "network"),
    },
]

# A reuse made for a challenge by a demo participant (the demo reuses have no education project of hers).
EXTRA_REUSES = [
    {"owner": "hajar", "type": "application", "url": "https://ecoles-proches.example.org/",
     "title_fr": "Écoles à portée de main", "title_ar": "مدارس في المتناول",
     "summary_fr": "Trouver les écoles, collèges et lycées autour de chez soi, avec leurs effectifs.",
     "summary_ar": "العثور على المدارس والإعداديات والثانويات القريبة من المنزل مع أعداد التلاميذ.",
     "description_fr": "Une carte des établissements scolaires par région, croisée avec les effectifs d’élèves.",
     "datasets": [ECOLES, ELEVES], "themes": ["education"], "tags": "écoles, carte",
     "cover": ("application", "map")},
]
