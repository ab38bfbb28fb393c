import re


class Slug:
    @staticmethod
    def make(text):
        return re.sub(r"\W+", "-", text).strip("-").lower()
