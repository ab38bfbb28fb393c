from mixins import JsonMixin, LogMixin


class Order(JsonMixin, LogMixin):
    def __init__(self, order_id, items):
        self.order_id = order_id
        self.items = items

    def tag(self):
        return f"order-{self.order_id}"

    def to_dict(self):
        self.log("serialising")
        return {"id": self.order_id, "items": self.items}
