class Config:
    def __init__(self, path):
        self.path = path
        self.values = {"pool_size": 4}


class ReadOnlyConfig(Config):
    def __init__(self, path):
        super().__init__(path)
        self.frozen = True
