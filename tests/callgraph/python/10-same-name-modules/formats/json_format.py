import json


def parse(text):
    return json.loads(text)


def dump(rows):
    return json.dumps(rows, indent=None)
