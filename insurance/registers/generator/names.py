"""Names, organisations and state bodies for generated registers (Kazakh and Russian, as in real ones)."""

# fmt: off
MALE_NAMES = (
    "Ерлан", "Нұрлан", "Асқар", "Дәурен", "Ержан", "Арман", "Бауыржан", "Серік", "Мұрат", "Қайрат",
    "Данияр", "Әлібек", "Санжар", "Ғалым", "Тимур", "Алексей", "Дмитрий", "Сергей", "Руслан", "Азамат",
)
FEMALE_NAMES = (
    "Айгерім", "Гүлнар", "Сәуле", "Жанар", "Әсем", "Динара", "Айнұр", "Мөлдір", "Гүлжан", "Назгүл",
    "Ақбота", "Жұлдыз", "Іңкәр", "Ұлжан", "Мадина", "Елена", "Ольга", "Наталья", "Светлана", "Алия",
)
# Surnames in the male form; the female form adds "а" (Әбенов → Әбенова).
SURNAMES = (
    "Әбенов", "Жұмабаев", "Оспанов", "Сейітов", "Нұрпейісов", "Қасымов", "Ахметов", "Байжанов", "Тоқаев",
    "Мұқанов", "Есенов", "Сәрсенбаев", "Құдайбергенов", "Ибраев", "Смағұлов", "Иванов", "Ким", "Петров",
    "Сұлтанов", "Бекмұхамедов",
)
# Company names; some need CSV quoting (quotes, commas), as real payer names do.
COMPANY_WORDS = (
    "Алатау", "Сарыарқа", "Жетісу", "Каспий", "Ертіс", "Тұран", "Байтерек", "Steppe", "Altyn", "Nomad",
    "Шұғыла", "Атамекен", "Маңғыстау", "Qazaq", "Самұрық", "Береке", "Тараз", "Көкшетау", "Kazakh", "Ақтау",
)
COMPANY_TRADES = (
    "Құрылыс", "Логистика", "Agro", "Сауда", "Mining", "Медицина", "Energy", "Tech", "Сервис", "Фарм",
)
COMPANY_FORMS = ('ЖШС "{}"', "ТОО «{}»", "{} LLP", 'АҚ "{}", филиал', "{} ЖШС")
# fmt: on
STATE_BODIES = (
    "Азаматтарға арналған үкімет МК",
    "ҚР Еңбек және халықты әлеуметтік қорғау министрлігі",
    "ҚР Білім және ғылым министрлігі",
)


def pick(options: tuple, h: int):
    return options[h % len(options)]


def surname(h: int, female: bool) -> str:
    name = pick(SURNAMES, h)
    return name + "а" if female and name.endswith(("ов", "ев", "ин")) else name


def patronymic(h: int, female: bool) -> str:
    father = pick(MALE_NAMES, h)
    return father + ("қызы" if female else "ұлы")


def company_name(h: int) -> str:
    return pick(COMPANY_FORMS, h >> 8).format(f"{pick(COMPANY_WORDS, h)} {pick(COMPANY_TRADES, h >> 16)}")
