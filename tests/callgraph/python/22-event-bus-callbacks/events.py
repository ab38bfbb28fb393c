class EventBus:
    def __init__(self):
        self._subscribers = {}
        self._journal = []

    def _log(self, topic, payload):
        self._journal.append((topic, payload))

    def subscribe(self, topic, callback):
        self._subscribers.setdefault(topic, []).append(callback)

    def publish(self, topic, payload):
        self._log(topic, payload)
        for callback in self._subscribers.get(topic, []):
            callback(payload)
