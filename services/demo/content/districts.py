"""Osh's territorial administrations: six municipal (МТУ) and three rural ones, as of 2025.

Names are the administrations' own. Populations are rounded illustrations that add up to
~330,000 (the city's order of magnitude), not census figures; the coordinates are rough
centres used to place demo projects on the map.
"""
from __future__ import annotations

# code, (ky, ru, en), population, (latitude, longitude)
DISTRICTS = [
    ("sulaiman-too", ("Сулайман-Тоо", "Сулайман-Тоо", "Sulaiman-Too"), 62_000, (40.5290, 72.7920)),
    ("kerme-too", ("Керме-Тоо", "Керме-Тоо", "Kerme-Too"), 58_000, (40.5120, 72.8150)),
    ("zhibek-zholu", ("Жибек-Жолу", "Жибек-Жолу", "Zhibek-Zholu"), 52_000, (40.5420, 72.8060)),
    ("kurmanjan-datka", ("Курманжан Датка", "Курманджан Датка", "Kurmanjan Datka"), 48_000,
     (40.5060, 72.7880)),
    ("alymbek-datka", ("Алымбек Датка", "Алымбек Датка", "Alymbek Datka"), 41_000, (40.5560, 72.7800)),
    ("manas-ata", ("Манас-Ата", "Манас-Ата", "Manas-Ata"), 30_000, (40.5610, 72.8220)),
    ("toloikon", ("Төлөйкөн", "Толойкон", "Tölöykön"), 16_000, (40.5550, 72.7400)),
    ("kyzyl-kyshtak", ("Кызыл-Кыштак", "Кызыл-Кыштак", "Kyzyl-Kyshtak"), 14_000, (40.5850, 72.8000)),
    ("zhapalak", ("Жапалак", "Жапалак", "Zhapalak"), 9_000, (40.4850, 72.8350)),
]
