import listeners
from events import EventBus


def wire(bus):
    bus.subscribe("signup", listeners.on_signup)
    bus.subscribe("order", listeners.on_order)


def main():
    bus = EventBus()
    wire(bus)
    bus.publish("signup", {"name": "ada"})
    bus.publish("order", {"id": 17})


if __name__ == "__main__":
    main()
