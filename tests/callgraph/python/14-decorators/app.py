import views  # noqa: F401  (importing registers the routes)
from registry import ROUTES


def serve(path):
    handler = ROUTES[path]
    return handler()


if __name__ == "__main__":
    print(serve("/"), serve("/about"))
