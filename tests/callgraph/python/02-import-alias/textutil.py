"""Small text helpers shared by the publishing scripts."""
import re


def slugify(title):
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def truncate(text, limit):
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "~"


def helper(words):
    return [w for w in words if w]
