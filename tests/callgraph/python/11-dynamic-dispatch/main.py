from actions import fire
from dispatcher import Dispatcher


def main():
    d = Dispatcher()
    for event in ("create", "update", "delete"):
        d.dispatch_event(event, {"id": 7})
    fire("audit", d.seen)


if __name__ == "__main__":
    main()
