import json


def encode(value):
    return json.dumps(value, sort_keys=True)


def decode(text):
    return json.loads(text)
