import functools
import time

ROUTES = {}


def route(path):
    def decorate(fn):
        ROUTES[path] = fn
        return fn

    return decorate


def record(name, seconds):
    print(f"{name} took {seconds:.4f}s")


def timed(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            record(fn.__name__, time.perf_counter() - start)

    return wrapper
