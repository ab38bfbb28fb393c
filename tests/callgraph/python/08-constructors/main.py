from config import Config, ReadOnlyConfig
from db import Database


def main():
    cfg = Config("app.toml")
    db = Database(cfg)
    frozen = Database(ReadOnlyConfig("ro.toml"))
    print(db.pool.size, frozen.config.frozen)


if __name__ == "__main__":
    main()
