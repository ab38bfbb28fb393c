import json


def parse(text):
    return [line.split("=", 1) for line in text.splitlines() if "=" in line]


def load(text, parse=json.loads):
    return parse(text)


def load_pairs(text):
    return dict(parse(text))


def transform(items, helper=None):
    helper = helper or str.upper
    return [helper(item) for item in items]


def helper(item):
    return item.strip()
