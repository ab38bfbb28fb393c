import os


class Settings:
    def __init__(self, values):
        self.values = values

    @classmethod
    def from_env(cls, prefix="APP_"):
        values = Settings.parse_environ(os.environ, prefix)
        return Settings(values)

    @staticmethod
    def parse_environ(environ, prefix):
        return {k[len(prefix):].lower(): v for k, v in environ.items() if k.startswith(prefix)}

    @classmethod
    def defaults(cls):
        return cls.merge({"debug": "0"}, {"region": "eu"})

    @staticmethod
    def merge(base, override):
        out = dict(base)
        out.update(override)
        return out
