import re


def compose(*steps):
    def composed(value):
        for step in steps:
            value = step(value)
        return value

    return composed


def apply_all(fn, items):
    return [fn(item) for item in items]


def strip_tags(text):
    return re.sub(r"<[^>]+>", "", text)


def collapse_ws(text):
    return " ".join(text.split())
