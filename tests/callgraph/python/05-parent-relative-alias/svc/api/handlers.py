from ..core.mod import fetch as get_value
from ..core import mod


def get(key):
    return mod.normalize(get_value(key))


def get_many(keys):
    return {key: get(key) for key in keys}
