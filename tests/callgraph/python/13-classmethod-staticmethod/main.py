import util
from settings import Settings


def main():
    env = Settings.from_env()
    merged = Settings.merge(Settings.defaults(), env.values)
    print(util.Slug.make("Release Notes 2.0"), merged)


if __name__ == "__main__":
    main()
