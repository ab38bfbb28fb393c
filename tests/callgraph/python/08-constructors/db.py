class Database:
    def __init__(self, config):
        self.config = config
        self.pool = Pool(config.values.get("pool_size", 1))


class Pool:
    def __init__(self, size):
        self.size = size
        self.connections = [dict() for _ in range(size)]
