"""The 2026 cycle, in voting now: a city-wide envelope, one per district, and its city-wide projects.

Dates are offsets in days from the moment of seeding, so voting is always open in the demo.
District projects live in `cycle_2026_districts`.
"""
from __future__ import annotations

BUDGET = {
    "slug": "osh-2026", "year": 2026, "phase": "voting", "method": "knapsack", "rule": "greedy",
    "visibility": "public_live", "min_spend_percent": 0, "support_threshold": 20,
    "days": {"proposals_start": -120, "proposals_end": -75, "review_end": -30,
             "voting_start": -12, "voting_end": 18, "results_on": 25},
    "name": ("Ашар 2026: шаар жана райондор", "Ашар 2026: город и районы", "Ashar 2026: city and districts"),
    "description": (
        "60 млн сом: 30 млн бүт шаар үчүн жана 30 млн тогуз аймактык башкармалыкка калкынын "
        "санына жараша. Ар ким бүт шаардык долбоорлорду жана өз районунун долбоорлорун ар бир "
        "конверттин чегинде тандайт; ар бир конвертте эң көп добуш алгандар каражат жеткенче "
        "каржыланат.",
        "60 млн сомов: 30 млн на весь город и 30 млн на девять территориальных управлений по "
        "численности населения. Каждый выбирает городские проекты и проекты своего района в "
        "пределах каждого конверта; в каждом конверте финансируются набравшие больше всего "
        "голосов, пока хватает средств.",
        "60 million som: 30 million for the whole city and 30 million shared among the nine "
        "territorial administrations by population. Everyone picks city-wide projects and "
        "projects of their own district within each envelope; in each envelope the most-voted "
        "projects are funded while the money lasts."),
}

CITY_ENVELOPE = 30_000_000
# Per district, roughly 91 som per resident, rounded.
DISTRICT_ENVELOPES = {
    "sulaiman-too": 5_600_000, "kerme-too": 5_300_000, "zhibek-zholu": 4_700_000,
    "kurmanjan-datka": 4_400_000, "alymbek-datka": 3_700_000, "manas-ata": 2_700_000,
    "toloikon": 1_500_000, "kyzyl-kyshtak": 1_300_000, "zhapalak": 800_000,
}

CITY_PROJECTS = [
    {"key": "fountains", "category": "water", "cost": 3_200_000, "popularity": 6, "commitment": "utilities",
     "address": "Ош ш., 20 сейил бак жана аянт", "at": (40.5270, 72.7980),
     "title": ("20 сейил бакта ичүүчү суу булактары", "Питьевые фонтанчики в 20 парках и скверах",
               "Drinking fountains in 20 parks and squares"),
     "description": ("Жайкы ысыкта таза суу: чыпкасы бар булактар, балдар жана майыптар үчүн да ыңгайлуу.",
                     "Чистая вода в летнюю жару: фонтанчики с фильтрами, удобные для детей и людей на колясках.",
                     "Clean water in the summer heat: filtered fountains that children and wheelchair users can reach.")},
    {"key": "lights-masaliev", "category": "lighting", "cost": 6_800_000, "popularity": 7, "commitment": "utilities",
     "address": "Масалиев проспекти", "at": (40.5330, 72.8050),
     "title": ("Масалиев проспектине LED жарык", "Светодиодное освещение проспекта Масалиева",
               "LED lighting along Masaliev Avenue"),
     "description": ("3,2 км проспектке 260 үнөмдүү чырак жана жөө жүргүнчүлөр өтмөктөрүнө кошумча жарык.",
                     "260 экономичных светильников на 3,2 км проспекта и подсветка пешеходных переходов.",
                     "260 efficient lamps over 3.2 km of the avenue, with extra light at pedestrian crossings.")},
    {"key": "bus-shelters", "category": "transport", "cost": 7_500_000, "popularity": 7, "commitment": None,
     "address": "Ош ш., 50 аялдама", "at": (40.5200, 72.8000),
     "title": ("50 аялдамага жабык күтүү жайлары", "Навесы на 50 остановках", "Shelters at 50 bus stops"),
     "description": ("Көлөкө, отургуч, маршруттардын картасы жана түнкү жарык; улгайгандар үчүн тутка.",
                     "Тень, скамейка, схема маршрутов и подсветка ночью; поручни для пожилых.",
                     "Shade, a bench, a route map and night lighting, with handrails for older passengers.")},
    {"key": "kerbs-lenin", "category": "accessibility", "cost": 4_600_000, "popularity": 5, "commitment": "accessible",
     "address": "Ленин көчөсү", "at": (40.5250, 72.7960),
     "title": ("Ленин көчөсүндө түшүрүлгөн бордюр жана тактилдик плитка",
               "Понижения бордюра и тактильная плитка на улице Ленина",
               "Lowered kerbs and tactile paving on Lenin Street"),
     "description": ("Бардык 34 өтмөктө бордюр түшүрүлөт, көзү начар көргөндөр үчүн тактилдик плитка төшөлөт.",
                     "На всех 34 переходах понизят бордюр и уложат тактильную плитку для незрячих.",
                     "Kerbs lowered at all 34 crossings, with tactile paving for blind and partially sighted people.")},
    {"key": "ultrasound", "category": "health", "cost": 5_900_000, "popularity": 6, "commitment": None,
     "address": "Ош ш., 3 үй-бүлөлүк дарыгерлер борбору", "at": (40.5150, 72.8030),
     "title": ("Үч үй-бүлөлүк дарыгерлер борборуна УЗИ аппараты",
               "Аппараты УЗИ для трёх центров семейной медицины",
               "Ultrasound machines for three family medicine centres"),
     "description": ("Кош бойлуу аялдар жана балдар текшерүү үчүн облустук ооруканада кезек күтпөйт.",
                     "Беременным и детям не придётся стоять в очереди на УЗИ в областной больнице.",
                     "Pregnant women and children no longer queue for scans at the regional hospital.")},
    {"key": "akbuura-walk", "category": "environment", "cost": 14_000_000, "popularity": 8, "commitment": None,
     "address": "Ак-Буура дарыясынын жээги", "at": (40.5300, 72.8000),
     "title": ("Ак-Буура жээги: биринчи 1,2 км", "Набережная Ак-Буура: первые 1,2 км",
               "Ak-Buura riverside: the first 1.2 km"),
     "description": ("Жээкти бекемдөө, жөө жана велосипед жолу, дарактар жана жарык; 2025-жылы жетпей калган долбоор.",
                     "Укрепление берега, пешеходная и велодорожка, деревья и освещение; проект, которому не хватило средств в 2025 году.",
                     "Bank protection, a walking and cycling path, trees and lights — the project that just missed out in 2025.")},
    {"key": "navoi-stage", "category": "culture", "cost": 4_100_000, "popularity": 4, "commitment": None,
     "address": "Навои атындагы сейил бак", "at": (40.5230, 72.7890),
     "title": ("Навои паркында ачык сахна жана Wi-Fi", "Открытая сцена и Wi-Fi в парке Навои",
               "An open-air stage and Wi-Fi in Navoi Park"),
     "description": ("Жаштар концерттери, театр жана шаардык майрамдар үчүн сахна, акысыз Wi-Fi.",
                     "Сцена для молодёжных концертов, театра и городских праздников, бесплатный Wi-Fi.",
                     "A stage for youth concerts, theatre and city festivals, plus free Wi-Fi.")},
    {"key": "school-grounds", "category": "sport", "cost": 8_400_000, "popularity": 6, "commitment": None,
     "address": "Ош ш., 6 мектеп", "at": (40.5180, 72.7850),
     "title": ("Алты мектепте воркаут жана мини-футбол аянтчалары",
               "Воркаут и мини-футбол в шести школах", "Street-workout and mini-football grounds at six schools"),
     "description": ("Кечинде жана дем алыш күндөрү коңшулар үчүн ачык аянтчалар.",
                     "Площадки открыты для соседей по вечерам и в выходные.",
                     "Grounds open to neighbours in the evenings and at weekends.")},
]
