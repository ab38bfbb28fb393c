import os


def parse(text):
    values = {}
    for line in text.splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values


class Config:
    def __init__(self, values):
        self.values = values

    @classmethod
    def load(cls, path):
        text = ""
        if os.path.exists(path):
            with open(path) as handle:
                text = handle.read()
        return Config(parse(text))
