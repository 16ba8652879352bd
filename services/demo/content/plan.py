"""The Open Osh working group's OGP Local Joint Action Plan 2024–2026 (illustrative commitments)."""
from __future__ import annotations

from datetime import date

DPI = "ОО «Институт политики развития» (Development Policy Institute, DPI)"
COALITION = "Коалиция «За развитие МСУ в КР» (Coalition for the Development of Local Self-Government)"
ACADEMY = "Академия местного управления в Центральной Азии (Academy of Local Governance in Central Asia)"
UNION = "Союз МСУ КР (Union of Local Self-Governments of the Kyrgyz Republic)"

PLAN = {
    "title": (
        "«Ачык Ош» жумушчу тобунун OGP Local биргелешкен иш-аракеттер планы, 2024–2026",
        "План совместных действий OGP Local рабочей группы «Открытый Ош», 2024–2026",
        "OGP Local Joint Action Plan of the Open Osh working group, 2024–2026",
    ),
    "summary": (
        "Ош шаарынын мэриясы жана жарандык коом биргелешип даярдаган план: мэриянын ишинин "
        "ачыктыгын жана отчеттуулугун жогорулатуу, жарандарды шаардык көйгөйлөрдү чечүүгө тартуу "
        "жана инвестициялык долбоорлордун артыкчылыктарын тургундар менен бирге аныктоо.",
        "План, разработанный мэрией города Ош совместно с гражданским обществом: повысить "
        "прозрачность и подотчётность мэрии, вовлечь граждан в решение городских проблем и "
        "определять приоритеты инвестиционных проектов вместе с жителями.",
        "A plan written by Osh City Hall together with civil society: make city hall more "
        "transparent and accountable, involve residents in solving the city's problems, and set "
        "the priorities of investment projects together with them.",
    ),
    "starts_on": date(2024, 6, 1),
    "ends_on": date(2026, 12, 31),
}

LEAD_ECONOMY = ("Ош шаарынын мэриясынын Экономика жана инвестициялар башкармалыгы",
                "Управление экономики и инвестиций мэрии города Ош",
                "Department of Economy and Investment, Osh City Hall")
LEAD_FINANCE = ("Ош шаарынын мэриясынын Финансы башкармалыгы",
                "Финансовое управление мэрии города Ош",
                "Finance Department, Osh City Hall")
LEAD_ARCHITECTURE = ("Ош шаарынын мэриясынын Архитектура жана шаар куруу башкармалыгы",
                     "Управление архитектуры и градостроительства мэрии города Ош",
                     "Department of Architecture and Urban Planning, Osh City Hall")
LEAD_UTILITIES = ("Ош шаарынын мэриясынын Турак жай-коммуналдык чарба башкармалыгы",
                  "Управление жилищно-коммунального хозяйства мэрии города Ош",
                  "Department of Housing and Utilities, Osh City Hall")
LEAD_KENESH = ("Ош шаардык кеңешинин аппараты", "Аппарат Ошского городского кенеша",
               "Office of the Osh City Kenesh")

# key, number, status, title, problem, description, lead, partners, milestones
COMMITMENTS = [
    {
        "key": "pb", "number": 1, "status": "in_progress", "lead": LEAD_ECONOMY,
        "partners": "; ".join([DPI, COALITION]),
        "title": ("Тургундар шаардын инвестициялык бюджетинин бир бөлүгүн өздөрү чечишет",
                  "Жители сами решают судьбу части инвестиционного бюджета города",
                  "Residents decide on part of the city's investment budget"),
        "problem": (
            "Инвестициялык артыкчылыктар мэриянын ичинде аныкталат; тургундар долбоор тууралуу "
            "курулуш башталганда гана билишет, аймактык башкармалыктарга келген өтүнүчтөрдүн "
            "көбү жоопсуз калат.",
            "Инвестиционные приоритеты определяются внутри мэрии; жители узнают о проектах, "
            "только когда начинается стройка, а многие обращения в территориальные управления "
            "остаются без ответа.",
            "Investment priorities are set inside city hall; residents hear about a project only "
            "when construction starts, and many requests to the territorial administrations go "
            "unanswered."),
        "description": (
            "Мэрия жыл сайын инвестициялык бюджеттин бир бөлүгүн ырасталган тургундар сунуштаган "
            "жана тандаган долбоорлорго бөлөт: «Ашар» платформасында жана аймактык "
            "башкармалыктардагы кагаз бюллетендер аркылуу. Жыйынтыктар жана аткарылышы ачык "
            "маалымат катары жарыяланат.",
            "Ежегодно мэрия выделяет часть инвестиционного бюджета на проекты, которые "
            "предлагают и выбирают верифицированные жители — на платформе «Ашар» и бумажными "
            "бюллетенями в территориальных управлениях. Итоги и ход реализации публикуются как "
            "открытые данные.",
            "Every year city hall sets aside part of the investment budget for projects that "
            "verified residents propose and choose — on the Ashar platform and on paper ballots "
            "at the territorial administrations. Results and implementation are published as "
            "open data."),
        "milestones": [
            (date(2024, 10, 31), "done",
             ("Шаардык кеңеш катышуучу бюджет жөнүндө жобону кабыл алды",
              "Горкенеш принял положение о партисипаторном бюджете",
              "City Kenesh adopts the regulation on participatory budgeting")),
            (date(2025, 3, 15), "done",
             ("Бардык аймактык башкармалыктарда биринчи сунуш кабыл алуу",
              "Первый приём предложений во всех территориальных управлениях",
              "First call for proposals in every territorial administration")),
            (date(2025, 6, 10), "done",
             ("Биринчи жыйынтыктар ачык маалымат катары жарыяланды",
              "Первые итоги опубликованы как открытые данные",
              "First results published as open data")),
            (date(2026, 12, 31), "in_progress",
             ("Район конверттери менен экинчи цикл аяктайт",
              "Завершение второго цикла с районными конвертами",
              "Second cycle with district envelopes completed")),
        ],
    },
    {
        "key": "open-budget", "number": 2, "status": "in_progress", "lead": LEAD_FINANCE,
        "partners": "; ".join([DPI, ACADEMY]),
        "title": ("Шаардын бюджети жана сатып алуулары ачык маалымат катары",
                  "Бюджет и закупки города — в открытых данных",
                  "The city budget and procurement as open data"),
        "problem": (
            "Бюджет жана сатып алуулар сканерленген PDF түрүндө жарыяланат: аларды издөө жана "
            "салыштыруу кыйын.",
            "Бюджет и закупки публикуются сканами в PDF: в них трудно искать и их трудно "
            "сравнивать.",
            "The budget and procurement are published as scanned PDFs that are hard to search "
            "or compare."),
        "description": (
            "Кабыл алынган бюджетти, анын кварталдык аткарылышын жана муниципалдык сатып алуу "
            "келишимдерин машина окуй турган форматта жарыялоо, ошондой эле жөнөкөй тилдеги "
            "«жарандык бюджетти» чыгаруу.",
            "Публиковать принятый бюджет, его ежеквартальное исполнение и муниципальные "
            "контракты в машиночитаемом виде, а также выпускать «гражданский бюджет» простым "
            "языком.",
            "Publish the adopted budget, its quarterly execution and municipal contracts in "
            "machine-readable form, with a plain-language citizen's budget."),
        "milestones": [
            (date(2024, 12, 20), "done",
             ("2025-жылга жарандык бюджет жарыяланды", "Опубликован гражданский бюджет на 2025 год",
              "Citizen's budget for 2025 published")),
            (date(2025, 9, 30), "done",
             ("Бюджеттин кварталдык аткарылышы CSV форматында",
              "Квартальное исполнение бюджета в формате CSV",
              "Quarterly budget execution published as CSV")),
            (date(2026, 6, 30), "delayed",
             ("Сатып алуу келишимдери бюджет беренелери менен кошо жарыяланат",
              "Контракты закупок публикуются вместе со статьями бюджета",
              "Procurement contracts published with the budget lines they fund")),
        ],
    },
    {
        "key": "accessible", "number": 3, "status": "in_progress", "lead": LEAD_ARCHITECTURE,
        "partners": "; ".join([
            "Общественные объединения людей с инвалидностью г. Ош "
            "(organisations of persons with disabilities of Osh)", DPI]),
        "title": ("Баарына жеткиликтүү шаар", "Доступный для всех город", "A city open to everyone"),
        "problem": (
            "Көп тротуарларга, аялдамаларга, мектептерге жана ден соолук борборлоруна майыптар "
            "арабасындагы адамдар, балдар арабасы менен ата-энелер жана улгайган адамдар жете "
            "алышпайт.",
            "Многие тротуары, остановки, школы и поликлиники недоступны для людей на колясках, "
            "родителей с детскими колясками и пожилых.",
            "Many pavements, bus stops, schools and clinics cannot be reached by wheelchair "
            "users, parents with prams or older people."),
        "description": (
            "Майыптардын уюмдары менен бирге коомдук имараттардын жана көчөлөрдүн "
            "жеткиликтүүлүгүн текшерүү, картасын жарыялоо жана пандустарды катышуучу бюджет "
            "аркылуу каржылоо.",
            "Вместе с организациями людей с инвалидностью провести аудит доступности зданий и "
            "улиц, опубликовать карту и финансировать пандусы через партисипаторный бюджет.",
            "Audit public buildings and streets together with organisations of persons with "
            "disabilities, publish an accessibility map, and fund ramps through the "
            "participatory budget."),
        "milestones": [
            (date(2025, 5, 31), "done",
             ("120 коомдук имараттын жеткиликтүүлүгү текшерилди",
              "Проведён аудит доступности 120 общественных зданий",
              "Accessibility audit of 120 public buildings")),
            (date(2025, 11, 30), "done",
             ("Жеткиликтүүлүк картасы жарыяланды", "Опубликована карта доступности",
              "Accessibility map published")),
            (date(2026, 10, 31), "in_progress",
             ("Алгачкы 40 пандус жана түшүрүлгөн бордюр курулду",
              "Построены первые 40 пандусов и понижений бордюра",
              "First 40 ramps and lowered kerbs built")),
        ],
    },
    {
        "key": "utilities", "number": 4, "status": "delayed", "lead": LEAD_UTILITIES,
        "partners": "; ".join([DPI, "Квартальные комитеты г. Ош (neighbourhood committees of Osh)"]),
        "title": ("Суу жана көчө жарыгы: тургундардын көзөмөлү",
                  "Вода и уличное освещение под контролем жителей",
                  "Water and street lighting that residents can follow"),
        "problem": (
            "Суунун үзгүлтүккө учурашы жана караңгы көчөлөр — эң көп келген даттануулар, бирок "
            "тургундар пландарды, графиктерди жана өз кайрылуусунун тагдырын көрө алышпайт.",
            "Перебои с водой и тёмные улицы — самые частые жалобы, но жители не видят ни "
            "планов, ни графиков, ни судьбы своего обращения.",
            "Water cuts and dark streets are the most frequent complaints, yet residents see "
            "neither the plans, nor the schedules, nor what became of their request."),
        "description": (
            "Суу түтүктөрүн жана көчө жарыгын оңдоо пландарын жарыялоо, тургундардын "
            "кайрылууларынын ачык реестрин жооп берүү мөөнөттөрү менен ачуу жана аны жылына эки "
            "жолу жумушчу топ менен талкуулоо.",
            "Публиковать планы ремонта водопровода и освещения, открыть публичный реестр "
            "обращений жителей со сроками ответа и дважды в год разбирать его с рабочей группой.",
            "Publish the repair plans for water mains and street lighting, open a public "
            "register of residents' requests with response times, and review it with the "
            "working group twice a year."),
        "milestones": [
            (date(2025, 3, 31), "done",
             ("2025-жылдын оңдоо пландары жарыяланды", "Опубликованы планы ремонта на 2025 год",
              "Repair plans for 2025 published")),
            (date(2025, 12, 31), "delayed",
             ("Кайрылуулардын ачык реестри ачылды", "Открыт публичный реестр обращений",
              "Public register of requests opened")),
            (date(2026, 12, 15), "planned",
             ("Жумушчу топтун биринчи ачык талкуусу", "Первый публичный разбор с рабочей группой",
              "First public review with the working group")),
        ],
    },
    {
        "key": "open-kenesh", "number": 5, "status": "completed", "lead": LEAD_KENESH,
        "partners": "; ".join(["Молодёжные организации г. Ош (youth organisations of Osh)", UNION]),
        "title": ("Ачык шаардык кеңеш жана жаштардын катышуусу",
                  "Открытый горкенеш и участие молодёжи",
                  "An open City Kenesh and young people taking part"),
        "problem": (
            "Тургундардын, айрыкча жаштардын аз бөлүгү гана шаардык кеңештин отурумдары качан "
            "болорун жана коомдук угууларга кантип катышууну билишет.",
            "Немногие жители, особенно молодые, знают, когда заседает горкенеш и как принять "
            "участие в публичных слушаниях.",
            "Few residents, young people least of all, know when the City Kenesh meets or how to "
            "take part in public hearings."),
        "description": (
            "Кеңештин отурумдарын жана коомдук угууларды түз көрсөтүү, календарды жана чечимдердин "
            "долбоорлорун эки жума мурун жарыялоо, ар бир аймактык башкармалыкта бюджет боюнча "
            "угууларды өткөрө турган жаштар кеңештерин окутуу.",
            "Транслировать заседания кенеша и публичные слушания, публиковать календарь и "
            "проекты решений за две недели, обучить молодёжные советы в каждом территориальном "
            "управлении проводить слушания по бюджету.",
            "Stream Kenesh sessions and public hearings, publish the calendar and draft "
            "decisions two weeks ahead, and train youth councils in every territorial "
            "administration to run budget hearings."),
        "milestones": [
            (date(2025, 2, 28), "done",
             ("Календарь жана долбоорлор сайтта", "Календарь и проекты решений на сайте",
              "Calendar and draft decisions online")),
            (date(2025, 9, 30), "done",
             ("Отурумдар түз көрсөтүлөт", "Заседания транслируются в прямом эфире",
              "Sessions streamed live")),
            (date(2026, 4, 30), "done",
             ("9 жаштар кеңеши окутулду", "Обучены 9 молодёжных советов", "Nine youth councils trained")),
        ],
    },
]
