class Dispatcher:
    def __init__(self):
        self.handlers = {"create": self.on_create, "delete": self.on_delete}
        self.seen = []

    def on_create(self, payload):
        self.seen.append(("create", payload))

    def on_delete(self, payload):
        self.seen.append(("delete", payload))

    def on_update(self, payload):
        self.seen.append(("update", payload))

    def dispatch_event(self, event, payload):
        handler = self.handlers.get(event)
        if handler is None:
            method = getattr(self, "on_" + event)
            return method(payload)
        return handler(payload)
