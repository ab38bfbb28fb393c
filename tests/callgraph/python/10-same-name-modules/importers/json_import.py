from formats import json_format


def load(text):
    return json_format.parse(text)["rows"]
