import os


def join(*parts):
    return "/".join(part.strip("/") for part in parts if part)


def normalize(path):
    return os.path.join(os.sep, join(*path.split(os.sep)))
