"""Key-value storage: the package re-exports what callers need."""
from .backend import save, load
from .codec import encode as pack


def connect(url):
    print("connected to", url)
    return url
