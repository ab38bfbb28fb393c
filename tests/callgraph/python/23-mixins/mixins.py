import json


class JsonMixin:
    def to_json(self):
        return json.dumps(self.to_dict(), sort_keys=True)


class LogMixin:
    def tag(self):
        return type(self).__name__

    def log(self, message):
        print(f"[{self.tag()}] {message}")
