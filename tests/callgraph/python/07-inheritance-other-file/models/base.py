class Model:
    table = "models"

    def __init__(self, **fields):
        self.fields = fields
        self.saved = False

    def require(self, name):
        if not self.fields.get(name):
            raise ValueError(f"{name} is required")

    def validate(self):
        for key, value in self.fields.items():
            if value is None:
                raise ValueError(f"{key} is None")

    def _persist(self):
        self.saved = True
        return f"INSERT INTO {self.table} {sorted(self.fields)}"

    def save(self):
        self.validate()
        return self._persist()
