_DATA = {"greeting": "  Hello  ", "answer": " 42 "}


def fetch(key):
    return _DATA.get(key, "")


def normalize(value):
    return value.strip().lower()
