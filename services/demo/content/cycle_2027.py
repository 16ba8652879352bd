"""The 2027 cycle, taking proposals: residents' ideas at every stage of review.

`supports` is how many simulated residents back each proposal; `author` "resident" makes the
demo resident its author (the others come from simulated residents). Reasons are one text in
the three languages, because moderators write one reason for everyone.
"""
from __future__ import annotations

BUDGET = {
    "slug": "osh-2027", "year": 2027, "phase": "proposals", "method": "knapsack", "rule": "mes",
    "visibility": "observers_live", "support_threshold": 25,
    "days": {"proposals_start": -20, "proposals_end": 40, "review_end": 80,
             "voting_start": 95, "voting_end": 125, "results_on": 135},
    "name": ("Ашар 2027: сунуштарды кабыл алуу", "Ашар 2027: приём предложений", "Ashar 2027: call for proposals"),
    "description": (
        "70 млн сом. Долбооруңузду сунуштаңыз жана коңшуларыңыздын сунуштарын колдоңуз: 25 колдоо "
        "алган сунуштар мэриянын текшерүүсүнө өтөт.",
        "70 млн сомов. Предложите свой проект и поддержите предложения соседей: набравшие 25 "
        "поддержек проходят проверку мэрии.",
        "70 million som. Propose a project and support your neighbours' ideas: proposals with 25 "
        "supporters go on to city hall's review."),
}

CITY_ENVELOPE = 35_000_000
DISTRICT_ENVELOPES = {
    "sulaiman-too": 6_600_000, "kerme-too": 6_200_000, "zhibek-zholu": 5_500_000,
    "kurmanjan-datka": 5_100_000, "alymbek-datka": 4_300_000, "manas-ata": 3_200_000,
    "toloikon": 1_700_000, "kyzyl-kyshtak": 1_500_000, "zhapalak": 900_000,
}


def _reason(ky: str, ru: str, en: str) -> str:
    return "\n".join((ky, ru, en))


PROPOSALS = [
    {"key": "park-market-lot", "district": "kerme-too", "category": "parks", "cost": 5_500_000,
     "official_cost": 6_100_000, "status": "accepted", "supports": 96,
     "note": _reason("Жер муниципалдык; смета 6,1 млн сомго такталды.",
                     "Земля муниципальная; смета уточнена до 6,1 млн сомов.",
                     "Municipal land; estimate revised to 6.1 million som."),
     "title": ("Эски базардын ордуна сейил бак", "Сквер на месте старого рынка", "A park on the old market lot"),
     "description": ("Бош калган базар аянтын дарактар, отургучтар жана балдар аянтчасы бар сейил бакка айлантуу.",
                     "Превратить пустующий рыночный участок в сквер с деревьями, скамейками и детской площадкой.",
                     "Turn the empty market lot into a park with trees, benches and a playground.")},
    {"key": "audio-crossings", "district": None, "category": "accessibility", "cost": 3_800_000,
     "official_cost": None, "status": "accepted", "supports": 64, "commitment": "accessible",
     "note": _reason("Жол полициясы менен макулдашылды.", "Согласовано с дорожной полицией.",
                     "Agreed with the traffic police."),
     "title": ("25 жөө өтмөктө үн сигналы", "Звуковые сигналы на 25 переходах", "Audible signals at 25 crossings"),
     "description": ("Көзү көрбөгөн адамдар үчүн светофорлорго үн сигналдары.",
                     "Звуковые сигналы светофоров для незрячих людей.",
                     "Audible traffic-light signals for blind people.")},
    {"key": "solar-zhapalak", "district": "zhapalak", "category": "lighting", "cost": 1_400_000,
     "official_cost": None, "status": "accepted", "supports": 41,
     "note": _reason("Техникалык жактан ишке ашат.", "Технически реализуемо.", "Technically feasible."),
     "title": ("Негизги жолго күн панелдүү чырактар", "Солнечные фонари на главной дороге",
               "Solar street lights on the main road"),
     "description": ("Жапалактын негизги жолуна 50 чырак.", "50 фонарей на главной дороге Жапалака.",
                     "Fifty lamps along Zhapalak's main road.")},
    {"key": "canteen-alymbek", "district": "alymbek-datka", "category": "schools", "cost": 2_600_000,
     "official_cost": 2_450_000, "status": "accepted", "supports": 52,
     "note": _reason("Билим берүү башкармалыгы менен текшерилди.", "Проверено с управлением образования.",
                     "Checked with the education department."),
     "title": ("Мектеп ашканасын оңдоо", "Ремонт школьной столовой", "Renovate a school canteen"),
     "description": ("Жаңы меш, муздаткыч жана 200 орундуу зал.", "Новая плита, холодильник и зал на 200 мест.",
                     "A new stove, a fridge and a hall seating 200.")},
    {"key": "bike-lanes", "district": None, "category": "transport", "cost": 9_000_000,
     "official_cost": None, "status": "under_review", "supports": 58,
     "title": ("Масалиев проспектинде велосипед жолу", "Велодорожка на проспекте Масалиева",
               "Cycle lanes on Masaliev Avenue"),
     "description": ("Эки тараптуу 3 км велосипед жолу жана велопарковкалар.",
                     "3 км двусторонней велодорожки и велопарковки.",
                     "Three kilometres of two-way cycle lane with bike racks.")},
    {"key": "well-toloikon", "district": "toloikon", "category": "water", "cost": 2_200_000,
     "official_cost": None, "status": "under_review", "supports": 33,
     "title": ("Кудук жана суу мунарасы", "Скважина и водонапорная башня", "A well and a water tower"),
     "description": ("Жайында суу үзгүлтүгү болбосун деп.", "Чтобы летом не было перебоев с водой.",
                     "So the water does not run out in summer.")},
    {"key": "ice-rink", "district": "kerme-too", "category": "sport", "cost": 1_300_000,
     "official_cost": None, "status": "under_review", "supports": 27, "author": "resident",
     "title": ("Мектеп короосунда кышкы муз аянтча", "Зимний каток во дворе школы",
               "A winter ice rink in a school yard"),
     "description": ("Кышында коньки, жайында баскетбол: эки сезондук аянтча.",
                     "Зимой коньки, летом баскетбол: площадка на два сезона.",
                     "Skating in winter, basketball in summer: one ground for both seasons.")},
    {"key": "mural-walls", "district": "sulaiman-too", "category": "culture", "cost": 800_000,
     "official_cost": None, "status": "proposed", "supports": 12,
     "title": ("Базардын жанындагы дубалдарга сүрөт", "Муралы на стенах у базара", "Murals on the walls by the bazaar"),
     "description": ("Жаш сүрөтчүлөр Оштун тарыхын тартышат.", "Молодые художники нарисуют историю Оша.",
                     "Young artists paint the story of Osh.")},
    {"key": "waste-sorting", "district": None, "category": "environment", "cost": 4_500_000,
     "official_cost": None, "status": "proposed", "supports": 19,
     "title": ("Таштандыны бөлүп чогултуу пункттары", "Пункты раздельного сбора мусора",
               "Recycling collection points"),
     "description": ("Пластик, айнек жана кагаз үчүн 60 контейнер аянтчасы.",
                     "60 площадок с контейнерами для пластика, стекла и бумаги.",
                     "Sixty sites with bins for plastic, glass and paper.")},
    {"key": "private-yard", "district": "manas-ata", "category": "roads", "cost": 1_600_000,
     "official_cost": None, "status": "rejected", "supports": 8,
     "reason": _reason(
         "Жер жеке менчикте: катышуучу бюджет муниципалдык жердеги иштерди гана каржылайт.",
         "Участок в частной собственности: партисипаторный бюджет финансирует работы только на муниципальной земле.",
         "The plot is privately owned: the participatory budget only funds work on municipal land."),
     "title": ("Короону асфальттоо", "Асфальт во дворе", "Asphalt for a yard"),
     "description": ("Үйдүн короосуна асфальт.", "Асфальт во дворе дома.", "Asphalt for a house's yard.")},
    {"key": "mri", "district": None, "category": "health", "cost": 80_000_000,
     "official_cost": None, "status": "rejected", "supports": 30,
     "reason": _reason(
         "Облустук оорукана республикалык бюджеттен каржыланат, наркы циклдин бардык каражатынан ашат.",
         "Областная больница финансируется из республиканского бюджета, а стоимость превышает все средства цикла.",
         "The regional hospital is funded by the national budget, and the cost exceeds the whole cycle."),
     "title": ("Облустук ооруканага МРТ аппараты", "Аппарат МРТ для областной больницы",
               "An MRI scanner for the regional hospital"),
     "description": ("Томография үчүн Бишкекке барбаш үчүн.", "Чтобы не ездить на томографию в Бишкек.",
                     "So that nobody has to travel to Bishkek for a scan.")},
    {"key": "teacher-bonus", "district": None, "category": "other", "cost": 5_000_000,
     "official_cost": None, "status": "rejected", "supports": 22,
     "reason": _reason(
         "Эмгек акы учурдагы чыгаша: катышуучу бюджет инвестициялык долбоорлор үчүн гана.",
         "Зарплата — текущий расход: партисипаторный бюджет только для инвестиционных проектов.",
         "Salaries are running costs: the participatory budget funds investment projects only."),
     "title": ("Мугалимдерге сыйлык акы", "Премии учителям", "Bonuses for teachers"),
     "description": ("Мыкты мугалимдерге жылдык сыйлык.", "Ежегодная премия лучшим учителям.",
                     "A yearly bonus for the best teachers.")},
]
