from .codec import encode, decode

_STORE = {}


def save(key, value):
    _STORE[key] = encode(value)


def load(key):
    return decode(_STORE[key])
